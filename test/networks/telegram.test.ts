import t from 'tap';
import { createTelegramAdapter } from '../../src/networks/telegram.js';
import type { TelegramCredentials } from '../../src/networks/types.js';
import { TELEGRAM_FAKE_TOKEN, startTelegramFake, telegramError } from '../fakes/telegram-fake.js';
import { assertNoSecret, last } from './helpers.js';

const fake = await startTelegramFake();
t.teardown(() => fake.close());
const tg = createTelegramAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
const creds: TelegramCredentials = { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN };
const api = (address: string) => ({ address, mode: 'api' as const });
let chat = -1001000;
const freshChat = () => String(chat--);

t.test('sendMessage with HTML, apply button and permalink for a -100 id', async (t) => {
  const out = await tg.publish(creds, { target: api('-1009001'), text: '<b>Маркетолог</b> &amp; SEO', applyUrl: 'https://jobs.example/a/1' });
  t.same(out, { kind: 'published', networkPostId: '1', permalink: 'https://t.me/c/9001/1', messageKind: 'text' });
  const call = last(fake.calls);
  t.equal(call.method, 'sendMessage');
  t.equal(call.params.parse_mode, 'HTML');
  t.same(call.params.reply_markup, { inline_keyboard: [[{ text: 'Откликнуться', url: 'https://jobs.example/a/1' }]] });
  t.same(call.params.link_preview_options, { is_disabled: true });
  t.equal(fake.messages(-1009001)[0]?.visible, 'Маркетолог & SEO');
});

t.test('@username chat gets the public permalink; applyLabel sets the button', async (t) => {
  const out = await tg.publish(creds, { target: api('@it_jobs'), text: 'Hi', applyUrl: 'https://x.example', applyLabel: 'Apply' });
  t.match(out, { kind: 'published', permalink: /^https:\/\/t\.me\/it_jobs\/\d+$/ });
  t.same(last(fake.calls).params.reply_markup, { inline_keyboard: [[{ text: 'Apply', url: 'https://x.example' }]] });
});

t.test('image + text that fits 1024 after entity parsing → one sendPhoto', async (t) => {
  // 1500 raw characters but only 1000 visible: tags do not count.
  const text = '<b>x</b>'.repeat(125) + 'y'.repeat(875);
  const out = await tg.publish(creds, { target: api(freshChat()), text, imageUrl: 'https://img.example/a.png' });
  t.match(out, { kind: 'published', messageKind: 'photo' }, 'reports what it sent, for the edit');
  const call = last(fake.calls);
  t.equal(call.method, 'sendPhoto');
  t.equal(call.params.photo, 'https://img.example/a.png');
  t.equal(call.params.caption, text);
});

t.test('image + long text uses captionText when the caller has one', async (t) => {
  await tg.publish(creds, { target: api(freshChat()), text: 'z'.repeat(3000), captionText: 'short', imageUrl: 'https://img.example/b.png' });
  const call = last(fake.calls);
  t.equal(call.method, 'sendPhoto');
  t.equal(call.params.caption, 'short');
});

t.test('image + long text → ONE sendMessage with a large preview above the text', async (t) => {
  const out = await tg.publish(creds, { target: api(freshChat()), text: 'z'.repeat(3000), imageUrl: 'https://img.example/c.png' });
  t.match(out, { kind: 'published', messageKind: 'text' });
  const call = last(fake.calls);
  t.equal(call.method, 'sendMessage');
  t.same(call.params.link_preview_options, { url: 'https://img.example/c.png', prefer_large_media: true, show_above_text: true });
});

t.test('1 msg/s per chat: the fake answers 429, the adapter reads retry_after', async (t) => {
  const c = freshChat();
  t.equal((await tg.publish(creds, { target: api(c), text: 'one' })).kind, 'published');
  const out = await tg.publish(creds, { target: api(c), text: 'two' });
  t.same(out, { kind: 'retry_after', seconds: 1, scope: 'target', reason: 'Too Many Requests: retry after 1', code: 429 });
  t.same(last(fake.calls).result, 'error:429');
});

t.test('20 msg/min per group: the 21st within a minute waits for the window', async (t) => {
  const c = '-4242';
  for (let i = 0; i < 20; i++) {
    t.equal((await tg.publish(creds, { target: api(c), text: `m${i}` })).kind, 'published');
    fake.clock.advance(1000);
  }
  const out = await tg.publish(creds, { target: api(c), text: 'too many' });
  t.match(out, { kind: 'retry_after', seconds: 40, scope: 'target' });
  fake.clock.advance(60_000);
});

t.test('an injected 429 with retry_after 15', async (t) => {
  const c = freshChat();
  fake.inject({ target: c, fault: telegramError(429, 'Too Many Requests: retry after 15', { retry_after: 15 }) });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'retry_after', seconds: 15, scope: 'target', code: 429 });
});

t.test('migrate_to_chat_id → target_moved with the new id', async (t) => {
  fake.migrateChat(-555, -1005550001);
  t.same(await tg.publish(creds, { target: api('-555'), text: 'x' }), { kind: 'target_moved', newAddress: '-1005550001' });
  t.equal((await tg.publish(creds, { target: api('-1005550001'), text: 'x' })).kind, 'published');
});

t.test('403 (bot kicked) and 400 chat not found → permanent', async (t) => {
  const c = freshChat();
  fake.inject({ target: c, fault: telegramError(403, 'Forbidden: bot was kicked from the channel chat') });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'permanent', code: 403, reason: /kicked/ });

  const strict = await startTelegramFake({ chats: [{ id: -1001, type: 'channel' }] });
  t.teardown(() => strict.close());
  const out = await createTelegramAdapter({ baseUrl: strict.url, timeoutMs: 2000 }).publish(creds, { target: api('-1002'), text: 'x' });
  t.same(out, { kind: 'permanent', reason: 'Bad Request: chat not found', code: 400 });
});

t.test('HTML the Bot API cannot parse → permanent with its message', async (t) => {
  t.match(await tg.publish(creds, { target: api(freshChat()), text: 'a < b' }), { kind: 'permanent', reason: /can't parse entities/ });
});

t.test('401 → needs_reauth, and the token is nowhere in the outcome', async (t) => {
  const bad = { network: 'telegram' as const, botToken: '999:WrongTokenWrongTokenWrong' };
  const out = await tg.publish(bad, { target: api(freshChat()), text: 'x' });
  t.same(out, { kind: 'needs_reauth', reason: 'Unauthorized' });
  assertNoSecret(t, out, [bad.botToken]);
});

t.test('5xx with a clean error body → retry_after; with an HTML page → by status (502 unknown, 503 retry)', async (t) => {
  const c = freshChat();
  fake.inject({ target: c, fault: telegramError(500, 'Internal Server Error') });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'retry_after', scope: 'account', code: 500 });
  fake.inject({ target: c, fault: { type: 'respond', status: 502, body: '<html>502 Bad Gateway</html>' } });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'unknown', reason: /HTTP 502/ });
  fake.inject({ target: c, fault: { type: 'respond', status: 503, body: '<html>503</html>', headers: { 'retry-after': '12' } } });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'retry_after', scope: 'account', seconds: 12, code: 503 });
});

t.test('a 429 that is not the Bot API\'s own (text body) waits for the whole bot, not one chat', async (t) => {
  const c = freshChat();
  fake.inject({ target: c, fault: { type: 'respond', status: 429, body: 'Too Many Requests' } });
  t.match(await tg.publish(creds, { target: api(c), text: 'x' }), { kind: 'retry_after', scope: 'account', seconds: 60, code: 429 });
});

t.test('suggest mode → sendMessage to the direct-messages topic, outcome suggested', async (t) => {
  const out = await tg.publish(creds, { target: { address: '-1007770000:42', mode: 'suggest' }, text: 'x' });
  t.same(out, { kind: 'suggested', networkPostId: '1', messageKind: 'text' });
  const call = last(fake.calls);
  t.equal(call.params.chat_id, '-1007770000');
  t.equal(call.params.direct_messages_topic_id, 42);
  t.same(call.params.suggested_post_parameters, {});
});

t.test('edit: text, unchanged text, photo caption, missing message', async (t) => {
  const c = freshChat();
  const pub = await tg.publish(creds, { target: api(c), text: 'v1', applyUrl: 'https://a.example' });
  if (pub.kind !== 'published') throw new Error('publish failed');
  const req = { address: c, networkPostId: pub.networkPostId, applyUrl: 'https://a.example' };
  t.same(await tg.edit(creds, { ...req, text: '<i>v2</i>' }), { kind: 'done' });
  t.equal(last(fake.calls).method, 'editMessageText');
  t.same(last(fake.calls).params.reply_markup, { inline_keyboard: [[{ text: 'Откликнуться', url: 'https://a.example' }]] }, 'button kept');
  t.same(await tg.edit(creds, { ...req, text: '<i>v2</i>' }), { kind: 'done' }, '"message is not modified" is done');

  fake.clock.advance(1000);
  const photo = await tg.publish(creds, { target: api(c), text: 'cap', imageUrl: 'https://img.example/p.png' });
  if (photo.kind !== 'published') throw new Error('publish failed');
  t.same(await tg.edit(creds, { address: c, networkPostId: photo.networkPostId, text: 'cap 2', imageUrl: 'https://img.example/p.png' }), { kind: 'done' });
  t.equal(last(fake.calls).method, 'editMessageCaption');
  // Sent before messageKind was recorded, and the content changed shape (no image any more): the
  // network says "no text" and the adapter says which kind the message is, after that one call; the
  // caller edits again with it, in a rate-limit turn of its own.
  const before = fake.calls.length;
  t.match(await tg.edit(creds, { address: c, networkPostId: photo.networkPostId, text: 'cap 3' }), { kind: 'wrong_kind', messageKind: 'photo', reason: /no text in the message/ });
  t.same(fake.calls.slice(before).map((c) => c.method), ['editMessageText'], 'one call');
  t.same(await tg.edit(creds, { address: c, networkPostId: photo.networkPostId, text: 'cap 3', messageKind: 'photo' }), { kind: 'done' });
  t.equal(last(fake.calls).method, 'editMessageCaption');

  t.match(await tg.edit(creds, { address: c, networkPostId: '9999', text: 'x' }), { kind: 'permanent', reason: /message to edit not found/ });
});

t.test('delete: done under 48 h, too_old after, done when already gone', async (t) => {
  const c = freshChat();
  const a = await tg.publish(creds, { target: api(c), text: 'a' });
  fake.clock.advance(1000);
  const b = await tg.publish(creds, { target: api(c), text: 'b' });
  if (a.kind !== 'published' || b.kind !== 'published') throw new Error('publish failed');
  t.same(await tg.remove(creds, { address: c, networkPostId: a.networkPostId }), { kind: 'done' });
  t.same(await tg.remove(creds, { address: c, networkPostId: a.networkPostId }), { kind: 'done' });
  fake.clock.advance(49 * 3_600_000);
  t.match(await tg.remove(creds, { address: c, networkPostId: b.networkPostId }), { kind: 'too_old', reason: /can't be deleted/ });
});

t.test('checkCredentials: getMe ok, dead token needs_reauth', async (t) => {
  t.same(await tg.checkCredentials(creds), { ok: true, identity: '@fake123456789_bot' });
  const dead = await tg.checkCredentials({ network: 'telegram', botToken: '1:DeadTokenDeadTokenDead' });
  t.same(dead, { ok: false, kind: 'needs_reauth', reason: 'Unauthorized' });
});

t.test('edit with messageKind: exactly one call, by the method of what was sent', async (t) => {
  const c = freshChat();
  const photo = await tg.publish(creds, { target: api(c), text: 'Бариста', imageUrl: 'https://img.example/p.png', applyUrl: 'https://a.example' });
  if (photo.kind !== 'published' || photo.messageKind !== 'photo') throw new Error(`not a photo post: ${JSON.stringify(photo)}`);
  fake.clock.advance(1000);
  const text = await tg.publish(creds, { target: api(c), text: 'z'.repeat(3000), imageUrl: 'https://img.example/q.png' });
  if (text.kind !== 'published' || text.messageKind !== 'text') throw new Error(`not a text post: ${JSON.stringify(text)}`);

  // Closing a photo post: the "vacancy closed" text has no image, which alone would read as a text message.
  let before = fake.calls.length;
  const closed = { address: c, text: '<b>Вакансия закрыта</b>' };
  t.same(await tg.edit(creds, { ...closed, networkPostId: photo.networkPostId, messageKind: photo.messageKind }), { kind: 'done' });
  t.same(fake.calls.slice(before).map((x) => [x.method, x.result]), [['editMessageCaption', 'ok']], 'one call: the caption');
  t.same(fake.messages(c).find((m) => String(m.id) === photo.networkPostId)?.visible, 'Вакансия закрыта');

  // A text post whose new content is short and has an image (which alone would read as a photo).
  before = fake.calls.length;
  t.same(await tg.edit(creds, { address: c, networkPostId: text.networkPostId, messageKind: 'text', text: 'short', imageUrl: 'https://img.example/q.png' }), { kind: 'done' });
  const edits = fake.calls.slice(before);
  t.same(edits.map((x) => [x.method, x.result]), [['editMessageText', 'ok']], 'one call: the text');
  t.same(edits[0]!.params.link_preview_options, { url: 'https://img.example/q.png', prefer_large_media: true, show_above_text: true }, 'the image stays above the text');

  // A caption that cannot fit: refused without a call.
  before = fake.calls.length;
  t.match(await tg.edit(creds, { address: c, networkPostId: photo.networkPostId, messageKind: 'photo', text: 'y'.repeat(1100) }), { kind: 'permanent', reason: /1024-character caption/ });
  t.equal(fake.calls.length, before, 'no call at all');

  // A wrong kind is not second-guessed: the refusal is the answer, and no second call follows.
  before = fake.calls.length;
  t.match(await tg.edit(creds, { address: c, networkPostId: photo.networkPostId, messageKind: 'text', text: 'x' }), { kind: 'permanent', reason: /there is no text in the message to edit/ });
  t.equal(fake.calls.length - before, 1, 'one call');
});
