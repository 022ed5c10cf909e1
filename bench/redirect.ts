// `npx tsx bench/redirect.ts [--duration 10] [--connections 10] [--rounds 2] [--warmup 3] [--codes 20]`
// measures the public tracked link GET /r/{code} of the real service (src/server.ts
// in its own process, with PUBLIC_BASE_URL set, every request from a browser and so recorded as a
// click in link_hits) against a bare Fastify route answering the same kind of 302
// (bench/bare-fastify.ts, no logger). Built like bench/logging.ts: one server at a time, autocannon
// in this process, each round starting every server afresh, the order alternating between rounds.
// Embedded PGlite unless DATABASE_URL names a server (a database is created for the run and dropped).
//
// The codes: --codes assisted Facebook posts, created through the API; every autocannon connection
// walks the list (requests: [...]), so the load is spread over the codes rather than on one. The
// service caches a code's answer for 10 s, so either way nearly every request is a cache hit and the
// figure is the redirect plus the click's recording, not the lookup.
//
// No click lost: autocannon stops a timed run with requests in flight, which the service answers and
// records but autocannon never counts. So after each timed run a fixed number of requests
// (autocannon's `amount`: it ends once every one is answered) goes to codes of their own, just before
// the SIGTERM that writes the hits still pending; their clicks ÷ their 302s must be exactly 1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { request } from 'undici';
import { openPglite } from '../src/db/database.js';
import { describeMachine, machineLines } from './machine.js';
import { freePort } from '../test/helpers/free-port.js';

interface Histogram { average: number; p50: number; p99: number }
interface CannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers: Record<string, string>;
  requests: { method: 'GET'; path: string }[];
}
// autocannon 9 ships no types; this is the part of its API used here. It follows no redirect, and
// records the latency of every answer (302s included) unless told excludeErrorStats.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: CannonOptions) => Promise<CannonResult>;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    codes: { type: 'string', default: '20' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const CODES = Number(values.codes);
for (const [name, v] of Object.entries({ duration, connections, rounds, warmup, codes: CODES })) {
  if (!Number.isInteger(v) || v < (name === 'warmup' ? 0 : 1)) throw new Error(`--${name} must be a positive integer`);
}
const EXACT_CODES = 4;
const EXACT_REQUESTS = 1000;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';

const ROOT = new URL('../', import.meta.url).pathname;
const serverUrl = process.env.DATABASE_URL;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const commandLine = `${serverUrl ? 'DATABASE_URL=… ' : ''}npx tsx bench/redirect.ts ${process.argv.slice(2).join(' ')}`.trim();

// ---- the database, made and migrated the way `npm start` does (src/cli/migrate.ts) ----

interface Lane { env: Record<string, string>; describe: string; query<T>(sql: string): Promise<T[]>; dispose(): Promise<void> }

async function prepareLane(workDir: string): Promise<Lane> {
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  let lane: Lane;
  if (!serverUrl) {
    const dataDir = join(workDir, 'data');
    lane = {
      env: { DATA_DIR: dataDir },
      describe: 'embedded PGlite (DATA_DIR in a temporary directory)',
      // Only once the service has exited: embedded PostgreSQL is one process's.
      query: async <T>(sql: string) => {
        const database = await openPglite({ dataDir });
        try {
          if (database.kind !== 'pglite') throw new Error('unreachable');
          return (await database.pglite.query<T>(sql)).rows;
        } finally {
          await database.close();
        }
      },
      dispose: async () => {},
    };
  } else {
    const name = `vcp_bench_redirect_${process.pid}_${randomBytes(3).toString('hex')}`;
    const run = async <T>(connectionString: string, sql: string) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try { return (await client.query(sql)).rows as T[]; } finally { await client.end(); }
    };
    await run(serverUrl, `create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    lane = {
      env: { DATABASE_URL: url.toString(), SECRETS_KEY: randomBytes(32).toString('hex') },
      describe: 'PostgreSQL server (DATABASE_URL)',
      query: (sql) => run(url.toString(), sql),
      dispose: async () => { await run(serverUrl, `drop database if exists "${name}" with (force)`); },
    };
  }
  const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { cwd: ROOT, env: { ...inherited, ...lane.env }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrate failed:\n${migrate.stderr}`);
  return lane;
}

// ---- servers, one at a time ----

interface Running { url: string; child: ChildProcess; stop(): Promise<number | null> }

async function startProcess(script: string, env: (port: number) => Record<string, string>, logFile: string): Promise<Running> {
  const port = await freePort();
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...inherited, ...env(port), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`${script} did not answer /healthz in 120 s:\n${stderr}`);
    try {
      const res = await request(`${url}/healthz`);
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

// ---- the links: assisted Facebook posts need no network to reach awaiting_manual ----

async function api<T>(base: string, key: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await request(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text}`);
  return JSON.parse(text) as T;
}

async function seedCodes(base: string, key: string, count: number): Promise<string[]> {
  const group = await api<{ id: string }>(base, key, 'POST', '/v1/groups', {
    network: 'facebook',
    name: 'Bench FB',
    mode: 'assisted',
    address: 'https://www.facebook.com/groups/bench',
    rules: { postingHours: { from: '00:00', to: '24:00', timeZone: 'Europe/Moscow' }, minDaysBetweenPosts: 0 },
  });
  const vacancyIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const vacancy = await api<{ id: string }>(base, key, 'POST', '/v1/vacancies', {
      title: 'Бариста',
      description: 'Ищем бариста.',
      hiringOrganization: { name: 'Кофейня' },
      applyUrl: 'https://example.org/jobs/1',
    });
    await api(base, key, 'POST', `/v1/vacancies/${vacancy.id}/campaigns`, { targets: { groupIds: [group.id] }, timing: { type: 'now' } });
    vacancyIds.push(vacancy.id);
  }
  const codes: string[] = [];
  const deadline = Date.now() + 120_000;
  for (const id of vacancyIds) {
    for (;;) {
      const { items } = await api<{ items: { status: string; applyUrl: string | null; lastError: string | null }[] }>(base, key, 'GET', `/v1/vacancies/${id}/posts`);
      const post = items[0];
      if (post?.status === 'awaiting_manual') {
        const code = post.applyUrl?.startsWith(`${base}/r/`) ? post.applyUrl.slice(`${base}/r/`.length) : null;
        if (!code || !/^[A-Za-z0-9_-]{12}$/.test(code)) throw new Error(`vacancy ${id}: applyUrl ${post.applyUrl} is not ${base}/r/{code}`);
        codes.push(code);
        break;
      }
      if (post && ['failed', 'cancelled'].includes(post.status)) throw new Error(`vacancy ${id}: post ${post.status}: ${post.lastError}`);
      if (Date.now() > deadline) throw new Error(`vacancy ${id}: post still ${post?.status ?? 'not made'} after 120 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return codes;
}

// Every answer must be a 302: anything else (a 404 for a wrong code, an error) fails the run.
async function drive(url: string, codes: string[], run: { duration: number } | { amount: number }): Promise<CannonResult> {
  const result = await autocannon({
    url,
    connections,
    ...run,
    headers: { 'user-agent': BROWSER },
    requests: codes.map((code) => ({ method: 'GET', path: `/r/${code}` })),
  });
  const other = Object.entries(result.statusCodeStats).filter(([status]) => status !== '302');
  if (other.length > 0 || result.errors > 0) {
    throw new Error(`${url}/r/…: answers ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}
const answered = (r: CannonResult) => r.statusCodeStats['302']?.count ?? 0;

// The service's cheapest route (GET /healthz: no database, no hook of its own), driven the same way:
// the floor any route of the service starts from, beside the bare route.
async function driveHealth(url: string, duration: number): Promise<CannonResult> {
  const result = await autocannon({ url, connections, duration, headers: { 'user-agent': BROWSER }, requests: [{ method: 'GET', path: '/healthz' }] });
  const other = Object.entries(result.statusCodeStats).filter(([status]) => status !== '200');
  if (other.length > 0 || result.errors > 0) throw new Error(`${url}/healthz: answers ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`);
  return result;
}

// ---- the run ----

interface Target { name: string; script: string; env: (port: number) => Record<string, string>; service: boolean; onlyRound?: number }
interface Sample { round: number; reqPerSec: number; p50: number; p99: number; answered: number }

const startedAt = new Date();
const loadAtStart = load();
const machine = await describeMachine();
const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
print(['Machine', ...machineLines(machine).map((l) => `  ${l}`), '']);

const workDir = mkdtempSync(join(tmpdir(), 'vcp-bench-redirect-'));
const apiKey = randomBytes(30).toString('base64url'); // 40 characters of [A-Za-z0-9_-]
const lane = await prepareLane(workDir);
try {
  const service = (level: string, onlyRound?: number): Target => ({
    name: `service, LOG_LEVEL=${level}`,
    script: 'src/server.ts',
    env: (port) => ({ ...lane.env, LOG_LEVEL: level, BOOTSTRAP_API_KEY: apiKey, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }),
    service: true,
    ...(onlyRound ? { onlyRound } : {}),
  });
  const bare: Target = { name: 'bare Fastify, no logger', script: 'bench/bare-fastify.ts', env: () => ({ BARE_LOG: 'off' }), service: false };

  log(`Seeding ${CODES} + ${EXACT_CODES} tracked links on ${lane.describe}…`);
  let codes: string[];
  {
    const first = await startProcess('src/server.ts', service('silent').env, join(workDir, 'seed.log'));
    try { codes = await seedCodes(first.url, apiKey, CODES + EXACT_CODES); } finally { await first.stop(); }
  }
  const loadCodes = codes.slice(0, CODES);
  const exactCodes = codes.slice(CODES);

  const targets = [bare, service('silent'), service('info', 1)];
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  const HEALTH = 'service, GET /healthz (its floor: no database)';
  samples.set(HEALTH, []);
  let timed302 = 0; // the service's 302s in timed runs (warm-up included)
  let timedSent = 0; // … and the requests autocannon sent there, some never answered
  let exact302 = 0;
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so a drift in the machine's load over the run does not favour one side.
    const order = (round % 2 === 1 ? targets : [...targets].reverse()).filter((t) => !t.onlyRound || t.onlyRound === round);
    for (const target of order) {
      log(`round ${round}: ${target.name}…`);
      const server = await startProcess(target.script, target.env, join(workDir, `${target.name.replace(/\W+/g, '-')}-${round}.log`));
      let stopped = false;
      try {
        const runs: CannonResult[] = [];
        if (warmup > 0) runs.push(await drive(server.url, loadCodes, { duration: warmup }));
        const result = await drive(server.url, loadCodes, { duration });
        runs.push(result);
        samples.get(target.name)!.push({ round, reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, answered: answered(result) });
        if (target.service) {
          for (const r of runs) { timed302 += answered(r); timedSent += r.requests.sent; }
          if (target.name === service('silent').name) {
            const health = await driveHealth(server.url, duration);
            samples.get(HEALTH)!.push({ round, reqPerSec: health.requests.average, p50: health.latency.p50, p99: health.latency.p99, answered: health.statusCodeStats['200']?.count ?? 0 });
          }
          exact302 += answered(await drive(server.url, exactCodes, { amount: EXACT_REQUESTS }));
          stopped = true;
          const code = await server.stop();
          if (code !== 0) throw new Error(`${target.name}: exited with ${code} on SIGTERM, not a clean stop`);
        }
      } finally {
        if (!stopped) await server.stop();
      }
    }
  }

  // Every service process has exited (cleanly): its pending hits were written on close.
  const hits = await lane.query<{ link_code: string; kind: string; n: number }>(
    `select p.link_code, h.kind, count(*)::int as n from link_hits h join posts p on p.id = h.post_id group by 1, 2`,
  );
  const clicks = (set: string[]) => hits.filter((h) => h.kind === 'click' && set.includes(h.link_code)).reduce((a, h) => a + h.n, 0);
  const otherKinds = hits.filter((h) => h.kind !== 'click').map((h) => `${h.kind} ${h.n}`);
  const exactClicks = clicks(exactCodes);
  const timedClicks = clicks(loadCodes);

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: string[][] = [['target', ...Array.from({ length: rounds }, (_, i) => `round ${i + 1}`), 'mean req/s', 'latency p50 / p99', 'answered (measured)']];
  for (const target of [...targets, { name: HEALTH } as Target]) {
    const s = samples.get(target.name)!;
    rows.push([
      target.name + (target.onlyRound ? ` (round ${target.onlyRound} only)` : ''),
      ...Array.from({ length: rounds }, (_, i) => s.find((x) => x.round === i + 1)?.reqPerSec.toFixed(0) ?? '–'),
      mean(s.map((x) => x.reqPerSec)).toFixed(0),
      `${mean(s.map((x) => x.p50)).toFixed(1)} / ${mean(s.map((x) => x.p99)).toFixed(1)} ms`,
      String(s.reduce((a, x) => a + x.answered, 0)),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const rate = (t: Target) => mean(samples.get(t.name)!.map((x) => x.reqPerSec));
  const ratio = rate(service('silent')) / rate(bare);

  print([
    `Tracked-link redirect: GET /r/{code} (302, user agent ${BROWSER.split(' ').at(-1)}: every request a click), ${connections} connections, ${warmup} s warm-up + ${duration} s measured, ${rounds} round(s)`,
    `  Database: ${lane.describe}; each server in its own process, started afresh for each round`,
    `  Codes: ${CODES}, each connection cycling through them; the service caches a code's answer for 10 s, so nearly every request skips the lookup`,
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    '',
    `  service (LOG_LEVEL=silent) ÷ bare Fastify = ${ratio.toFixed(3)} (goal: ≥ 0.5 with click recording on)`,
    `  service's /healthz ÷ bare Fastify = ${(mean(samples.get(HEALTH)!.map((x) => x.reqPerSec)) / rate(bare)).toFixed(3)}; redirect ÷ the service's /healthz = ${(rate(service('silent')) / mean(samples.get(HEALTH)!.map((x) => x.reqPerSec))).toFixed(3)}`,
    `  clicks recorded ÷ 302s answered, ${EXACT_REQUESTS} requests on ${EXACT_CODES} codes of their own before each SIGTERM: ${exactClicks} ÷ ${exact302} = ${(exactClicks / exact302).toFixed(3)} (must be 1.000)`,
    `  timed runs (warm-up included): ${timedClicks} clicks for ${timed302} 302s answered of ${timedSent} requests sent (the difference was in flight when autocannon stopped)` +
      (timedClicks >= timed302 && timedClicks <= timedSent ? ': consistent' : ': INCONSISTENT'),
    ...(otherKinds.length ? [`  other hits recorded (expected none): ${otherKinds.join(', ')}`] : []),
    '',
    `Run: ${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min; load average (1/5/15 min) ${loadAtStart} at start, ${load()} at end`,
    `Command: ${commandLine}`,
  ]);
  if (exactClicks !== exact302) process.exitCode = 1;
} finally {
  await lane.dispose();
  rmSync(workDir, { recursive: true, force: true });
}
