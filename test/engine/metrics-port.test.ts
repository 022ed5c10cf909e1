// METRICS_PORT on real processes. A ROLE=worker process serves no API, so its publish timings are
// only visible on its own metrics port.
// Server lane: an API process and a worker process share the database; a campaign is published by
// the worker, whose port shows the publish latency while the API's /metrics does not, and both
// show the same database gauges. Embedded lane (one process per data directory): a worker alone
// serves /metrics and /healthz on its port and nothing else.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';
import { TELEGRAM_FAKE_TOKEN, startTelegramFake } from '../fakes/index.js';
import { createServerTestDatabase, currentLane } from '../helpers/database-lanes.js';
import { ANY_HOUR_RULES } from '../helpers/engine-setup.js';
import { sampleValue } from '../helpers/prometheus-text.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = ['--import', 'tsx'];
const KEY = `vcp_${randomBytes(32).toString('base64url')}`;
const METRICS_TOKEN = randomBytes(24).toString('base64url');

// Resolves with the URL the process logged: the API's listen line, or the metrics port's.
function start(env: NodeJS.ProcessEnv, waitFor: RegExp): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = out.match(waitFor);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited ${code}:\n${out}`));
    });
  });
}

const API_LISTENING = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/;
const METRICS_LISTENING = /"msg":"metrics served at (http:\/\/127\.0\.0\.1:\d+)\/metrics"/;

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: await res.body.text() };
}

const scrape = async (base: string) => {
  const res = await get(`${base}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
  if (res.status !== 200) throw new Error(`${base}/metrics → ${res.status} ${res.body}`);
  return res.body;
};

t.test('a worker serves /metrics and /healthz on METRICS_PORT, guarded by METRICS_TOKEN', async (t) => {
  const telegram = await startTelegramFake();
  t.teardown(() => telegram.close());
  const lane = currentLane();
  const { DATABASE_URL: _omit, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    BOOTSTRAP_API_KEY: KEY,
    TELEGRAM_API_URL: telegram.url,
    JOB_POLL_SECONDS: '0.5',
    METRICS_TOKEN,
  };
  if (lane === 'postgres') {
    const db = await createServerTestDatabase();
    t.teardown(() => db.drop());
    Object.assign(env, { DATABASE_URL: db.url, SECRETS_KEY: randomBytes(32).toString('hex') });
  } else {
    env.DATA_DIR = join(mkdtempSync(join(tmpdir(), 'vcp-metrics-')), 'data');
    const migrated = spawnSync(process.execPath, [...TSX, 'src/cli/migrate.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    t.equal(migrated.status, 0, migrated.stderr);
  }

  // METRICS_PORT=0: any free port; the log line says which.
  const worker = await start({ ...env, ROLE: 'worker', METRICS_PORT: '0' }, METRICS_LISTENING);
  t.teardown(() => worker.child.kill('SIGKILL'));
  t.notMatch(worker.output(), /Server listening at/, 'the worker serves no API');

  const denied = await get(`${worker.url}/metrics`);
  t.equal(denied.status, 401, 'no token: 401');
  t.equal(denied.type, 'application/problem+json; charset=utf-8');
  const scraped = await get(`${worker.url}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
  t.equal(scraped.status, 200);
  t.equal(scraped.type, 'text/plain; version=0.0.4; charset=utf-8');
  t.equal(sampleValue(scraped.body, 'vcp_metrics_database_up'), 1, 'the worker reads the database gauges');
  t.match(scraped.body, /^vcp_process_resident_memory_bytes \d/m);
  t.equal((await get(`${worker.url}/healthz`)).status, 200, '/healthz');
  for (const path of ['/readyz', '/v1/vacancies', '/docs']) {
    const other = await get(`${worker.url}${path}`, { authorization: `Bearer ${KEY}` });
    t.equal(other.status, 404, `${path}: not served on the metrics port`);
  }

  if (lane === 'postgres') {
    const api = await start({ ...env, ROLE: 'api' }, API_LISTENING);
    t.teardown(() => api.child.kill('SIGKILL'));
    const call = async (path: string, body: unknown) => {
      const res = await request(`${api.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.body.json()) as { id: string };
      if (res.statusCode >= 300) throw new Error(`${path} → ${res.statusCode} ${JSON.stringify(json)}`);
      return json;
    };
    const account = await call('/v1/accounts', { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } });
    const group = await call('/v1/groups', { network: 'telegram', name: 'Chan', kind: 'channel', mode: 'api', address: '-1001000000001', accountId: account.id, rules: ANY_HOUR_RULES });
    const vacancy = await call('/v1/vacancies', { title: 'Бариста', description: 'Варить кофе.', hiringOrganization: { name: 'X' }, applyUrl: 'https://example.org/1' });
    await call(`/v1/vacancies/${vacancy.id}/campaigns`, { targets: { groupIds: [group.id] }, timing: { type: 'now' } });

    const deadline = Date.now() + 30_000;
    while (telegram.calls.filter((c) => c.method === 'sendMessage' && c.result === 'ok').length < 1) {
      if (Date.now() > deadline) throw new Error(`not published:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    let fromWorker = await scrape(worker.url);
    while (sampleValue(fromWorker, 'vcp_posts', { network: 'telegram', status: 'published' }) !== 1) {
      if (Date.now() > deadline) throw new Error(`post not recorded as published:\n${fromWorker}`);
      await new Promise((r) => setTimeout(r, 100));
      fromWorker = await scrape(worker.url);
    }
    const fromApi = await scrape(api.url);
    t.equal(sampleValue(fromWorker, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }), 1, "the worker's port shows the publish it made");
    t.equal(sampleValue(fromApi, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }), undefined, "the API process made no call, so it has none");
    t.equal(sampleValue(fromApi, 'vcp_posts', { network: 'telegram', status: 'published' }), 1, 'the database gauges are the same from every process');
  }

  worker.child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => worker.child.on('exit', resolve));
  t.equal(code, 0, 'SIGTERM stops the worker and its metrics port cleanly');
});
