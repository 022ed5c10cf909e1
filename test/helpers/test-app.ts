// The real app on a real PostgreSQL engine (the lane under test), closed when the test ends.
import { randomBytes } from 'node:crypto';
import type { FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import type { Adapters } from '../../src/networks/index.js';
import { parseEnv } from '../../src/config/env.js';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase } from './database-lanes.js';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export async function buildTestApp(
  t: Test,
  env: Record<string, string> = {},
  options: {
    templatesDir?: string;
    workers?: boolean;
    adapters?: Adapters;
    /** A fresh migrated database the test opened itself (e.g. through a proxy it can cut). */
    database?: Database;
    logger?: FastifyServerOptions['logger'];
    /** The built console to serve (test/helpers/browser.ts builds one). */
    consoleDir?: string;
  } = {},
) {
  const { database: given, ...appOptions } = options;
  const database = given ?? (await openTestDatabase());
  const app = await buildApp({
    config: parseEnv({ LOG_LEVEL: 'silent', ...env }),
    database,
    secretsKey: randomBytes(32),
    logger: false,
    // API tests need no workers; engine tests ask for them.
    workers: false,
    ...appOptions,
  });
  t.teardown(() => app.close());
  const boot = await app.services.workspaces.bootstrap();
  if (!boot?.generatedKey) throw new Error('test database was not empty');
  const adminKey = boot.generatedKey;
  return {
    app,
    database,
    adminKey,
    workspaceId: boot.workspace.id,
    /** inject with the admin key unless the call sets its own headers */
    call(opts: InjectOptions, key: string | null = adminKey): Promise<LightMyRequestResponse> {
      const headers = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(opts.headers ?? {}) };
      return app.inject({ ...opts, headers });
    },
  };
}

export function minimalVacancy(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Онлайн-маркетолог',
    description: 'Ищем маркетолога.\n\n- Опыт от 3 лет\n- Английский B1',
    hiringOrganization: { name: 'Кофейни и кондитерская' },
    applyUrl: 'https://example.org/jobs/1',
    ...overrides,
  };
}
