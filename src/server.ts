// The process: config, the port and the data directory checked, database, app, listen, then (on a
// first start) the workspace and its key, and a graceful stop on SIGTERM/SIGINT.
import { buildApp } from './app.js';
import { lockDataDirOrExit } from './cli/data-dir-lock.js';
import { loadConfigOrExit } from './cli/load-config.js';
import { listenProblem, probePort } from './cli/port-check.js';
import { openDatabase } from './db/database.js';
import { migrationStatus } from './db/migrate.js';
import { resolveSecretsKey } from './lib/secrets-key.js';
import { buildMetricsServer, listenMetrics } from './metrics/metrics-server.js';

const SHUTDOWN_GRACE_MS = 15_000;

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const config = loadConfigOrExit();
// ROLE=worker runs the job workers without an HTTP port; ROLE=api serves HTTP and only enqueues.
const serveHttp = config.ROLE !== 'worker';

// Before anything is opened or created: a busy port is one line, and the next start is a first start still.
if (serveHttp) {
  const problem = await probePort(config.PORT, config.HOST);
  if (problem) exitWith(problem);
}
// Embedded PostgreSQL is one process's: a second one on the same DATA_DIR is refused (released at exit).
if (!config.DATABASE_URL) lockDataDirOrExit(config.DATA_DIR);

const secretsKey = (() => {
  try {
    return resolveSecretsKey({ secretsKey: config.SECRETS_KEY, dataDir: config.DATA_DIR, embedded: !config.DATABASE_URL });
  } catch (error) {
    exitWith((error as Error).message);
  }
})();
const database = await openDatabase(config);

const { applied, expected } = await migrationStatus(database);
if (applied < expected) {
  await database.close();
  exitWith(`The database has ${applied} of ${expected} migrations; run "npm run migrate" first (npm start does).`);
}

const app = await buildApp({ config, database, secretsKey });
// METRICS_PORT: /metrics on a port of its own, so a worker (which serves no HTTP) can be scraped too.
const metricsServer =
  config.METRICS_PORT === undefined ? null : await buildMetricsServer({ metrics: app.services.metrics, token: config.METRICS_TOKEN, log: app.log });
const synced = await app.services.workspaces.syncRegistryEverywhere();
app.log.info({ workspaces: synced }, 'group registry synced from channels/');

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

if (serveHttp) {
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    // Taken between the probe and now: still one line, and still nothing created.
    const problem = listenProblem(error, config.PORT, config.HOST);
    if (!problem) throw error;
    await app.close();
    exitWith(problem);
  }
} else {
  await app.ready();
}
if (metricsServer && config.METRICS_PORT !== undefined) await listenMetrics(metricsServer, config.METRICS_PORT, config.HOST);

// Only now that the service really listens: a start that failed above created no workspace, so
// the key below is never made without being shown.
const boot = await app.services.workspaces.bootstrap(config.BOOTSTRAP_API_KEY);
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
      ...(serveHttp ? [`  Console: ${consoleUrl(config.HOST, listeningPort())} (sign in with this key)`, ''] : []),
    ].join('\n') + '\n',
  );
} else if (boot) {
  app.log.info({ workspaceId: boot.workspace.id }, 'first start: created the default workspace with BOOTSTRAP_API_KEY');
}
if (serveHttp) app.log.info({ url: consoleUrl(config.HOST, listeningPort()) }, 'the console is served at /console');
app.log.info(
  { role: config.ROLE },
  config.ROLE === 'api' ? 'ready: serving the API; jobs run in worker processes' : config.ROLE === 'worker' ? 'ready: job workers running' : 'ready: serving the API and running the job workers',
);

/** The port really listened on (PORT=0 picks a free one). */
function listeningPort(): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : config.PORT;
}

/** The console's address as a person on this machine opens it (0.0.0.0 and :: listen everywhere). */
function consoleUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/console`;
}
