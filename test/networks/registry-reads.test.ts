// Registry reads (finding and verifying a group's address) against the wire fakes: one call each,
// errors mapped as for publishing, the parsed values exact.
import t from 'tap';
import { createOkAdapter } from '../../src/networks/ok.js';
import { createTelegramAdapter } from '../../src/networks/telegram.js';
import type { OkCredentials, TelegramCredentials, VkCredentials } from '../../src/networks/types.js';
import { createVkAdapter } from '../../src/networks/vk.js';
import { OK_FAKE_APP_KEY, OK_FAKE_APP_SECRET, OK_FAKE_TOKEN, okError, startOkFake } from '../fakes/ok-fake.js';
import { TELEGRAM_FAKE_TOKEN, startTelegramFake, telegramError } from '../fakes/telegram-fake.js';
import { VK_FAKE_COMMUNITY_TOKEN, VK_FAKE_TOKEN, startVkFake } from '../fakes/vk-fake.js';
import { assertNoSecret, last } from './helpers.js';

t.test('VK', async (t) => {
  const fake = await startVkFake({
    communities: [
      { id: 101, name: 'Работа в Томске', screen_name: 'rabota_tomsk', type: 'page', members_count: 52000, wall: 2, can_suggest: true, activity: 'Работа' },
      { id: 102, name: 'Работа Томск IT', type: 'group', members_count: 900, is_closed: 1, wall: 1, can_post: true, is_admin: true, admin_level: 2 },
      { id: 103, name: 'Работа Томск для своих', screen_name: 'tomsk_secret', members_count: 40, is_closed: 2, wall: 3 },
      { id: 104, name: 'Работа Томск архив', screen_name: 'tomsk_old', deactivated: 'deleted' },
    ],
  });
  t.teardown(() => fake.close());
  const vk = createVkAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
  const creds: VkCredentials = { network: 'vk', userToken: VK_FAKE_TOKEN };
  // 3 requests/s per token: every test starts in a fresh second.
  t.beforeEach(() => fake.clock.advance(1000));

  t.test('searchCommunities: groups.search, basic fields only; private and deleted ones are not found', async (t) => {
    const out = await vk.searchCommunities(creds, 'работа томск', 10);
    t.same(out, {
      kind: 'communities',
      items: [
        { id: 101, name: 'Работа в Томске', screenName: 'rabota_tomsk', type: 'page', membersCount: null, isClosed: 0, wall: null, canPost: false, canSuggest: false, isAdmin: false, adminLevel: null, activity: null, deactivated: null },
        { id: 102, name: 'Работа Томск IT', screenName: 'club102', type: 'group', membersCount: null, isClosed: 1, wall: null, canPost: false, canSuggest: false, isAdmin: true, adminLevel: 2, activity: null, deactivated: null },
      ],
    });
    t.match(last(fake.calls), { method: 'groups.search', result: 'ok', params: { q: 'работа томск', count: '10', v: '5.199' } });
    t.same(await vk.searchCommunities(creds, 'нет такого', 10), { kind: 'communities', items: [] });
  });

  t.test('searchCommunities needs a user token (community token: error 27)', async (t) => {
    const out = await vk.searchCommunities({ network: 'vk', userToken: VK_FAKE_COMMUNITY_TOKEN }, 'работа', 5);
    t.match(out, { kind: 'permanent', code: 27 });
    assertNoSecret(t, out, [VK_FAKE_COMMUNITY_TOKEN]);
  });

  t.test('readCommunities: groups.getById by id and screen name, with the fields asked for', async (t) => {
    const out = await vk.readCommunities(creds, ['rabota_tomsk', '102']);
    t.same(out, {
      kind: 'communities',
      items: [
        { id: 101, name: 'Работа в Томске', screenName: 'rabota_tomsk', type: 'page', membersCount: 52000, isClosed: 0, wall: 2, canPost: false, canSuggest: true, isAdmin: false, adminLevel: null, activity: 'Работа', deactivated: null },
        { id: 102, name: 'Работа Томск IT', screenName: 'club102', type: 'group', membersCount: 900, isClosed: 1, wall: 1, canPost: true, canSuggest: false, isAdmin: true, adminLevel: 2, activity: null, deactivated: null },
      ],
    });
    t.match(last(fake.calls).params, { group_ids: 'rabota_tomsk,102', fields: 'members_count,can_post,can_suggest,wall,is_admin,admin_level,activity' });
  });

  t.test('readCommunities: a private community (is_closed 2) and a deleted one', async (t) => {
    const out = await vk.readCommunities(creds, ['tomsk_secret', 'tomsk_old']);
    t.same(out, {
      kind: 'communities',
      items: [
        { id: 103, name: 'Работа Томск для своих', screenName: 'tomsk_secret', type: 'group', membersCount: 40, isClosed: 2, wall: 3, canPost: false, canSuggest: false, isAdmin: false, adminLevel: null, activity: null, deactivated: null },
        // A gone community tells only its basic fields.
        { id: 104, name: 'Работа Томск архив', screenName: 'tomsk_old', type: 'group', membersCount: null, isClosed: 0, wall: null, canPost: false, canSuggest: false, isAdmin: false, adminLevel: null, activity: null, deactivated: 'deleted' },
      ],
    });
  });

  t.test('readCommunities: an unknown screen name (VK error 100, or left out) has no item', async (t) => {
    t.same(await vk.readCommunities(creds, ['no_such_group']), { kind: 'communities', items: [] });
    t.equal(last(fake.calls).result, 'error:100');
    const mixed = await vk.readCommunities(creds, ['no_such_group', '101']);
    t.same(mixed.kind === 'communities' ? mixed.items.map((c) => c.id) : mixed, [101]);
    t.same(await vk.readCommunities(creds, []), { kind: 'communities', items: [] }, 'nothing asked, nothing called');
  });

  t.test('the old bare-list answer of groups.getById reads the same', async (t) => {
    fake.inject({ method: 'groups.getById', fault: { type: 'respond', status: 200, body: { response: [{ id: 7, name: 'Old', screen_name: 'old', is_closed: 0, type: 'page', members_count: 3, can_post: 1 }] } } });
    const out = await vk.readCommunities(creds, ['7']);
    t.match(out, { kind: 'communities', items: [{ id: 7, name: 'Old', type: 'page', membersCount: 3, canPost: true, wall: null }] });
  });

  t.test('error 6 during reads: the 4th call in a second → retry_after for the account', async (t) => {
    await vk.readCommunities(creds, ['101']);
    await vk.searchCommunities(creds, 'работа', 5);
    await vk.resolveAddress(creds, 'rabota_tomsk');
    t.same(await vk.readCommunities(creds, ['101']), { kind: 'retry_after', seconds: 1, scope: 'account', reason: 'VK error 6: Too many requests per second', code: 6 });
    t.equal(last(fake.calls).result, 'error:6');
  });

  t.test("communities' screen names resolve; an unknown one does not", async (t) => {
    t.same(await vk.resolveAddress(creds, 'tomsk_secret'), { kind: 'resolved', address: '103', what: 'community 103 (vk.com/tomsk_secret)' });
    t.match(await vk.resolveAddress(creds, 'no_such_group'), { kind: 'unresolvable', reason: /no page named "no_such_group"/ });
  });

  t.test('setCommunity changes what VK answers; reset() goes back to the option', async (t) => {
    fake.setCommunity(101, { can_post: true, members_count: 53000 });
    fake.setCommunity(200, { name: 'Новая', screen_name: 'novaya' });
    t.match(await vk.readCommunities(creds, ['101', 'novaya']), { kind: 'communities', items: [{ id: 101, canPost: true, membersCount: 53000 }, { id: 200, name: 'Новая', screenName: 'novaya' }] });
    fake.reset();
    t.match(await vk.readCommunities(creds, ['101']), { kind: 'communities', items: [{ id: 101, canPost: false, membersCount: 52000 }] });
    t.same(await vk.readCommunities(creds, ['novaya']), { kind: 'communities', items: [] });
  });

  t.test('a dead token → needs_reauth, not in the outcome', async (t) => {
    const dead = { network: 'vk' as const, userToken: 'vk1.a.dead-token-dead-token' };
    const out = await vk.readCommunities(dead, ['101']);
    t.match(out, { kind: 'needs_reauth', reason: /VK error 5/ });
    assertNoSecret(t, out, [dead.userToken]);
  });

  t.test('without the communities option groups.getById still makes up a page for any id', async (t) => {
    const plain = await startVkFake();
    t.teardown(() => plain.close());
    const a = createVkAdapter({ baseUrl: plain.url, timeoutMs: 2000 });
    t.match(await a.readCommunities(creds, ['555']), { kind: 'communities', items: [{ id: 555, name: 'Group 555', screenName: 'club555', type: 'page' }] });
  });
});

t.test('Telegram', async (t) => {
  const fake = await startTelegramFake({
    chats: [
      { id: -1001, type: 'channel', username: 'jobs_channel', title: 'Jobs', linked_chat_id: -1002 },
      { id: -1002, type: 'supergroup', title: 'Jobs chat', linked_chat_id: -1001 },
      { id: -1003, type: 'channel', title: 'Kicked', botStatus: 'kicked' },
      { id: -1004, type: 'channel', username: 'no_admin', title: 'Member only', botStatus: 'member' },
      { id: -1005, type: 'channel', title: 'No post right', botStatus: 'administrator', botCanPostMessages: false },
      { id: -1006, type: 'supergroup', username: 'writers', title: 'Open group', botStatus: 'member', permissions: { can_send_messages: true } },
      { id: -1007, type: 'supergroup', title: 'Read-only group', botStatus: 'member', permissions: { can_send_messages: false } },
      { id: -1008, type: 'supergroup', title: 'Left group', botStatus: 'left' },
    ],
  });
  t.teardown(() => fake.close());
  const tg = createTelegramAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
  const creds: TelegramCredentials = { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN };
  const post = (address: string) => tg.publish(creds, { target: { address, mode: 'api' }, text: 'Вакансия' });
  t.beforeEach(() => fake.clock.advance(1000));

  t.test('readChat: a channel by @username, its linked discussion group', async (t) => {
    t.same(await tg.readChat(creds, '@jobs_channel'), {
      kind: 'chat',
      chat: { id: '-1001', type: 'channel', title: 'Jobs', username: 'jobs_channel', linkedChatId: '-1002', membersCanSendMessages: null },
    });
    t.match(last(fake.calls), { method: 'getChat', result: 'ok', params: { chat_id: '@jobs_channel' } });
    t.same(await tg.readChat(creds, '-1002'), {
      kind: 'chat',
      chat: { id: '-1002', type: 'supergroup', title: 'Jobs chat', username: null, linkedChatId: '-1001', membersCanSendMessages: true },
    });
  });

  t.test('readMembership: getChatMember with the bot id from the token', async (t) => {
    t.same(await tg.readMembership(creds, '-1001'), { kind: 'membership', membership: { status: 'administrator', canPostMessages: true, canSendMessages: null } });
    t.match(last(fake.calls), { method: 'getChatMember', params: { chat_id: '-1001', user_id: 123456789 } });
  });

  t.test('chat not found (400) → missing not_found', async (t) => {
    const want = { kind: 'missing', code: 'not_found', reason: 'Bad Request: chat not found' };
    t.same(await tg.readChat(creds, '@nobody_here'), want);
    t.same(await tg.readMembership(creds, '-1009'), want);
    t.same(await post('-1009'), { kind: 'permanent', reason: 'Bad Request: chat not found', code: 400 });
  });

  t.test('bot kicked (403) → missing bot_removed; posting there is refused', async (t) => {
    const want = { kind: 'missing', code: 'bot_removed', reason: 'Forbidden: bot was kicked from the channel chat' };
    t.same(await tg.readChat(creds, '-1003'), want);
    t.same(await tg.readMembership(creds, '-1003'), want);
    t.same(await post('-1003'), { kind: 'permanent', reason: 'Forbidden: bot was kicked from the channel chat', code: 403 });
    t.same(fake.messages(-1003), []);
  });

  t.test('bot a member but no admin of a channel: readable, members inaccessible, posting refused', async (t) => {
    t.match(await tg.readChat(creds, '@no_admin'), { kind: 'chat', chat: { id: '-1004', type: 'channel' } });
    t.same(await tg.readMembership(creds, '@no_admin'), { kind: 'missing', code: 'no_access', reason: 'Bad Request: member list is inaccessible' });
    t.same(await post('@no_admin'), { kind: 'permanent', reason: 'Bad Request: need administrator rights in the channel chat', code: 400 });
  });

  t.test('admin without can_post_messages: membership says so, posting refused', async (t) => {
    t.same(await tg.readMembership(creds, '-1005'), { kind: 'membership', membership: { status: 'administrator', canPostMessages: false, canSendMessages: null } });
    t.same(await post('-1005'), { kind: 'permanent', reason: 'Bad Request: need administrator rights in the channel chat', code: 400 });
  });

  t.test('group member allowed to write: posts; in a read-only group: refused', async (t) => {
    t.same(await tg.readChat(creds, '@writers'), {
      kind: 'chat',
      chat: { id: '-1006', type: 'supergroup', title: 'Open group', username: 'writers', linkedChatId: null, membersCanSendMessages: true },
    });
    t.same(await tg.readMembership(creds, '@writers'), { kind: 'membership', membership: { status: 'member', canPostMessages: null, canSendMessages: null } });
    t.match(await post('@writers'), { kind: 'published', networkPostId: '1' });

    t.match(await tg.readChat(creds, '-1007'), { kind: 'chat', chat: { membersCanSendMessages: false } });
    t.same(await post('-1007'), { kind: 'permanent', reason: 'Bad Request: not enough rights to send text messages to the chat', code: 400 });
  });

  t.test('bot left a private group: not a member (403) → missing no_access, posting refused', async (t) => {
    const want = { kind: 'missing', code: 'no_access', reason: 'Forbidden: bot is not a member of the supergroup chat' };
    t.same(await tg.readChat(creds, '-1008'), want);
    t.same(await tg.readMembership(creds, '-1008'), want);
    t.same(await post('-1008'), { kind: 'permanent', reason: 'Forbidden: bot is not a member of the supergroup chat', code: 403 });
  });

  t.test('setChat: the bot made admin, then kicked; a new chat by @username', async (t) => {
    fake.setChat(-1004, { botStatus: 'administrator', botCanPostMessages: true });
    t.match(await post('@no_admin'), { kind: 'published' });
    fake.setChat('@no_admin', { botStatus: 'kicked' });
    t.match(await tg.readChat(creds, '@no_admin'), { kind: 'missing', code: 'bot_removed' });
    fake.setChat('@fresh_jobs', { title: 'Fresh', botStatus: 'creator' });
    t.match(await tg.readChat(creds, '@fresh_jobs'), { kind: 'chat', chat: { type: 'channel', title: 'Fresh', username: 'fresh_jobs' } });
    t.same(await tg.readMembership(creds, '@fresh_jobs'), { kind: 'membership', membership: { status: 'creator', canPostMessages: null, canSendMessages: null } });
    fake.reset();
    t.match(await tg.readChat(creds, '@fresh_jobs'), { kind: 'missing', code: 'not_found' }, 'reset forgets setChat');
  });

  t.test('a restricted bot: canSendMessages as told', async (t) => {
    fake.setChat(-1007, { botStatus: 'restricted', botCanSendMessages: true });
    t.same(await tg.readMembership(creds, '-1007'), { kind: 'membership', membership: { status: 'restricted', canPostMessages: null, canSendMessages: true } });
    t.match(await post('-1007'), { kind: 'published' });
  });

  t.test('other failures keep their mapping: 429, 401, a moved group', async (t) => {
    fake.inject({ method: 'getChat', fault: telegramError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }) });
    t.same(await tg.readChat(creds, '-1001'), { kind: 'retry_after', seconds: 7, scope: 'target', reason: 'Too Many Requests: retry after 7', code: 429 });
    const bad = { network: 'telegram' as const, botToken: '999:WrongTokenWrongTokenWrong' };
    const out = await tg.readMembership(bad, '-1001');
    t.same(out, { kind: 'needs_reauth', reason: 'Unauthorized' });
    assertNoSecret(t, out, [bad.botToken]);
    fake.inject({ method: 'getChat', fault: telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1002 }) });
    t.same(await tg.readChat(creds, '-42'), { kind: 'target_moved', newAddress: '-1002' });
  });

  t.test('a token without a bot id → needs_reauth without a call', async (t) => {
    const before = fake.calls.length;
    t.match(await tg.readMembership({ network: 'telegram', botToken: 'not-a-bot-token-at-all' }, '-1001'), { kind: 'needs_reauth' });
    t.equal(fake.calls.length, before);
  });

  t.test('unlisted chats keep the old behaviour: anything goes without the chats option', async (t) => {
    const open = await startTelegramFake();
    t.teardown(() => open.close());
    const a = createTelegramAdapter({ baseUrl: open.url, timeoutMs: 2000 });
    t.match(await a.publish(creds, { target: { address: '-100777', mode: 'api' }, text: 'x' }), { kind: 'published' });
    t.match(await a.readMembership(creds, '-100777'), { kind: 'membership', membership: { status: 'administrator', canPostMessages: true } });
  });
});

t.test('OK', async (t) => {
  const me = '575000000001';
  const fake = await startOkFake({
    groups: [
      { id: '53038939046008', name: 'Работа в Казани', shortname: 'rabota_kazan', members_count: 12000, roles: { [me]: 'ADMIN' } },
      { id: '53038939046009', name: 'Закрытый клуб', shortname: 'closed_club', members_count: 80, private: true },
      { id: '53038939046010', name: 'Вакансии', members_count: 500, roles: { [me]: 'EDITOR' } },
      { id: '53038939046011', name: 'Соседи', roles: { [me]: 'ACTIVE' } },
    ],
    links: { 'https://ok.ru/profile/575000000001': { type: 'USER', objectId: me } },
  });
  t.teardown(() => fake.close());
  const ok = createOkAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
  const creds: OkCredentials = { network: 'ok', applicationKey: OK_FAKE_APP_KEY, applicationSecretKey: OK_FAKE_APP_SECRET, accessToken: OK_FAKE_TOKEN };

  t.test('resolveLink: a group by its short name and by its id link; a profile', async (t) => {
    t.same(await ok.resolveLink(creds, 'https://ok.ru/rabota_kazan'), { kind: 'object', type: 'GROUP', id: '53038939046008' });
    t.match(last(fake.calls), { result: 'ok', params: { method: 'url.getInfo', url: 'https://ok.ru/rabota_kazan', sig: /^[0-9a-f]{32}$/ } });
    t.same(await ok.resolveLink(creds, 'https://m.ok.ru/group/53038939046009/'), { kind: 'object', type: 'GROUP', id: '53038939046009' });
    t.same(await ok.resolveLink(creds, 'https://ok.ru/profile/575000000001'), { kind: 'object', type: 'USER', id: me });
  });

  t.test('resolveLink: a link to nothing (NOT_FOUND, or an answer without an id) → missing', async (t) => {
    t.same(await ok.resolveLink(creds, 'https://ok.ru/no_such_group'), { kind: 'missing', code: 'not_found', reason: 'OK knows nothing at https://ok.ru/no_such_group' });
    t.equal(last(fake.calls).result, 'error:300');
    fake.inject({ method: 'url.getInfo', fault: { type: 'respond', status: 200, body: { type: 'UNKNOWN' } } });
    t.match(await ok.resolveLink(creds, 'https://ok.ru/odd'), { kind: 'missing', code: 'not_found' });
  });

  t.test('readGroups: group.getInfo, signed; a private group; an unknown id left out', async (t) => {
    t.same(await ok.readGroups(creds, ['53038939046008', '53038939046009', '1']), {
      kind: 'groups',
      items: [
        { id: '53038939046008', name: 'Работа в Казани', shortname: 'rabota_kazan', membersCount: 12000, private: false, status: 'ACTIVE' },
        { id: '53038939046009', name: 'Закрытый клуб', shortname: 'closed_club', membersCount: 80, private: true, status: 'ACTIVE' },
      ],
    });
    t.match(last(fake.calls), { result: 'ok', params: { method: 'group.getInfo', uids: '53038939046008,53038939046009,1', fields: 'uid,name,shortname,members_count,private,status' } });
  });

  t.test('readGroups: the wrapped answer of the newer docs reads the same', async (t) => {
    fake.inject({ method: 'group.getInfo', fault: { type: 'respond', status: 200, body: { groups: [{ uid: '42', name: 'W', private: true }] } } });
    t.same(await ok.readGroups(creds, ['42']), { kind: 'groups', items: [{ id: '42', name: 'W', shortname: null, membersCount: null, private: true, status: null }] });
  });

  t.test('readRole: ADMIN, an editor, a member, not a member', async (t) => {
    t.same(await ok.readRole(creds, '53038939046008', me), { kind: 'role', role: 'ADMIN' });
    t.match(last(fake.calls), { result: 'ok', params: { method: 'group.getUserGroupsByIds', group_id: '53038939046008', uids: me } });
    t.same(await ok.readRole(creds, '53038939046010', me), { kind: 'role', role: 'EDITOR' });
    t.same(await ok.readRole(creds, '53038939046011', me), { kind: 'role', role: 'ACTIVE' });
    t.same(await ok.readRole(creds, '53038939046009', me), { kind: 'role', role: null });
  });

  t.test('readRole: one who left (PASSIVE) is no member; setGroup changes roles', async (t) => {
    fake.setGroup('53038939046009', { roles: { [me]: 'PASSIVE' } });
    t.same(await ok.readRole(creds, '53038939046009', me), { kind: 'role', role: null });
    fake.setGroup('53038939046009', { roles: { [me]: 'MODERATOR' } });
    t.same(await ok.readRole(creds, '53038939046009', me), { kind: 'role', role: 'MODERATOR' });
    fake.reset();
    t.same(await ok.readRole(creds, '53038939046009', me), { kind: 'role', role: null });
  });

  t.test('OK errors map as for publishing; no secret leaks', async (t) => {
    fake.inject({ method: 'group.getInfo', fault: okError(8) });
    t.match(await ok.readGroups(creds, ['53038939046008']), { kind: 'retry_after', scope: 'account', code: 8 });
    t.match(await ok.readRole(creds, 'not-a-group', me), { kind: 'permanent', code: 160 });
    const dead = { ...creds, accessToken: 'tkn1DeadDeadDeadDeadDead' };
    const out = await ok.resolveLink(dead, 'https://ok.ru/rabota_kazan');
    t.match(out, { kind: 'needs_reauth', reason: /102/ });
    assertNoSecret(t, out, [dead.accessToken, OK_FAKE_APP_SECRET]);
  });
});
