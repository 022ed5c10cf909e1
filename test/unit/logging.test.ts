import { Writable } from 'node:stream';
import t from 'tap';
import Fastify from 'fastify';
import pino from 'pino';
import { loggerOptions, RequestLogLines } from '../../src/lib/logger-options.js';
import { scrubText } from '../../src/lib/scrub-secrets.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  return { logger: pino(loggerOptions('info'), stream), text: () => lines.join('') };
}

t.test('authorization headers, credential fields and token-shaped text never reach the log', async (t) => {
  const { logger, text } = capture();
  const botToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const apiKey = 'vcp_' + 'Z'.repeat(43);
  logger.info({ req: { headers: { authorization: `Bearer ${apiKey}` } } }, 'request');
  logger.info({ account: { botToken, pageToken: 'EAAB' + 'x'.repeat(40), applicationSecretKey: 'sek' } }, 'account');
  logger.error({ err: new Error(`connect failed for https://api.telegram.org/bot${botToken}/sendMessage`) }, 'boom');
  logger.warn(`key ${apiKey} used from https://api.vk.com/method/wall.post?access_token=vk1.a.${'q'.repeat(40)}&v=5.199`);
  const out = text();
  for (const secret of [botToken, apiKey, 'sek', 'vk1.a.', 'EAAB']) t.notOk(out.includes(secret), `no ${secret.slice(0, 12)}…`);
  t.match(out, /\[REDACTED\]/);
  t.match(out, /v=5\.199/, 'the rest of the line survives');
});

t.test('a logged error keeps its type, message and stack (scrubbed), whatever shape it comes in', async (t) => {
  const { logger, text } = capture();
  logger.error({ err: new TypeError("Cannot read properties of undefined (reading 'reduce')") }, 'job queue error');
  // A non-Error object (what pg-boss emits from its workers) is logged as the fields it has.
  logger.error({ err: { message: 'worker failed', queue: 'post.publish' } }, 'job queue error');
  const [first, second] = text().trim().split('\n').map((l) => JSON.parse(l) as { err: Record<string, unknown> });
  t.equal(first!.err.type, 'TypeError');
  t.equal(first!.err.message, "Cannot read properties of undefined (reading 'reduce')");
  t.match(String(first!.err.stack), /logging\.test\.ts/);
  t.same(second!.err, { message: 'worker failed', queue: 'post.publish' });
});

// The two pieces src/app.ts wires (loggerOptions and RequestLogLines) on a Fastify of their own.
async function appWithLog(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  const app = Fastify({ logger: { ...loggerOptions(level), stream }, logController: new RequestLogLines(), requestIdHeader: 'x-request-id' });
  app.get('/v1/vacancies', async () => ({ items: [] }));
  app.get('/v1/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return { app, lines: () => lines.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), text: () => lines.join('') };
}

t.test('one line per request: method, URL, status, duration and request id', async (t) => {
  const { app, lines } = await appWithLog();
  t.teardown(() => app.close());
  const res = await app.inject({ url: '/v1/vacancies?limit=20&status=open', headers: { 'x-request-id': 'ats-42' } });
  t.equal(res.statusCode, 200);
  const logged = lines();
  t.equal(logged.length, 1, 'one line, not "incoming request" + "request completed"');
  const line = logged[0]!;
  t.match(line, { reqId: 'ats-42', method: 'GET', url: '/v1/vacancies?limit=20&status=open', statusCode: 200, msg: 'request completed' });
  t.type(line.responseTime, 'number');
  t.notOk('req' in line || 'res' in line, 'no serialized request/reply objects');

  await app.inject({ url: '/v1/nowhere' });
  await app.inject({ url: '/v1/boom' });
  const [, notFound, notFoundDone, failed, failedDone] = lines();
  t.match(notFound, { method: 'GET', url: '/v1/nowhere', msg: 'route not found' });
  t.match(notFoundDone, { url: '/v1/nowhere', statusCode: 404, msg: 'request completed' });
  t.match(failed, { level: 50, statusCode: 500, err: { type: 'Error', message: 'boom' } });
  t.match(failedDone, { url: '/v1/boom', statusCode: 500, msg: 'request completed' });
});

t.test('a request with a Bearer key and tokens in its query string logs none of them', async (t) => {
  const { app, lines, text } = await appWithLog();
  t.teardown(() => app.close());
  const apiKey = 'vcp_' + 'k'.repeat(43);
  const botToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const vkToken = `vk1.a.${'v'.repeat(40)}`;
  const query = new URLSearchParams({ q: botToken, access_token: vkToken, token: 'plain-secret-1', key: 'plain-secret-2', api_key: 'plain-secret-3', limit: '5' });
  // Both spellings of a bot token: as curl sends it (":" as is) and percent-encoded.
  await app.inject({ url: `/v1/vacancies?${query}`, headers: { authorization: `Bearer ${apiKey}` } });
  await app.inject({ url: `/v1/vacancies?tag=${botToken}&monkey=business`, headers: { authorization: `Bearer ${apiKey}` } });
  const out = text();
  for (const secret of [apiKey, botToken, encodeURIComponent(botToken), vkToken, 'plain-secret']) t.notOk(out.includes(secret), `no ${secret.slice(0, 12)}…`);
  const [first, second] = lines();
  t.equal(first!.url, '/v1/vacancies?q=[REDACTED]&access_token=[REDACTED]&token=[REDACTED]&key=[REDACTED]&api_key=[REDACTED]&limit=5');
  t.equal(second!.url, '/v1/vacancies?tag=[REDACTED]&monkey=business', 'a parameter whose name merely ends in "key" keeps its value');
});

t.test('LOG_LEVEL=silent writes nothing; warn keeps errors but drops request lines', async (t) => {
  const silent = await appWithLog('silent');
  t.teardown(() => silent.app.close());
  await silent.app.inject({ url: '/v1/vacancies' });
  await silent.app.inject({ url: '/v1/boom' });
  t.equal(silent.text(), '');

  const warn = await appWithLog('warn');
  t.teardown(() => warn.app.close());
  await warn.app.inject({ url: '/v1/vacancies' });
  await warn.app.inject({ url: '/v1/boom' });
  t.same(warn.lines().map((l) => l.statusCode), [500], 'only the failed request');
});

t.test('credential-named fields are redacted at any depth; deeper than the cut is not logged raw', async (t) => {
  const { logger, text } = capture();
  let deep: Record<string, unknown> = { note: `Bearer ${'d'.repeat(20)}` };
  for (let i = 0; i < 12; i++) deep = { inner: deep };
  logger.info({ a: { b: { c: { d: { password: 'hunter2', headers: { Cookie: 'sid=1', Authorization: 'Basic Zm9vOmJhcg==' } } } } }, deep }, 'nested');
  logger.info({ when: new Date('2026-01-02T03:04:05Z'), blob: Buffer.from('secret-bytes') }, 'kinds');
  const out = text();
  for (const secret of ['hunter2', 'sid=1', 'Zm9vOmJhcg==', 'd'.repeat(20), 'secret-bytes']) t.notOk(out.includes(secret), `no ${secret}`);
  t.match(out, /"when":"2026-01-02T03:04:05\.000Z"/, 'dates stay dates');
  t.match(out, /too deep to log/);
});

t.test('which query parameters count as credentials', async (t) => {
  const redacted = ['access_token', 'token', 'key', 'api_key', 'apiKey', 'apikey', 'x-api-key', 'bot_token', 'accessToken', 'client_secret', 'secret', 'password', 'sig', 'auth'];
  const kept = ['monkey', 'keyword', 'tag', 'q', 'cursor', 'status', 'tokens_left'];
  for (const name of redacted) t.equal(scrubText(`/v1/x?a=1&${name}=s3cr3t&b=2`), `/v1/x?a=1&${name}=[REDACTED]&b=2`, `${name} is redacted`);
  for (const name of kept) t.equal(scrubText(`/v1/x?${name}=plain`), `/v1/x?${name}=plain`, `${name} is kept`);
});
