// The OpenAPI document as the code defines it. Used by `npm run openapi` and by the test that
// fails when the committed openapi.yaml differs.
import { randomBytes } from 'node:crypto';
import { buildApp } from './app.js';
import { parseEnv } from './config/env.js';
import { openPglite } from './db/database.js';

export async function generateOpenApiYaml(): Promise<string> {
  // Routes do not touch the database while registering; an in-memory engine is enough to build the app.
  const { PGlite } = await import('@electric-sql/pglite');
  const database = await openPglite({ pglite: new PGlite() });
  const app = await buildApp({ config: parseEnv({ LOG_LEVEL: 'silent' }), database, secretsKey: randomBytes(32), logger: false });
  try {
    await app.ready();
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
  }
}
