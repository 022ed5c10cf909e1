// The global dispatcher belongs to whichever undici registered it first. When anything touches
// fetch before undici 7 is loaded, that is the older undici inside Node, which speaks only the old
// handler API. Calls must work the same through it: this file makes that happen first, then loads
// the adapters (dynamic imports, so the order is the one written here).
import t from 'tap';

await fetch('http://127.0.0.1:1/').catch(() => undefined);
const nodeOwn = (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
const { Agent } = await import('undici');
const { createTelegramAdapter } = await import('../../src/networks/telegram.js');
const { startTelegramFake, TELEGRAM_FAKE_TOKEN } = await import('../fakes/telegram-fake.js');

const fake = await startTelegramFake();
t.teardown(() => fake.close());
const tg = createTelegramAdapter({ baseUrl: fake.url, timeoutMs: 500 });
const creds = { network: 'telegram' as const, botToken: TELEGRAM_FAKE_TOKEN };
let chat = -1009000;
const target = () => ({ address: String(chat--), mode: 'api' as const });

t.ok(nodeOwn !== undefined && !(nodeOwn instanceof Agent), "the global dispatcher is Node's own undici, not undici 7");

t.test('a call goes out and its answer is read', async (t) => {
  t.match(await tg.publish(creds, { target: target(), text: 'x' }), { kind: 'published', messageKind: 'text' });
});

t.test('no reply: unknown at the deadline, as with undici 7', async (t) => {
  fake.inject({ fault: { type: 'hang' } });
  t.match(await tg.publish(creds, { target: target(), text: 'x' }), { kind: 'unknown', reason: 'no reply within 500 ms (NETWORK_TIMEOUT_MS): the request may have taken effect' });
});

t.test('a trickling body: unknown at the deadline for the whole call', async (t) => {
  fake.inject({ fault: { type: 'trickle', everyMs: 50 } });
  t.match(await tg.publish(creds, { target: target(), text: 'x' }), { kind: 'unknown', reason: /^no complete reply within 500 ms/ });
});

t.test('a 503 page: retry_after', async (t) => {
  fake.inject({ fault: { type: 'respond', status: 503, body: '<html>503</html>' } });
  t.match(await tg.publish(creds, { target: target(), text: 'x' }), { kind: 'retry_after', code: 503 });
});
