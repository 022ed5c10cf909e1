// The process: config, database, app, listen, and a graceful stop on SIGTERM/SIGINT.
import { buildApp } from './app.js';
import { loadConfigOrExit } from './cli/load-config.js';
import { openDatabase } from './db/database.js';
import { migrationStatus } from './db/migrate.js';
import { resolveSecretsKey } from './lib/secrets-key.js';
import { buildMetricsServer, listenMetrics } from './metrics/metrics-server.js';

const SHUTDOWN_GRACE_MS = 15_000;

const config = loadConfigOrExit();
const secretsKey = (() => {
  try {
    return resolveSecretsKey({ secretsKey: config.SECRETS_KEY, dataDir: config.DATA_DIR, embedded: !config.DATABASE_URL });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
})();
const database = await openDatabase(config);

const { applied, expected } = await migrationStatus(database);
if (applied < expected) {
  process.stderr.write(`The database has ${applied} of ${expected} migrations; run "npm run migrate" first (npm start does).\n`);
  await database.close();
  process.exit(1);
}

// ROLE=worker runs the job workers without an HTTP port; ROLE=api serves HTTP and only enqueues.
const app = await buildApp({ config, database, secretsKey });
const serveHttp = config.ROLE !== 'worker';
// METRICS_PORT: /metrics on a port of its own, so a worker (which serves no HTTP) can be scraped too.
const metricsServer =
  config.METRICS_PORT === undefined ? null : await buildMetricsServer({ metrics: app.services.metrics, token: config.METRICS_TOKEN, log: app.log });

const boot = await app.services.workspaces.bootstrap(config.BOOTSTRAP_API_KEY);
const synced = await app.services.workspaces.syncRegistryEverywhere();
app.log.info({ workspaces: synced }, 'group registry synced from channels/');
if (boot?.generatedKey) {
  // Printed, never logged: logs are kept and shipped, and this key opens the workspace.
  process.stdout.write(
    [
      '',
      '  First start: created workspace "Default workspace" and an admin API key.',
      '  It is shown only now; store it (e.g. export API_KEY=...):',
      '',
      `    ${boot.generatedKey}`,
      '',
    ].join('\n') + '\n',
  );
} else if (boot) {
  app.log.info({ workspaceId: boot.workspace.id }, 'first start: created the default workspace with BOOTSTRAP_API_KEY');
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    app.log.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const timer = setTimeout(() => {
    app.log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  await metricsServer?.close();
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

if (serveHttp) await app.listen({ port: config.PORT, host: config.HOST });
else await app.ready();
if (metricsServer && config.METRICS_PORT !== undefined) await listenMetrics(metricsServer, config.METRICS_PORT, config.HOST);
app.log.info({ role: config.ROLE }, config.ROLE === 'api' ? 'serving the API; jobs run in worker processes' : 'job workers running');
