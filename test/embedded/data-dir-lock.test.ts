// An embedded DATA_DIR belongs to one process at a time (DATA_DIR/LOCK): a second process is
// refused naming the first one's pid, and a lock left by a dead process is taken over. Real
// processes, as in server-process.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { lockDataDir } from '../../src/cli/data-dir-lock.js';
import { baseEnv, freshDataDir, migrate, runToEnd, startServer } from './process-helpers.js';

// A pid that belonged to a process which has exited.
function deadPid(): number {
  const gone = spawnSync(process.execPath, ['-e', '']);
  return gone.pid!;
}

t.test('a second process on the same DATA_DIR is refused, naming the first one', async (t) => {
  const dataDir = freshDataDir('lock');
  const env = baseEnv(dataDir);
  // npm start: migrate takes the lock and gives it back, then the server takes it.
  migrate(env);
  t.notOk(existsSync(join(dataDir, 'LOCK')), 'migrate released the lock at exit');
  const first = await startServer(env);
  t.teardown(() => first.child.kill('SIGKILL'));
  const lock = JSON.parse(readFileSync(join(dataDir, 'LOCK'), 'utf8')) as { pid: number; host: string };
  t.equal(lock.pid, first.child.pid, 'DATA_DIR/LOCK names the server');

  // `npm run dev` beside `npm start`: its migrate step is refused before it migrates anything.
  for (const script of ['src/cli/migrate.ts', 'src/server.ts'] as const) {
    const second = runToEnd(script, env);
    t.equal(second.status, 1, `${script}: exit 1`);
    const lines = second.stderr.trimEnd().split('\n');
    t.equal(lines.length, 1, `${script}: one line`);
    t.match(lines[0], new RegExp(`^DATA_DIR .+ is in use by process ${first.child.pid} \\(.+\\); only one process may open an embedded database`), `${script}: names the holder's pid`);
    t.notMatch(second.stdout, /migration\(s\) applied|First start/, `${script}: did nothing`);
  }
  const stillHeld = JSON.parse(readFileSync(join(dataDir, 'LOCK'), 'utf8')) as { pid: number };
  t.equal(stillHeld.pid, first.child.pid, 'the refused processes left the lock alone');

  first.child.kill('SIGTERM');
  t.equal(await first.exited, 0);
  t.notOk(existsSync(join(dataDir, 'LOCK')), 'released on SIGTERM');
});

t.test('a lock left by a process that no longer runs is taken over', async (t) => {
  const dataDir = freshDataDir('stale');
  const env = baseEnv(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dead = deadPid();
  writeFileSync(join(dataDir, 'LOCK'), JSON.stringify({ pid: dead, host: hostname(), command: 'npm start: server.js', startedAt: '2026-01-01T00:00:00.000Z' }));

  const migrated = runToEnd('src/cli/migrate.ts', env);
  t.equal(migrated.status, 0, 'migrate runs');
  t.match(migrated.stderr, new RegExp(`took over the lock of process ${dead} \\(npm start: server.js\\), which is no longer running`));
  t.match(migrated.stdout, /migration\(s\) applied/);
  t.notOk(existsSync(join(dataDir, 'LOCK')), 'and releases it');

  // A lock holding only a pid (as a person might write one) is understood too.
  writeFileSync(join(dataDir, 'LOCK'), `${dead}\n`);
  const again = runToEnd('src/cli/migrate.ts', env);
  t.equal(again.status, 0);
  t.match(again.stderr, new RegExp(`took over the lock of process ${dead}`));
  t.notOk(existsSync(join(dataDir, 'LOCK')));
});

t.test('a live pid is the holder only if it is the same process and machine', async (t) => {
  const dataDir = freshDataDir('judge');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'LOCK');
  const alive = process.ppid;

  // Another host sharing the directory: its process cannot be checked from here, so it is refused.
  writeFileSync(file, JSON.stringify({ pid: alive, host: 'another-host', command: 'npm start: server.js', startedAt: '' }));
  t.throws(() => lockDataDir(dataDir), { message: new RegExp(`locked by process ${alive} on host another-host .*if it is no longer running, delete ${file}`) });

  writeFileSync(file, JSON.stringify({ pid: alive, host: hostname(), command: 'npm start: server.js', startedAt: '' }));
  t.throws(() => lockDataDir(dataDir), { message: new RegExp(`is in use by process ${alive} \\(npm start: server.js\\)`) }, 'a running process on this host holds it');

  // The same pid with another start time is another process (a pid reused, e.g. after a container restart).
  if (existsSync(`/proc/${alive}/stat`)) {
    writeFileSync(file, JSON.stringify({ pid: alive, host: hostname(), command: 'npm start: server.js', startedAt: '', startTicks: '1' }));
    const lock = lockDataDir(dataDir);
    t.equal(lock.tookOverFrom?.pid, alive, 'taken over');
    t.equal((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
    t.notOk(existsSync(file), 'released');
  }
});
