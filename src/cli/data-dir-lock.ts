// One process per embedded DATA_DIR. PGlite is PostgreSQL in this process's memory, writing its
// files with nobody to arbitrate: two processes on one directory (`npm run dev` beside `npm start`)
// overwrite each other's pages. So the first to open a directory writes DATA_DIR/LOCK (created
// with O_EXCL: exactly one creator wins) naming itself, and removes it when it exits; a second
// process is refused with the holder's pid. A lock whose process is gone (killed, crashed, the
// machine rebooted) is taken over.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const LOCK_FILE = 'LOCK';

interface Holder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Linux only: the kernel's boot id and the process's start time, so a reused pid is not taken for the holder. */
  bootId?: string;
  startTicks?: string;
}

export class DataDirInUseError extends Error {}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

// Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces and parentheses).
function startTicksOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

// What a person would recognise in `ps`: the npm script when there is one, and the entry file.
function describeThisProcess(): string {
  const script = process.env.npm_lifecycle_event;
  const npm = script ? (script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`) : undefined;
  return [npm, basename(process.argv[1] ?? process.argv0)].filter(Boolean).join(': ');
}

function thisProcess(): Holder {
  return {
    pid: process.pid,
    host: hostname(),
    command: describeThisProcess(),
    startedAt: new Date().toISOString(),
    bootId: readProc('/proc/sys/kernel/random/boot_id'),
    startTicks: startTicksOf(process.pid),
  };
}

type Verdict = 'alive' | 'gone' | 'elsewhere';

function judge(holder: Holder): Verdict {
  // Another machine (or container) sharing the directory: its processes cannot be seen from here.
  if (holder.host !== hostname()) return 'elsewhere';
  const bootId = readProc('/proc/sys/kernel/random/boot_id');
  if (holder.bootId && bootId && holder.bootId !== bootId) return 'gone';
  // Our own pid in a lock this process never took: a previous process with the same pid (common
  // in containers, where the server is pid 1 or 7 at every start).
  if (holder.pid === process.pid) return 'gone';
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
    // EPERM: it exists, under another user.
  }
  const ticks = startTicksOf(holder.pid);
  if (holder.startTicks && ticks && ticks !== holder.startTicks) return 'gone';
  return 'alive';
}

function parseHolder(text: string): Holder | undefined {
  // A bare pid, as a person (or another tool) might write one.
  if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()), host: hostname(), command: 'unknown command', startedAt: '' };
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export interface DataDirLock {
  file: string;
  /** Set when the lock was taken over from a process that is gone, for the caller to mention. */
  tookOverFrom?: Holder;
  release(): void;
}

/**
 * Takes DATA_DIR/LOCK for this process, or throws DataDirInUseError naming the holder.
 * Released when the process exits (normally, by process.exit after a signal, or on a crash);
 * only SIGKILL leaves it behind, and the next start takes that over.
 */
export function lockDataDir(dataDir: string, shownAs = dataDir): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me = thisProcess();
  let tookOverFrom: Holder | undefined;

  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(me, null, 1)}\n`);
      } finally {
        closeSync(fd);
      }
      const release = () => {
        // Only our own lock: never one a later process took over after we were presumed gone.
        if (parseHolder(readProc(file) ?? '')?.pid === process.pid) unlinkSync(file);
        process.off('exit', release);
      };
      process.on('exit', release);
      return { file, tookOverFrom, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const text = readProc(file);
    if (text === undefined) continue; // released between our open and our read
    const holder = parseHolder(text);
    if (!holder) {
      // Created but not written yet by a process starting right now; empty for long: a crash in between.
      let age = 0;
      try {
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (age < 2_000) {
        pause(50);
        continue;
      }
    } else {
      const verdict = judge(holder);
      const since = holder.startedAt ? `, since ${holder.startedAt}` : '';
      if (verdict === 'alive') {
        throw new DataDirInUseError(
          `DATA_DIR ${shownAs} is in use by process ${holder.pid} (${holder.command}${since}); only one process may open an embedded database: stop that one first, or give this one another DATA_DIR`,
        );
      }
      if (verdict === 'elsewhere') {
        throw new DataDirInUseError(
          `DATA_DIR ${shownAs} is locked by process ${holder.pid} on host ${holder.host} (${holder.command}${since}), which cannot be checked from here; if it is no longer running, delete ${file}`,
        );
      }
      tookOverFrom = holder;
    }
    // Stale. Move it aside rather than delete it: if another process took it over in the meantime,
    // what we moved is that process's fresh lock, which we then put back (link: never over a newer one).
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readProc(aside);
    if (moved !== text) {
      try {
        linkSync(aside, file);
      } catch {
        /* a third process locked it meanwhile; it is judged again on the next attempt */
      }
      unlinkSync(aside);
      continue;
    }
    unlinkSync(aside);
  }
  throw new DataDirInUseError(`DATA_DIR ${shownAs}: could not take ${file}; another process keeps changing it`);
}

/** For the CLI entry points: the lock, or one line on stderr and exit 1. */
export function lockDataDirOrExit(dataDir: string): DataDirLock {
  try {
    const lock = lockDataDir(dataDir);
    if (lock.tookOverFrom) {
      process.stderr.write(`DATA_DIR ${dataDir}: took over the lock of process ${lock.tookOverFrom.pid} (${lock.tookOverFrom.command}), which is no longer running\n`);
    }
    return lock;
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
