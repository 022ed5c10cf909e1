// `npx tsx bench/logging.ts [--vacancies 3] [--duration 10] [--connections 10] [--rounds 2]`
// (npm run bench:logging): what logging at `info` costs the API's throughput. The real service
// (src/server.ts, as `npm start` runs it, in its own process, stdout to a file) answers the same
// authenticated GET /v1/vacancies?limit=20 on a few vacancies (a small page: the cheaper the
// request, the larger the share logging takes) with LOG_LEVEL=silent and LOG_LEVEL=info,
// and a bare Fastify route (bench/bare-fastify.ts: no logger, Fastify's own, the service's) is the
// reference. autocannon drives each from this process, one server at a time (2 cores: one for the
// server, one for the load). Embedded PGlite unless DATABASE_URL names a server (a database is
// created for the run and dropped afterwards).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { request } from 'undici';
import { describeMachine, machineLines } from './machine.js';
import { freePort } from '../test/helpers/free-port.js';

interface Histogram { average: number; p50: number; p99: number }
interface CannonResult { requests: Histogram & { total: number }; latency: Histogram; non2xx: number; errors: number; timeouts: number }
type Cannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<CannonResult>;
// autocannon 9 ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    vacancies: { type: 'string', default: '3' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const VACANCIES = Number(values.vacancies);
for (const [name, v] of Object.entries({ duration, connections, rounds, warmup, vacancies: VACANCIES })) {
  if (!Number.isInteger(v) || v < (name === 'warmup' ? 0 : 1)) throw new Error(`--${name} must be a positive integer`);
}

const ROOT = new URL('../', import.meta.url).pathname;
const PAGE_PATH = '/v1/vacancies?limit=20';
const serverUrl = process.env.DATABASE_URL;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');

// ---- the database, made and migrated the way `npm start` does (src/cli/migrate.ts) ----

interface Lane { env: Record<string, string>; describe: string; dispose(): Promise<void> }

async function prepareLane(workDir: string): Promise<Lane> {
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  let env: Record<string, string>;
  let dispose = async () => {};
  if (!serverUrl) {
    env = { DATA_DIR: join(workDir, 'data') };
  } else {
    const name = `vcp_bench_logging_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try { await client.query(sql); } finally { await client.end(); }
    };
    await admin(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString(), SECRETS_KEY: randomBytes(32).toString('hex') };
    dispose = () => admin(`drop database if exists "${name}" with (force)`);
  }
  const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrate failed:\n${migrate.stderr}`);
  return { env, describe: serverUrl ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite (DATA_DIR in a temporary directory)', dispose };
}

// ---- servers, one at a time ----

interface Running { url: string; child: ChildProcess; logFile: string; stop(): Promise<void> }

async function startProcess(script: string, env: Record<string, string>, logFile: string): Promise<Running> {
  const port = await freePort();
  const { DATABASE_URL: _unset, ...inherited } = process.env;
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...inherited, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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
    logFile,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function seed(url: string, key: string) {
  for (let i = 0; i < VACANCIES; i++) {
    const res = await request(`${url}/v1/vacancies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Онлайн-маркетолог №${i + 1}`,
        description: 'Ищем маркетолога.\n\n- Опыт от 3 лет\n- Английский B1',
        hiringOrganization: { name: 'Кофейни и кондитерская' },
        jobLocation: { city: 'Москва', country: 'RU' },
        applyUrl: `https://example.org/jobs/${i + 1}`,
        audience: { professions: ['marketing'], seniority: ['middle'] },
      }),
    });
    if (res.statusCode !== 201) throw new Error(`seeding: POST /v1/vacancies → ${res.statusCode}: ${await res.body.text()}`);
    await res.body.dump();
  }
}

async function drive(url: string, headers: Record<string, string>, seconds: number): Promise<CannonResult> {
  const result = await autocannon({ url: url + PAGE_PATH, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}${PAGE_PATH}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

// ---- the run ----

interface Target { name: string; script: string; env: Record<string, string>; auth: boolean }
interface Sample { reqPerSec: number; p50: number; p99: number; requests: number; logLines: number; logBytes: number }

const startedAt = new Date();
const loadAtStart = load();
const machine = await describeMachine();
const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
print(['Machine', ...machineLines(machine).map((l) => `  ${l}`), '']);

const workDir = mkdtempSync(join(tmpdir(), 'vcp-bench-logging-'));
const apiKey = `vcp_${randomBytes(32).toString('base64url')}`;
const lane = await prepareLane(workDir);
try {
  const service = (level: string): Target => ({
    name: `service, LOG_LEVEL=${level}`,
    script: 'src/server.ts',
    env: { ...lane.env, LOG_LEVEL: level, BOOTSTRAP_API_KEY: apiKey },
    auth: true,
  });
  const bare = (mode: 'off' | 'stock' | 'service'): Target => ({
    name: { off: 'bare Fastify, no logger', stock: "bare Fastify, Fastify's pino at info", service: "bare Fastify, the service's logger" }[mode],
    script: 'bench/bare-fastify.ts',
    env: { BARE_LOG: mode },
    auth: false,
  });

  log(`Seeding ${VACANCIES} vacancies on ${lane.describe}…`);
  {
    const first = await startProcess('src/server.ts', service('silent').env, join(workDir, 'seed.log'));
    try { await seed(first.url, apiKey); } finally { await first.stop(); }
  }

  const targets = [bare('off'), bare('stock'), bare('service'), service('silent'), service('info')];
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so a drift in the machine's load over the run does not favour one side.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      log(`round ${round}: ${target.name}…`);
      const logFile = join(workDir, `${target.name.replace(/\W+/g, '-')}-${round}.log`);
      const server = await startProcess(target.script, target.env, logFile);
      try {
        const headers: Record<string, string> = target.auth ? { authorization: `Bearer ${apiKey}` } : {};
        if (warmup > 0) await drive(server.url, headers, warmup);
        const before = readFileSync(logFile);
        const result = await drive(server.url, headers, duration);
        // Give the last responses' lines time to be written before counting them.
        await new Promise((r) => setTimeout(r, 200));
        const written = readFileSync(logFile).subarray(before.length);
        const lines = written.toString('utf8').split('\n').filter(Boolean);
        if (written.includes(apiKey)) throw new Error(`${target.name}: the API key was written to the log`);
        samples.get(target.name)!.push({
          reqPerSec: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          logLines: lines.length,
          logBytes: written.length,
        });
      } finally {
        await server.stop();
      }
    }
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows: string[][] = [['target', ...Array.from({ length: rounds }, (_, i) => `round ${i + 1}`), 'mean req/s', 'latency p50 / p99', 'log lines / req', 'log bytes / req']];
  for (const target of targets) {
    const s = samples.get(target.name)!;
    const requests = s.reduce((a, x) => a + x.requests, 0);
    rows.push([
      target.name,
      ...s.map((x) => x.reqPerSec.toFixed(0)),
      mean(s.map((x) => x.reqPerSec)).toFixed(0),
      `${mean(s.map((x) => x.p50)).toFixed(1)} / ${mean(s.map((x) => x.p99)).toFixed(1)} ms`,
      (s.reduce((a, x) => a + x.logLines, 0) / requests).toFixed(2),
      (s.reduce((a, x) => a + x.logBytes, 0) / requests).toFixed(0),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;

  const rate = (name: string) => mean(samples.get(name)!.map((x) => x.reqPerSec));
  const ratio = rate(service('info').name) / rate(service('silent').name);
  // Time per request added by logging, if the server's CPU is what limits it: 1/r(with) − 1/r(without).
  // Only read on the bare route: the service's own variation between rounds is larger than this.
  const addedMicros = (withLog: string, without: string) => ((1 / rate(withLog) - 1 / rate(without)) * 1e6).toFixed(0);
  const infoLog = readFileSync(join(workDir, `${service('info').name.replace(/\W+/g, '-')}-1.log`), 'utf8');
  const sample = infoLog.split('\n').find((l) => l.includes('"reqId"') && l.includes('/v1/vacancies')) ?? '(no request line found)';
  print([
    `Logging cost: GET ${PAGE_PATH} (${VACANCIES} vacancies in the workspace, authenticated), ${connections} connections, ${warmup} s warm-up + ${duration} s measured, ${rounds} round(s)`,
    `  Database: ${lane.describe}; each server in its own process, stdout to a file`,
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    '',
    `  service: info ÷ silent = ${ratio.toFixed(3)} → logging at info costs ${((1 - ratio) * 100).toFixed(1)} % of throughput (goal: ≤ 15 %)`,
    `  bare Fastify: Fastify's pino ÷ none = ${(rate(bare('stock').name) / rate(bare('off').name)).toFixed(3)} (${addedMicros(bare('stock').name, bare('off').name)} µs per request); the service's logger ÷ none = ${(rate(bare('service').name) / rate(bare('off').name)).toFixed(3)} (${addedMicros(bare('service').name, bare('off').name)} µs per request)`,
    `  a request line: ${sample}`,
    '',
    `Run: ${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min; load average (1/5/15 min) ${loadAtStart} at start, ${load()} at end`,
  ]);
} finally {
  await lane.dispose();
  rmSync(workDir, { recursive: true, force: true });
}
