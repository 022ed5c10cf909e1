// `npm run migrate`: apply the SQL migrations to the configured database, then exit.
import { openDatabase } from '../db/database.js';
import { migrationStatus, runMigrations } from '../db/migrate.js';
import { lockDataDirOrExit } from './data-dir-lock.js';
import { loadConfigOrExit } from './load-config.js';

const config = loadConfigOrExit();
// An embedded DATA_DIR that a running server holds is refused before anything is migrated. The
// lock goes with this process, so `npm start`'s server takes it next.
if (!config.DATABASE_URL) {
  lockDataDirOrExit(config.DATA_DIR);
  // Exit (and so release the lock) on a signal rather than die without running exit handlers.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}
const database = await openDatabase(config);
try {
  await runMigrations(database);
  const { applied } = await migrationStatus(database);
  process.stdout.write(`migrate: ${applied} migration(s) applied on ${database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server'}\n`);
} finally {
  await database.close();
}
