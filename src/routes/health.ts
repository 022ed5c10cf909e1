import { z } from 'zod';
import { migrationStatus } from '../db/migrate.js';
import type { Database } from '../db/database.js';
import { sendProblem } from '../plugins/problem-errors.js';
import { problemBody } from '../lib/problem.js';
import { answer, problems, type App } from './route-kit.js';

export async function healthRoutes(app: App, opts: { database: Database }) {
  app.get('/healthz', {
    schema: {
      operationId: 'getLiveness',
      summary: 'Liveness: the process answers',
      tags: ['health'],
      security: [],
      response: { 200: answer('The process is up', z.object({ status: z.literal('ok') }), { up: { value: { status: 'ok' } } }) },
    },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      operationId: 'getReadiness',
      summary: 'Readiness: the database answers and is migrated',
      tags: ['health'],
      security: [],
      response: {
        200: answer(
          'The database answers and every migration is applied',
          z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']), migrations: z.number().int() }),
          { embedded: { summary: 'On embedded PGlite', value: { status: 'ready', database: 'pglite', migrations: 5 } } },
        ),
        ...problems({ 503: 'The database does not answer, or migrations are missing ("npm run migrate")' }),
      },
    },
    handler: async (request, reply) => {
      try {
        const { applied, expected } = await migrationStatus(opts.database);
        if (applied < expected) {
          return sendProblem(reply, problemBody(503, 'not-migrated', `${applied} of ${expected} migrations applied; run "npm run migrate"`, request.url));
        }
        return { status: 'ready' as const, database: opts.database.kind, migrations: applied };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return sendProblem(reply, problemBody(503, 'database-unreachable', 'The database does not answer', request.url));
      }
    },
  });
}
