// The server as a newcomer runs it: embedded PGlite in DATA_DIR, migrate step, first-start key,
// graceful stop on SIGTERM, and the data still there after a restart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = ['--import', 'tsx'];

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _omit, ...rest } = process.env;
  return { ...rest, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
}

function migrate(env: NodeJS.ProcessEnv) {
  const res = spawnSync(process.execPath, [...TSX, 'src/cli/migrate.ts'], { cwd: ROOT, env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  return res.stdout;
}

async function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      const m = out.match(/"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`server exited:\n${out}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, output: () => out, exited };
}

t.test('first start prints a key once; data survives a graceful restart', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vcp-proc-')), 'data');
  const env = baseEnv(dataDir);
  t.match(migrate(env), /\d+ migration\(s\) applied on embedded PGlite/);

  const first = await startServer(env);
  const key = first.output().match(/^\s+(vcp_[A-Za-z0-9_-]{43})$/m)?.[1];
  t.ok(key, 'the admin key is printed on first start');
  t.notMatch(first.output().replace(/^\s+vcp_.*$/m, ''), /vcp_[A-Za-z0-9_-]{20,}/, 'and nowhere else (not in the logs)');

  const created = await request(`${first.url}/v1/vacancies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'QA', description: 'Тестировщик', hiringOrganization: { name: 'X' }, contacts: { email: 'hr@x.example' } }),
  });
  t.equal(created.statusCode, 201);
  const id = ((await created.body.json()) as { id: string }).id;

  first.child.kill('SIGTERM');
  t.equal(await first.exited, 0, 'SIGTERM stops it cleanly');
  t.match(first.output(), /shutting down/);

  const second = await startServer(env);
  t.teardown(() => second.child.kill('SIGKILL'));
  t.notMatch(second.output(), /First start/, 'no new key on restart');
  const read = await request(`${second.url}/v1/vacancies/${id}`, { headers: { authorization: `Bearer ${key}` } });
  t.equal(read.statusCode, 200, 'the vacancy survived the restart');
  t.equal(((await read.body.json()) as { title: string }).title, 'QA');
  const ready = await request(`${second.url}/readyz`);
  t.equal(ready.statusCode, 200);
  await ready.body.dump();
  second.child.kill('SIGINT');
  t.equal(await second.exited, 0, 'SIGINT stops it cleanly');
});

t.test('a bad variable stops the process with a message naming it', async (t) => {
  const env = { ...baseEnv(mkdtempSync(join(tmpdir(), 'vcp-bad-'))), PORT: 'abc' };
  const res = spawnSync(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, encoding: 'utf8' });
  t.equal(res.status, 1);
  t.match(res.stderr, /PORT:/);
});

t.test('the server refuses to start on an unmigrated database', async (t) => {
  const env = baseEnv(join(mkdtempSync(join(tmpdir(), 'vcp-unmigrated-')), 'data'));
  const res = spawnSync(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  t.equal(res.status, 1);
  t.match(res.stderr, /run "npm run migrate"/);
});
