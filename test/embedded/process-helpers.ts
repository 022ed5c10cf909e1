// The server and the migrate command as real processes (node + tsx, as `npm run dev` runs them),
// on an embedded DATA_DIR of the test's own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const TSX = ['--import', 'tsx'];

export function freshDataDir(label: string): string {
  return join(mkdtempSync(join(tmpdir(), `vcp-${label}-`)), 'data');
}

export function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _omit, npm_lifecycle_event: _npm, ...rest } = process.env;
  return { ...rest, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
}

/** Runs src/cli/<script> or src/server.ts to its end. */
export function runToEnd(script: 'src/cli/migrate.ts' | 'src/server.ts', env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [...TSX, script], { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 });
}

export function migrate(env: NodeJS.ProcessEnv) {
  const res = runToEnd('src/cli/migrate.ts', env);
  if (res.status !== 0) throw new Error(res.stderr);
  return res.stdout;
}

export async function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test that times out skips its teardown; the server must not outlive the test file.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  // "ready" comes after the first-start key, which is printed only once the server listens.
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child.stdout.on('data', () => {
      const m = out.match(/"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/);
      if (m && /"msg":"ready/.test(out)) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`server exited:\n${out}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, output: () => out, exited };
}

/** Waits (briefly) for the process's output to match: log lines are written after the answer is sent. */
export async function outputMatching(output: () => string, pattern: RegExp, ms = 5_000): Promise<RegExpMatchArray | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = output().match(pattern);
    if (m || Date.now() > deadline) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
}
