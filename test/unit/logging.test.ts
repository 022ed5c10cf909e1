import { Writable } from 'node:stream';
import t from 'tap';
import pino from 'pino';
import { loggerOptions } from '../../src/lib/logger-options.js';

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
