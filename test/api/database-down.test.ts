// The database goes away under a running app: every route answers 503 problem+json with
// Retry-After (not 500), and the flood of identical failures (each worker's poll, each request)
// reaches the log as a few lines, not dozens a second.
// PGlite lane: the embedded instance is closed. Server lane: the app reaches PostgreSQL through a
// TCP relay that the test cuts (open connections reset, new ones refused), as a stopped server would.
import { Writable } from 'node:stream';
import t from 'tap';
import type { Test } from 'tap';
import { parse } from 'yaml';
import { openPostgres } from '../../src/db/database.js';
import { loggerOptions } from '../../src/lib/logger-options.js';
import { createServerTestDatabase, currentLane, openTestDatabase } from '../helpers/database-lanes.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

async function appWithCuttableDatabase(t: Test, env: Record<string, string> = {}, options: Parameters<typeof buildTestApp>[2] = {}) {
  if (currentLane() === 'pglite') {
    const database = await openTestDatabase('pglite');
    const built = await buildTestApp(t, env, { ...options, database });
    return { ...built, cut: () => (database.kind === 'pglite' ? database.pglite.close() : Promise.resolve()), hold: undefined };
  }
  const server = await createServerTestDatabase();
  t.teardown(() => server.drop());
  const url = new URL(server.url);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const database = await openPostgres(url.toString(), { max: 5, connectTimeoutMs: 1_000 });
  t.teardown(() => proxy.cut());
  const built = await buildTestApp(t, env, { ...options, database });
  return { ...built, cut: () => proxy.cut(), hold: () => proxy.hold() };
}

t.test('with the database gone, every route answers 503 problem+json with Retry-After', async (t) => {
  const { app, call, cut } = await appWithCuttableDatabase(t);
  const vacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy() })).json();
  await app.ready();
  const doc = parse(app.swagger({ yaml: true })) as { paths: Record<string, Record<string, unknown>> };
  await cut();

  let checked = 0;
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
      const url = path.replace('{id}', vacancy.id).replace('{hookId}', vacancy.id).replace('{deliveryId}', vacancy.id).replace('{connectorId}', vacancy.id).replace('{network}', 'telegram').replace('{code}', 'AAAAAAAAAAAA');
      // The networks' deliveries: a body each of them would take (a Telegram update, a VK event, a
      // Facebook feed delivery), and Facebook's subscription check.
      const delivery = { update_id: 1, type: 'wall_reply_new', secret: 'x', object: 'page', entry: [] };
      const query = path === '/hooks/facebook/{hookId}' && method === 'GET' ? '?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1' : '';
      const payload = ['POST', 'PUT', 'PATCH'].includes(method) ? (path.startsWith('/hooks/') ? delivery : minimalVacancy()) : undefined;
      const res = await call({ method: method as 'GET', url: url + query, ...(payload ? { payload } : {}) });
      const where = `${method} ${path}`;
      if (path === '/healthz') {
        t.equal(res.statusCode, 200, `${where}: liveness does not need the database`);
        continue;
      }
      checked++;
      if (path === '/r/{code}') {
        // A person following a tracked link gets a page, with the same status and Retry-After.
        t.equal(res.statusCode, 503, `${where}: 503`);
        t.match(res.headers['content-type'], /^text\/html/, `${where}: a page`);
        t.match(res.headers['retry-after'], /^\d+$/, `${where}: Retry-After in seconds`);
        continue;
      }
      t.equal(res.statusCode, 503, `${where}: 503`);
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${where}: problem+json`);
      t.match(res.headers['retry-after'], /^\d+$/, `${where}: Retry-After in seconds`);
      t.match(res.json(), { type: /database-unreachable$/, title: 'Service Unavailable', status: 503, detail: String }, `${where}: RFC 9457 members`);
    }
  }
  t.ok(checked >= 40, `${checked} operations answered 503`);
});

t.test('identical failures are logged once per interval, with a count', async (t) => {
  const lines: { msg: string; repeats?: number }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const { app, call, cut } = await appWithCuttableDatabase(
    t,
    { JOB_POLL_SECONDS: '0.5' },
    { workers: true, logger: { ...loggerOptions('error'), stream } },
  );
  let jobErrors = 0;
  app.services.jobs.boss.on('error', () => jobErrors++);
  await cut();

  const requests = 30;
  for (let i = 0; i < requests; i++) {
    const res = await call({ method: 'GET', url: '/v1/vacancies' });
    t.equal(res.statusCode, 503, `request ${i}: 503`);
  }
  // Long enough for every worker to poll (and fail) several times.
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  const requestLines = lines.filter((l) => l.msg.startsWith('request failed'));
  const jobLines = lines.filter((l) => l.msg === 'job queue error');
  t.ok(jobErrors > 20, `pg-boss reported ${jobErrors} errors`);
  t.ok(requestLines.length >= 1 && requestLines.length <= 3, `${requests} failed requests made ${requestLines.length} log line(s)`);
  t.ok(jobLines.length >= 1 && jobLines.length <= 4, `${jobErrors} job queue errors made ${jobLines.length} log line(s)`);
  t.ok(lines.length < 12, `${lines.length} error lines in all`);
});

t.test('a server that accepts connections but never answers: 503 after the connect timeout', { skip: currentLane() === 'pglite' ? 'the embedded database has no network' : false }, async (t) => {
  const { call, hold } = await appWithCuttableDatabase(t);
  t.equal((await call({ method: 'GET', url: '/v1/vacancies' })).statusCode, 200, 'answers while the database does');
  hold!();
  const res = await call({ method: 'GET', url: '/v1/vacancies' });
  t.equal(res.statusCode, 503, 'not held forever');
  t.match(res.headers['retry-after'], /^\d+$/);
  t.match(res.json(), { type: /database-unreachable$/, status: 503 });
});
