// `npm run migrate`: apply the SQL migrations to the configured database, then exit. With
// --before-start (as `npm start` runs it), first check that the server's port is free.
import { openDatabase } from '../db/database.js';
import { migrationStatus, runMigrations } from '../db/migrate.js';
import { lockDataDirOrExit } from './data-dir-lock.js';
import { loadConfigOrExit } from './load-config.js';
import { probePort } from './port-check.js';

const config = loadConfigOrExit();
// `npm start` runs this first with --before-start: a port the server could not listen on stops the
// start here, in the server's own words, before a data directory is created or migrated.
if (process.argv.includes('--before-start') && config.ROLE !== 'worker') {
  const problem = await probePort(config.PORT, config.HOST);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
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
