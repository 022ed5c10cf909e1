// A stall detector on its own thread. PGlite runs queries synchronously on the main thread, chained
// by promises: when the engine keeps it busy with database work alone, Node never gets back to its
// timers or sockets, so no deadline in the benchmark itself could fire (and nothing is sent). The
// watchdog sees the main thread's heartbeat stop, says so on stderr, and ends the process: a hung
// benchmark is reported as one instead of running forever.
import { Worker } from 'node:worker_threads';

const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const { rmSync, writeSync } = require('node:fs');
const dirs = new Set();
const databases = new Set();
parentPort.on('message', ({ leftover, alive }) => {
  const set = leftover.dir ? dirs : databases;
  const key = leftover.dir || leftover.database;
  if (alive) set.add(key); else set.delete(key);
});
const beat = new Int32Array(workerData.shared);
let seen = Atomics.load(beat, 0);
let since = Date.now();
setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== seen) { seen = now; since = Date.now(); return; }
  if (Date.now() - since < workerData.stallMs) return;
  writeSync(2, '\\nWATCHDOG: the main thread has not run a single timer for ' + Math.round((Date.now() - since) / 1000) +
    ' s (phase: ' + workerData.phases[Atomics.load(beat, 1)] + '). The event loop is starved by work that never waits on ' +
    'a timer or a socket (PGlite executes every query on the main thread); no call can reach the network. Ending the run.\\n');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (databases.size > 0) writeSync(2, 'WATCHDOG: left behind on the server, drop by hand: ' + [...databases].join(', ') + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

export function startWatchdog<P extends string>(phases: readonly P[], stallMs = 60_000) {
  const shared = new SharedArrayBuffer(8);
  const beat = new Int32Array(shared);
  const worker = new Worker(WATCHER, { eval: true, workerData: { shared, stallMs, phases } });
  worker.unref();
  const timer = setInterval(() => Atomics.add(beat, 0, 1), 250);
  timer.unref();
  return {
    /** A database that must be removed if the watchdog ends the run. */
    track(leftover: { dir?: string; database?: string }, alive: boolean) {
      worker.postMessage({ leftover, alive });
    },
    phase(name: P) {
      Atomics.store(beat, 1, phases.indexOf(name));
    },
  };
}
