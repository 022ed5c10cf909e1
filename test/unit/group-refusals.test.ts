// Which publish refusals are the group's fault, read from what the adapters' own error mappers make
// of the networks' error bodies (so a change in a mapper shows up here).
import t from 'tap';
import { mapOkError } from '../../src/networks/ok.js';
import { mapTelegramError } from '../../src/networks/telegram.js';
import { mapVkError } from '../../src/networks/vk.js';
import { groupRefusal } from '../../src/publishing/group-refusals.js';

const telegram = (code: number, description: string) => groupRefusal('telegram', mapTelegramError({ ok: false, error_code: code, description }));
const vk = (code: number, msg: string) => groupRefusal('vk', mapVkError({ error_code: code, error_msg: msg }));
const ok = (code: number, msg: string) => groupRefusal('ok', mapOkError({ error_code: code, error_msg: msg }));

t.test('Telegram: the bot and the chat, not the message', async (t) => {
  t.same(telegram(403, 'Forbidden: bot was kicked from the channel chat'), { code: 'bot_removed', reason: 'Forbidden: bot was kicked from the channel chat' });
  t.equal(telegram(403, 'Forbidden: bot was kicked from the supergroup chat')?.code, 'bot_removed');
  t.equal(telegram(403, 'Forbidden: bot is not a member of the channel chat')?.code, 'bot_not_admin');
  t.equal(telegram(400, 'Bad Request: not enough rights to send text messages to the chat')?.code, 'bot_not_admin');
  t.equal(telegram(400, 'Bad Request: need administrator rights in the channel chat')?.code, 'bot_not_admin');
  t.equal(telegram(400, 'Bad Request: chat not found')?.code, 'not_found');
  t.equal(telegram(400, 'Bad Request: message is too long'), undefined);
  // A group that forbids photos still takes text: the post is refused, not the group.
  t.equal(telegram(400, 'Bad Request: not enough rights to send photos to the chat'), undefined);
  t.equal(telegram(400, "Bad Request: can't parse entities: unsupported start tag"), undefined);
  t.equal(telegram(429, 'Too Many Requests: retry after 5'), undefined, 'a wait is no refusal');
});

t.test('VK: a closed wall and a closed community; the token scope is not the group', async (t) => {
  t.same(vk(15, 'Access denied: wall is disabled'), { code: 'wall_closed', reason: 'VK error 15: Access denied: wall is disabled' });
  t.equal(vk(15, 'Access denied: user should be group editor')?.code, 'wall_closed');
  t.equal(vk(203, 'Access to group denied')?.code, 'private');
  t.equal(vk(15, 'Access denied: no access to call this method'), undefined);
  t.equal(vk(222, 'Hyperlinks are forbidden'), undefined);
  t.equal(vk(100, 'One of the parameters specified was missing or invalid'), undefined);
});

t.test('OK: a group gone or closed to the account', async (t) => {
  t.equal(ok(300, 'NOT_FOUND : Group 123 not found')?.code, 'not_found');
  t.equal(ok(10, 'PERMISSION_DENIED : User is not a member of the group')?.code, 'private');
  t.equal(ok(10, 'PERMISSION_DENIED : GROUP_CONTENT permission is not granted'), undefined, "the application's permission is the token's to fix");
  t.equal(ok(100, 'PARAM : Invalid attachment'), undefined);
});

t.test('networks without rules, and refusals without the network body', async (t) => {
  t.equal(groupRefusal('facebook', { kind: 'permanent', reason: 'anything', code: 200 }), undefined);
  t.equal(groupRefusal('telegram', { kind: 'permanent', reason: 'HTTP 403: bot was kicked', code: 403, statusOnly: true }), undefined);
  t.equal(groupRefusal('telegram', { kind: 'unknown', reason: 'bot was kicked' }), undefined);
});
