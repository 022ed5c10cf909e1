// `npm run migrate`: apply the SQL migrations to the configured database, then exit.
import { openDatabase } from '../db/database.js';
import { migrationStatus, runMigrations } from '../db/migrate.js';
import { loadConfigOrExit } from './load-config.js';

const config = loadConfigOrExit();
const database = await openDatabase(config);
try {
  await runMigrations(database);
  const { applied } = await migrationStatus(database);
  process.stdout.write(`migrate: ${applied} migration(s) applied on ${database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server'}\n`);
} finally {
  await database.close();
}
