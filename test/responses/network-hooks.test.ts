// Responses the networks push: Telegram updates to the bot's webhook (set by the service with a secret
// token), VK Callback API events and a Facebook Page's signed feed deliveries, sent over HTTP by the
// fakes as the networks send them, land on the right post; bad secrets and signatures write nothing;
// a repeated delivery counts once.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { engineSetup } from '../helpers/engine-setup.js';
import { freePort } from '../helpers/free-port.js';
import { discussionComment, groupReply, reactionCount } from '../fakes/telegram-updates.js';
import { vkCallback } from '../fakes/vk-callback.js';
import { facebookFeed } from '../fakes/facebook-webhooks.js';
import { FACEBOOK_FAKE_PAGE_ID } from '../fakes/index.js';

const CHANNEL = { id: -1001987654321, username: 'zerno_jobs_a', title: 'Зерно: вакансии' };
const NAMED = { id: -1001222333444, username: 'zerno_jobs_b', title: 'Зерно: Москва' };
const DISCUSSION = { id: -1001555000111, title: 'Зерно: обсуждение' };
const MARIA = { id: 5512093311, first_name: 'Мария', last_name: 'Соколова', username: 'm_sokolova' };
const VK_GROUP = 31415926;

t.test('Telegram webhook and VK Callback API: reactions and comments on the right post', async (t) => {
  const port = await freePort();
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  await s.app.listen({ port, host: '127.0.0.1' });
  const count = async (table: string) => rowsOf<{ n: number }>(await s.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  const byId = await s.group({ network: 'telegram', name: 'Channel by id', kind: 'channel', mode: 'api', address: String(CHANNEL.id), accountId: s.accounts.telegram.id });
  const byName = await s.group({ network: 'telegram', name: 'Channel by name', kind: 'channel', mode: 'api', address: `@${NAMED.username}`, accountId: s.accounts.telegram.id });
  const vk = await s.group({ network: 'vk', name: 'Работа Томск', kind: 'group', mode: 'api', address: String(VK_GROUP), accountId: s.accounts.vk.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [byId.id, byName.id, vk.id] }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.length === 3 && ps.every((p) => p.status === 'published'));
  const postIn = (groupId: string) => posts.find((p) => p.groupId === groupId)!;
  const messageId = (groupId: string) => Number(postIn(groupId).networkPostId);

  // ---- Telegram: the service sets the webhook ----
  const tgHook = await s.json({ method: 'POST', url: `/v1/accounts/${s.accounts.telegram.id}/response-hooks`, payload: {} }, 201);
  t.equal(tgHook.kind, 'telegram_webhook');
  const webhook = s.fakes.telegram.webhook()!;
  t.equal(webhook.url, `http://127.0.0.1:${port}/hooks/telegram/${tgHook.id}`, 'setWebhook got the hook URL');
  t.match(webhook.secretToken, /^[A-Za-z0-9_-]{32,}$/, 'with a secret token');
  t.ok(webhook.allowedUpdates?.includes('message_reaction_count'), 'reaction counts asked for by name');
  t.notOk(JSON.stringify(tgHook).includes(webhook.secretToken!), 'the secret is not answered');
  const [stored] = rowsOf<{ secret: string }>(await s.database.db.execute(sql`select secret from network_hooks where id = ${tgHook.id}`));
  t.notOk(stored!.secret.includes(webhook.secretToken!), 'and is sealed at rest');

  const sent = await s.fakes.telegram.deliver(reactionCount(CHANNEL, messageId(byId.id), { '👍': 3, '🔥': 1 }));
  t.same([sent.delivered, sent.status], ['webhook', 200]);
  // Totals are totals: a later update replaces the count, it does not add to it; an older one
  // arriving late (Telegram delivers in parallel) does not replace a newer one.
  const now = Math.floor(Date.now() / 1000);
  await s.fakes.telegram.deliver(reactionCount(CHANNEL, messageId(byId.id), { '👍': 5 }, now + 5));
  await s.fakes.telegram.deliver(reactionCount(CHANNEL, messageId(byId.id), { '👍': 2 }, now + 1));
  const comment = discussionComment({ channel: NAMED, channelMessageId: messageId(byName.id), discussion: DISCUSSION, forwardId: 4402, messageId: 4410, from: MARIA, text: 'Можно ли совмещать с учёбой?' });
  t.equal((await s.fakes.telegram.deliver(comment)).status, 200);
  await s.fakes.telegram.deliver(groupReply({ group: { id: -1009999 }, postMessageId: 1, messageId: 7, from: MARIA, text: 'not our post' }));
  await s.fakes.telegram.deliver(reactionCount(CHANNEL, 999_999, { '👍': 40 }));
  t.equal(await count('comments'), 1, 'a reply to a post that is not ours is acknowledged and dropped');

  // A wrong secret, or none: refused, nothing written.
  const before = [await count('hook_events'), await count('comments'), await count('post_counters')];
  const forged = { update_id: 1, ...reactionCount(CHANNEL, messageId(byId.id), { '👍': 1000 }) };
  for (const headers of [{ 'x-telegram-bot-api-secret-token': 'not-the-secret' }, {}]) {
    const res = await s.app.inject({ method: 'POST', url: `/hooks/telegram/${tgHook.id}`, headers, payload: forged });
    t.equal(res.statusCode, 401);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  t.same([await count('hook_events'), await count('comments'), await count('post_counters')], before, 'a bad secret writes nothing');
  // The same update twice (Telegram retries when it saw no answer): recorded once.
  const again = { update_id: 77, ...discussionComment({ channel: NAMED, channelMessageId: messageId(byName.id), discussion: DISCUSSION, forwardId: 4402, messageId: 4411, from: MARIA, text: 'И ещё вопрос' }) };
  const secretHeader = { 'x-telegram-bot-api-secret-token': webhook.secretToken! };
  const first = await s.app.inject({ method: 'POST', url: `/hooks/telegram/${tgHook.id}`, headers: secretHeader, payload: again });
  const second = await s.app.inject({ method: 'POST', url: `/hooks/telegram/${tgHook.id}`, headers: secretHeader, payload: again });
  t.same([first.json().duplicate, second.json().duplicate], [false, true]);
  t.equal(await count('comments'), 2, 'the repeated update added one comment, not two');
  const unknownHook = await s.app.inject({ method: 'POST', url: '/hooks/telegram/0190c0de-0000-7000-8000-000000000000', headers: secretHeader, payload: again });
  t.equal(unknownHook.statusCode, 404);

  // ---- VK: the admin adds our server in the community's Callback API settings ----
  const vkHook = await s.json({
    method: 'POST',
    url: `/v1/accounts/${s.accounts.vk.id}/response-hooks`,
    payload: { groupId: String(VK_GROUP), confirmationCode: 'a1b2c3d4', secret: 'Zerno2026callback' },
  }, 201);
  t.equal(vkHook.url, `http://127.0.0.1:${port}/hooks/vk/${vkHook.id}`);
  const vkServer = vkCallback({ url: vkHook.url, groupId: VK_GROUP, secret: 'Zerno2026callback' });
  t.same(await vkServer.confirm(), { status: 200, text: 'a1b2c3d4' }, 'the confirmation handshake');
  const wrongCommunity = await vkCallback({ url: vkHook.url, groupId: 1, secret: 'x' }).confirm();
  t.equal(wrongCommunity.status, 403, 'a confirmation for another community is refused');
  const wallPost = messageId(vk.id);
  const newComment = vkServer.commentNew(wallPost, 1201, 48151623, 'Какой график?');
  t.same(await vkServer.send(newComment), { status: 200, text: 'ok' });
  t.same(await vkServer.send(newComment, 1), { status: 200, text: 'ok' }, "VK's retry of the same event is answered ok…");
  t.equal(await count(`comments where network = 'vk'`), 1, '…and counted once');
  await vkServer.send(vkServer.commentNew(wallPost, 1202, 48151624, 'Спам'));
  await vkServer.send(vkServer.commentDelete(wallPost, 1202));
  await vkServer.send(vkServer.commentEdit(wallPost, 1201, 48151623, 'Какой график работы?'));
  const firstLike = vkServer.like(wallPost, 1);
  await vkServer.send(firstLike);
  t.same(await vkServer.send(firstLike, 1), { status: 200, text: 'ok' }, 'a like sent again with its event_id…');
  await vkServer.send(vkServer.like(wallPost, 2));
  await vkServer.send(vkServer.like(wallPost, 2, false));
  await vkServer.send(vkServer.repost(wallPost, 555));
  const vkBefore = [await count('hook_events'), await count('post_counters where reactions > 1')];
  const forgedVk = await vkServer.send({ ...vkServer.like(wallPost, 3), secret: 'WrongSecret1' });
  t.equal(forgedVk.status, 403, 'a wrong VK secret is refused…');
  const { secret: _secret, ...unsigned } = vkServer.like(wallPost, 4);
  t.equal((await vkServer.send(unsigned)).status, 403, '…and so is none');
  t.same([await count('hook_events'), await count('post_counters where reactions > 1')], vkBefore, '…writing nothing');

  // ---- what the recruiter reads ----
  type GroupCounts = { groupId: string; reactions: number; reposts: number; comments: number; views: number | null };
  const report = await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/responses` });
  const of = (groupId: string) => report.groups.find((g: GroupCounts) => g.groupId === groupId) as GroupCounts;
  t.match(of(byId.id), { reactions: 5, comments: 0, views: null }, 'the reaction totals on the channel post addressed by id');
  t.match(of(byName.id), { reactions: 0, comments: 2 }, 'the discussion comments on the channel post addressed by @username');
  t.match(of(vk.id), { reactions: 1, reposts: 1, comments: 1 }, '…counts once. VK: two likes, one taken back, a repost, a comment (the deleted one not counted)');
  t.match(report.totals, { reactions: 6, reposts: 1, comments: 3 });
  const listed = await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/comments?limit=2` });
  t.equal(listed.items.length, 2);
  t.type(listed.nextCursor, 'string');
  const rest = await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/comments?limit=2&cursor=${listed.nextCursor}` });
  const all = [...listed.items, ...rest.items];
  t.equal(all.length, 3);
  t.equal(rest.nextCursor, null);
  const vkComment = all.find((c: { network: string }) => c.network === 'vk');
  t.match(vkComment, { text: 'Какой график работы?', authorUrl: 'https://vk.com/id48151623', groupId: vk.id });
  t.type(vkComment.editedAt, 'string', 'the edit is shown');
  const tgComment = all.find((c: { text: string }) => c.text === 'Можно ли совмещать с учёбой?');
  t.match(tgComment, { authorName: 'Мария Соколова', authorUrl: 'https://t.me/m_sokolova', groupId: byName.id, postPermalink: `https://t.me/${NAMED.username}/${messageId(byName.id)}` });
  const onePost = await s.json({ method: 'GET', url: `/v1/posts/${postIn(byId.id).id}/responses` });
  t.match(onePost, { reactions: 5, counters: { reactions: 5, views: null } });
  t.equal((await s.json({ method: 'GET', url: `/v1/posts/${postIn(vk.id).id}/comments` })).items.length, 1);

  // Removing the Telegram hook stops the webhook at Telegram.
  const removed = await s.call({ method: 'DELETE', url: `/v1/accounts/${s.accounts.telegram.id}/response-hooks/${tgHook.id}` });
  t.equal(removed.statusCode, 204);
  t.equal(s.fakes.telegram.webhook()!.url, '');
  const hooks = await s.json({ method: 'GET', url: `/v1/accounts/${s.accounts.vk.id}/response-hooks` });
  t.same(hooks.items.map((h: { id: string }) => h.id), [vkHook.id]);
  t.notOk(JSON.stringify(hooks).includes('Zerno2026callback'), 'the VK secret is never answered');
  // Networks that are polled have nothing to set up.
  const fb = await s.call({ method: 'POST', url: `/v1/accounts/${s.accounts.facebook.id}/response-hooks`, payload: {} });
  t.match(fb.json(), { status: 422, errors: [{ field: 'appSecret' }, { field: 'verifyToken' }] }, "a Page's hook needs its app secret and verify token");
  const wrongAccount = await s.call({ method: 'POST', url: `/v1/accounts/${s.accounts.telegram.id}/response-hooks`, payload: { groupId: '31415926' } });
  t.match(wrongAccount.json(), { status: 422, errors: [{ field: 'groupId', message: 'is not for a telegram account' }] }, 'another network\'s fields are refused, not ignored');
});

t.test('Telegram without PUBLIC_BASE_URL: the service fetches the updates itself', async (t) => {
  const s = await engineSetup(t, { env: { TELEGRAM_UPDATES_SECONDS: '1' } });
  const channel = await s.group({ network: 'telegram', name: 'Channel', kind: 'channel', mode: 'api', address: String(CHANNEL.id), accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [channel.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  const hook = await s.json({ method: 'POST', url: `/v1/accounts/${s.accounts.telegram.id}/response-hooks`, payload: {} }, 201);
  t.same([hook.kind, hook.url], ['telegram_updates', null]);
  t.equal(s.fakes.telegram.webhook()!.url, '', 'any webhook is removed: getUpdates works only without one');
  const queued = await s.fakes.telegram.deliver(reactionCount(CHANNEL, Number(post!.networkPostId), { '❤': 7 }));
  t.equal(queued.delivered, 'queued');
  const reactions = async () => (await s.json({ method: 'GET', url: `/v1/posts/${post!.id}/responses` })).reactions as number;
  const until = Date.now() + 15_000;
  while ((await reactions()) !== 7 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  t.equal(await reactions(), 7, 'the fetched reaction count is on the post');
  const fetches = () => s.fakes.telegram.calls.filter((c) => c.method === 'getUpdates').length;
  const seen = fetches();
  while (fetches() < seen + 2 && Date.now() < until + 10_000) await new Promise((r) => setTimeout(r, 200));
  const last = s.fakes.telegram.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
  t.equal(Number(last.params.offset), queued.updateId + 1, 'the next fetch confirms the update (offset past it)');
  t.equal(await count(s), 1, 'and it is recorded once however many fetches saw it');

  // A job of a step already taken (a retry after its next was chained) ends without fetching.
  const { updates } = s.app.services.networkResponses;
  const before = fetches();
  await updates.fetchUpdates({ hookId: hook.id, step: 0 });
  t.equal(fetches(), before, 'a stale step fetches nothing');
  // A chain that looks stopped is started again; if it was alive after all, one of the two ends.
  await s.database.db.execute(sql`update network_hooks set updated_at = now() - interval '1 hour' where id = ${hook.id}`);
  t.equal(await updates.revive(), 1, 'the stalled chain is revived');
  const revivedAt = fetches();
  const later = Date.now() + 15_000;
  while (fetches() < revivedAt + 3 && Date.now() < later) await new Promise((r) => setTimeout(r, 200));
  t.ok(fetches() >= revivedAt + 3, 'and fetches go on');
  const waitingJobs = async () =>
    rowsOf<{ n: number }>(
      await s.database.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'responses.telegram-updates' and state in ('created', 'retry') and data->>'hookId' = ${hook.id}`),
    )[0]!.n;
  // Sampled for a few fetches: a job of the chain may be running (none waiting) at any one moment, but
  // two chains would keep two fetches waiting.
  let mostWaiting = 0;
  for (let i = 0; i < 15; i++) {
    mostWaiting = Math.max(mostWaiting, await waitingJobs());
    await new Promise((r) => setTimeout(r, 200));
  }
  t.equal(mostWaiting, 1, 'as one chain: at most one fetch waiting, never two');
});

async function count(s: Awaited<ReturnType<typeof engineSetup>>) {
  return rowsOf<{ n: number }>(await s.database.db.execute(sql`select count(*)::int as n from hook_events`))[0]!.n;
}

t.test("Facebook Page feed: Facebook's check, signed deliveries, each change once", async (t) => {
  const port = await freePort();
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  await s.app.listen({ port, host: '127.0.0.1' });
  const page = await s.group({ network: 'facebook', name: 'Zerno Page', kind: 'page', mode: 'api', address: `https://www.facebook.com/${FACEBOOK_FAKE_PAGE_ID}`, accountId: s.accounts.facebook.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [page.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  const postId = String(post!.networkPostId);

  const appSecret = 'f1e2d3c4b5a697887766554433221100';
  const hook = await s.json({ method: 'POST', url: `/v1/accounts/${s.accounts.facebook.id}/response-hooks`, payload: { appSecret, verifyToken: 'zerno-verify-2026' } }, 201);
  t.same([hook.kind, hook.groupId], ['facebook_feed', FACEBOOK_FAKE_PAGE_ID]);
  t.ok(s.fakes.facebook.calls.some((c) => c.method === 'POST /{id}/subscribed_apps'), 'the Page was subscribed to the app');
  t.notOk(JSON.stringify(hook).includes(appSecret), 'the app secret is not answered');
  const fb = facebookFeed({ url: hook.url, pageId: FACEBOOK_FAKE_PAGE_ID, appSecret });
  t.same(await fb.verify('zerno-verify-2026'), { status: 200, text: '1158201444' }, "Facebook's subscription check is answered with its challenge");
  t.equal((await fb.verify('someone-else')).status, 403);

  const count = async (table: string) => rowsOf<{ n: number }>(await s.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
  const comment = fb.comment(postId, `${postId}_1`, 'Анна Иванова', 'Есть ли удалёнка?');
  const first = await fb.deliver([comment, fb.reaction(postId, 'u1'), fb.reaction(postId, 'u2'), fb.share(postId, 's1')]);
  t.same([first.status, first.json.changes], [200, 4]);
  const again = await fb.deliver([comment]);
  t.same([again.status, again.json.changes], [200, 0], 'a change sent again is taken once');
  await fb.deliver([fb.reaction(postId, 'u2', 'remove'), fb.comment(postId, `${postId}_2`, 'Пётр', 'ответ на комментарий', 'add', `${postId}_1`)]);
  const before = [await count('hook_events'), await count('comments')];
  const forged = await fb.deliver([fb.comment(postId, `${postId}_3`, 'Mallory', 'forged')], '00000000000000000000000000000000');
  t.equal(forged.status, 401, 'a delivery signed with another secret is refused…');
  t.same([await count('hook_events'), await count('comments')], before, '…and writes nothing');

  const report = await s.json({ method: 'GET', url: `/v1/posts/${post!.id}/responses` });
  t.match(report, { reactions: 1, reposts: 1, comments: 1 }, 'two reactions, one taken back, a share, a comment (a reply to it is not a comment on the post)');
  const comments = await s.json({ method: 'GET', url: `/v1/posts/${post!.id}/comments` });
  t.match(comments.items, [{ authorName: 'Анна Иванова', text: 'Есть ли удалёнка?', network: 'facebook' }]);
});
