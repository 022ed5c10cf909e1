// A busy port fails the start in one line naming PORT, before a workspace or key exists, so the
// next start is still a first start and prints the key. Real processes, as in server-process.test.ts.
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { baseEnv, freshDataDir, migrate, ROOT, runToEnd, startServer, TSX } from './process-helpers.js';

const KEY_LINE = /^\s+vcp_[A-Za-z0-9_-]{43}$/m;

t.test('a busy port: one line naming PORT, nothing created, and the next start still prints the key', async (t) => {
  const dataDir = freshDataDir('port');
  const env = baseEnv(dataDir);
  migrate(env);

  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as AddressInfo).port;

  const refused = runToEnd('src/server.ts', { ...env, PORT: String(port) });
  t.equal(refused.status, 1, 'exit 1');
  t.same(refused.stderr.trimEnd().split('\n'), [`PORT ${port} is already in use (on 127.0.0.1): stop the other process or set PORT to a free port, e.g. PORT=${port + 1}`], 'one line naming PORT, no stack trace');
  t.equal(refused.stdout, '', 'no key printed, nothing logged');
  t.notOk(existsSync(join(dataDir, 'LOCK')), 'no lock left behind');

  // npm start checks the port before it migrates: a fresh DATA_DIR is not even created.
  const freshDir = freshDataDir('port-before-start');
  const beforeStart = spawnSync(process.execPath, [...TSX, 'src/cli/migrate.ts', '--before-start'], {
    cwd: ROOT, env: { ...baseEnv(freshDir), PORT: String(port) }, encoding: 'utf8', timeout: 90_000,
  });
  t.equal(beforeStart.status, 1, 'npm start stops before migrating');
  t.same(beforeStart.stderr.trimEnd().split('\n'), [`PORT ${port} is already in use (on 127.0.0.1): stop the other process or set PORT to a free port, e.g. PORT=${port + 1}`], 'in the same one line');
  t.notOk(existsSync(freshDir), 'DATA_DIR not even created');

  const started = await startServer(env);
  t.teardown(() => started.child.kill('SIGKILL'));
  t.match(started.output(), /First start: created workspace/, 'the workspace is created by the start that listens');
  t.match(started.output(), KEY_LINE, 'and its key is printed: none was lost');
  started.child.kill('SIGTERM');
  t.equal(await started.exited, 0);
});
