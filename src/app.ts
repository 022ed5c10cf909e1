// The application, without a process around it: tests and the server both call buildApp.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Env } from './config/env.js';
import type { Database } from './db/database.js';
import { loggerOptions } from './lib/logger-options.js';
import auth from './plugins/auth.js';
import openapi from './plugins/openapi.js';
import problemErrors from './plugins/problem-errors.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { healthRoutes } from './routes/health.js';
import { vacancyRoutes } from './routes/vacancies.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { createApiKeyService } from './services/api-key-service.js';
import { createVacancyService } from './services/vacancy-service.js';
import { createWorkspaceService } from './services/workspace-service.js';

export interface BuildAppOptions {
  config: Env;
  /** An open database; the app closes it when it closes. */
  database: Database;
  /** Key for credentials at rest (see lib/secrets-key.ts). */
  secretsKey: Buffer;
  logger?: FastifyServerOptions['logger'];
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(options: BuildAppOptions) {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a proxy the request id comes from it; otherwise Fastify makes one.
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every body this API takes is JSON: anything else is 415, not a string handed to validation.
  app.removeContentTypeParser('text/plain');
  // JSON-LD and merge-patch bodies are JSON; parse them with Fastify's own (prototype-poisoning safe) parser.
  app.addContentTypeParser(
    ['application/ld+json', 'application/merge-patch+json'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  const db = database.db;
  const apiKeys = createApiKeyService({ db, onTouchError: (err) => app.log.warn({ err }, 'could not record key use') });
  const workspaces = createWorkspaceService({ db, apiKeys });
  const vacancies = createVacancyService({ db });

  await app.register(problemErrors);
  await app.register(openapi);
  await app.register(healthRoutes, { database });
  await app.register(
    async (v1) => {
      await v1.register(auth, { apiKeys });
      await v1.register(workspaceRoutes, { workspaces });
      await v1.register(apiKeyRoutes, { apiKeys });
      await v1.register(vacancyRoutes, { vacancies });
    },
    { prefix: '/v1' },
  );

  app.addHook('onClose', async () => database.close());
  app.decorate('services', { apiKeys, workspaces, vacancies });
  return app;
}

export type AppServices = {
  apiKeys: ReturnType<typeof createApiKeyService>;
  workspaces: ReturnType<typeof createWorkspaceService>;
  vacancies: ReturnType<typeof createVacancyService>;
};

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
