// ROLE=worker processes of the service (src/server.ts, as `npm start` runs it but from source),
// for the benchmark case where several processes share one server database: the benchmark's own
// process then only serves the API (its app runs no workers) and watches.
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = new URL('../', import.meta.url).pathname;

export interface WorkerProcesses {
  /** SIGTERM to each (in-flight calls finish), then wait for them to exit. */
  stop(): Promise<void>;
}

export async function startWorkerProcesses(count: number, env: Record<string, string>): Promise<WorkerProcesses> {
  const children: ChildProcess[] = [];
  const started = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, ROLE: 'worker', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker process did not start:\n${out}`)), 120_000);
      const onData = (c: Buffer) => {
        // Only the start-up is kept: a long run's log is not the benchmark's business.
        if (out.length < 20_000) out += c;
        if (/job workers running/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker process exited ${code}:\n${out}`));
      });
    });
  });
  try {
    await Promise.all(started);
  } catch (error) {
    for (const c of children) c.kill('SIGKILL');
    throw error;
  }
  return {
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.removeAllListeners('exit');
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
              setTimeout(() => c.kill('SIGKILL'), 30_000).unref();
            }),
        ),
      );
    },
  };
}

/** A CPU-bound neighbour (one core spinning), for the "machine is busy" run. */
export function startBusyNeighbour(): { stop(): void } {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return { stop: () => void child.kill('SIGKILL') };
}
