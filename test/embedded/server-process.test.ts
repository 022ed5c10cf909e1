// The server as a newcomer runs it: embedded PGlite in DATA_DIR, migrate step, first-start key,
// graceful stop on SIGTERM, and the data still there after a restart.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';
import { baseEnv, migrate, outputMatching, runToEnd, startServer } from './process-helpers.js';

t.test('first start prints a key once; data survives a graceful restart', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vcp-proc-')), 'data');
  const env = baseEnv(dataDir);
  t.match(migrate(env), /\d+ migration\(s\) applied on embedded PGlite/);

  const first = await startServer(env);
  const key = first.output().match(/^\s+(vcp_[A-Za-z0-9_-]{43})$/m)?.[1];
  t.ok(key, 'the admin key is printed on first start');
  t.match(first.output(), new RegExp(`Console: http://(localhost|127\\.0\\.0\\.1):${new URL(first.url).port}/console \\(sign in with this key\\)`), 'with where to open the console');
  t.notMatch(first.output().replace(/^\s+vcp_.*$/m, ''), /vcp_[A-Za-z0-9_-]{20,}/, 'and nowhere else (not in the logs)');

  const created = await request(`${first.url}/v1/vacancies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'QA', description: 'Тестировщик', hiringOrganization: { name: 'X' }, contacts: { email: 'hr@x.example' } }),
  });
  t.equal(created.statusCode, 201);
  const id = ((await created.body.json()) as { id: string }).id;

  // The request line: method, URL with its secrets redacted, status, duration, request id. A bot
  // token in the query string and the Bearer key in the header reach neither the log nor stdout.
  const botToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const listed = await request(`${first.url}/v1/vacancies?q=${botToken}&limit=5`, {
    headers: { authorization: `Bearer ${key}`, 'x-request-id': 'req-from-ats-7' },
  });
  t.equal(listed.statusCode, 200);
  await listed.body.dump();
  const line = await outputMatching(first.output, /^.*"reqId":"req-from-ats-7".*"msg":"request completed".*$/m);
  t.ok(line, 'a line for the request');
  t.match(JSON.parse(line![0]), {
    reqId: 'req-from-ats-7',
    method: 'GET',
    url: '/v1/vacancies?q=[REDACTED]&limit=5',
    statusCode: 200,
    responseTime: Number,
    msg: 'request completed',
  });
  t.notOk(first.output().includes(botToken), 'no token in the output');
  t.match(first.output(), /"method":"POST","url":"\/v1\/vacancies","statusCode":201/, 'the POST has its line too');

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
  t.ok(existsSync(join(dataDir, 'LOCK')), 'the running server holds DATA_DIR/LOCK');
  second.child.kill('SIGINT');
  t.equal(await second.exited, 0, 'SIGINT stops it cleanly');
  t.notOk(existsSync(join(dataDir, 'LOCK')), 'and releases the lock');
});

t.test('a bad variable stops the process with a message naming it', async (t) => {
  const env = { ...baseEnv(mkdtempSync(join(tmpdir(), 'vcp-bad-'))), PORT: 'abc' };
  const res = runToEnd('src/server.ts', env);
  t.equal(res.status, 1);
  t.match(res.stderr, /PORT:/);
});

t.test('the server refuses to start on an unmigrated database', async (t) => {
  const env = baseEnv(join(mkdtempSync(join(tmpdir(), 'vcp-unmigrated-')), 'data'));
  const res = runToEnd('src/server.ts', env);
  t.equal(res.status, 1);
  t.match(res.stderr, /run "npm run migrate"/);
});
