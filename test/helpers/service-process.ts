// The service as real processes (src/server.ts through tsx), for tests that kill, restart or run
// several of them: what one process proves with more concurrency, several processes must prove too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { request } from 'undici';
import { createServerTestDatabase, currentLane } from './database-lanes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = ['--import', 'tsx'];

export interface ServiceProcess {
  child: ChildProcess;
  /** Set when the process serves HTTP. */
  url?: string;
  output(): string;
}

/**
 * Starts `src/server.ts` with `env`; resolves once it listens (`http`) or its job workers run.
 * The process is killed when the test ends.
 */
export function startService(t: Test, env: NodeJS.ProcessEnv, http: boolean): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...TSX, 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${out}`)), 90_000);
    const check = () => {
      const m = http ? out.match(/"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/) : out.match(/job workers running/);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ child, ...(http ? { url: m[1]! } : {}), output: () => out });
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`process exited ${code}:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.on('exit', onExit);
  });
}

/**
 * The environment every process of one test shares: a bootstrap key, the network URLs, and the
 * lane's database — a fresh server database (dropped at the end), or a migrated embedded DATA_DIR.
 */
export async function serviceEnvironment(t: Test, settings: Record<string, string>): Promise<{ env: NodeJS.ProcessEnv; key: string }> {
  const key = `vcp_${randomBytes(32).toString('base64url')}`;
  const { DATABASE_URL: _omit, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', BOOTSTRAP_API_KEY: key, ...settings };
  if (currentLane() === 'postgres') {
    const db = await createServerTestDatabase();
    t.teardown(() => db.drop());
    Object.assign(env, { DATABASE_URL: db.url, SECRETS_KEY: randomBytes(32).toString('hex') });
  } else {
    env.DATA_DIR = join(mkdtempSync(join(tmpdir(), 'vcp-proc-')), 'data');
    const migrated = spawnSync(process.execPath, [...TSX, 'src/cli/migrate.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  }
  return { env, key };
}

export type ApiCall = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown> & { items?: Array<Record<string, unknown>> }>;

/** JSON calls to a running service with its key; a status >= 300 throws with the answer. */
export function apiClient(base: () => string, key: string): ApiCall {
  return async (method, path, body) => {
    const res = await request(`${base()}${path}`, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.body.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> };
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${JSON.stringify(json)}`);
    return json;
  };
}
