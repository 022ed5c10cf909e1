// How the engine handles a network that says no, says "later", or says nothing, end to end: through
// the HTTP API on one side and the wire fakes' call logs on the other. The rule these all come back
// to: a post is re-sent by the engine only when the network provably did not take it (429, quota,
// migrated chat); a silent network leaves the post 'unknown' for a person, and a refusal that a
// person must fix (dead token, captcha, kicked bot) parks or fails the post without retrying.
import t from 'tap';
import { DateTime } from 'luxon';
import { TELEGRAM_FAKE_TOKEN, telegramError, vkError, type FakeCall } from '../fakes/index.js';
import { engineSetup } from '../helpers/engine-setup.js';

type Setup = Awaited<ReturnType<typeof engineSetup>>;
type Post = { id: string; vacancyId: string; status: string; hold: string | null; attempt: number; address: string | null; permalink: string | null; lastError: string | null; dueAt: string; groupId: string };
type HistoryEvent = { at: string; from: string | null; to: string; attempt: number; note: string | null; error: string | null };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST a `now` campaign of the vacancy to the groups; returns the created posts. */
async function campaignNow(s: Setup, vacancyId: string, groupIds: string[]): Promise<Post[]> {
  const body = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyId}/campaigns`, payload: { targets: { groupIds }, timing: { type: 'now' } } }, 201);
  return body.posts;
}

const getPost = (s: Setup, id: string) => s.json({ method: 'GET', url: `/v1/posts/${id}` }) as Promise<Post & { history: HistoryEvent[] }>;

/** Polls one post until `done` holds; fails with its last state otherwise. */
async function waitForPost(s: Setup, id: string, done: (p: Post) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last = await getPost(s, id);
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`timed out; post: ${JSON.stringify({ status: last.status, hold: last.hold, lastError: last.lastError })}`);
    await sleep(200);
    last = await getPost(s, id);
  }
  return last;
}

/**
 * The history without the engine's "missed its rate-limit slot" round trips: a worker too slow to
 * use its slot records sending → queued without calling the network. What is left is one
 * 'sending' per real call.
 */
function realTransitions(history: HistoryEvent[]): HistoryEvent[] {
  const missed = (e: HistoryEvent | undefined) => e?.from === 'sending' && e.to === 'queued' && /missed its rate-limit slot/.test(e.note ?? '');
  return history.filter((e, i) => !missed(e) && !(e.to === 'sending' && missed(history[i + 1])));
}

/** Calls of one network method (optionally to one target) in the fake's log. */
const callsOf = (calls: FakeCall[], method: string, target?: string) =>
  calls.filter((c) => c.method === method && (target === undefined || c.target === target));

const telegramGroup = (s: Setup, name: string, address: string, kind: 'channel' | 'group' = 'channel') =>
  s.group({ network: 'telegram', name, kind, mode: 'api', address, accountId: s.accounts.telegram.id });
const vkGroup = (s: Setup, name: string, address: string) =>
  s.group({ network: 'vk', name, mode: 'api', address, accountId: s.accounts.vk.id });

t.test('429 storm on Telegram: every post goes out once, late, and the engine provokes no 429 of its own', async (t) => {
  // The fake's real limits stay on (1 msg/s and 20 msg/min per chat): any 429 beyond the injected
  // six would be one the engine provoked by pacing badly.
  const s = await engineSetup(t);
  const chats = ['-1001000000001', '-1001000000002', '-1001000000003'];
  const groups = await Promise.all(chats.map((c, i) => telegramGroup(s, `Chan ${i + 1}`, c)));
  const titles = ['Бариста', 'Кондитер', 'Курьер', 'Повар'];
  const vacancies = await Promise.all(titles.map((title) => s.vacancy({ title })));

  const INJECTED = 6;
  s.fakes.telegram.inject({ method: 'sendMessage', times: INJECTED, fault: telegramError(429, 'Too Many Requests: retry after 2', { retry_after: 2 }) });
  for (const v of vacancies) await campaignNow(s, v.id, groups.map((g) => g.id));

  const all: Post[] = [];
  for (const v of vacancies) all.push(...((await s.waitForPosts(v.id, (ps) => ps.length === 3 && ps.every((p) => p.status === 'published'), 60_000)) as unknown as Post[]));
  t.equal(all.length, 12);
  t.ok(all.every((p) => p.status === 'published'), 'all 12 published');

  const sends = callsOf(s.fakes.telegram.calls, 'sendMessage');
  const tooMany = sends.filter((c) => c.result === 'error:429');
  t.equal(tooMany.length, INJECTED, 'exactly the injected 429s: the engine provoked none itself');
  t.equal(sends.filter((c) => c.result === 'ok').length, 12, 'one successful call per post');

  for (const chat of chats) {
    // No duplicates: four messages, one per vacancy.
    const messages = s.fakes.telegram.messages(chat);
    t.equal(messages.length, 4, `${chat}: exactly 4 messages`);
    t.same(titles.map((title) => messages.filter((m) => m.visible.includes(title)).length), [1, 1, 1, 1], `${chat}: one message per vacancy`);

    // Pacing: successful sends to one chat at least 1 s apart (Telegram's 1 msg/s per chat).
    const times = callsOf(s.fakes.telegram.calls, 'sendMessage', chat).filter((c) => c.result === 'ok').map((c) => c.time);
    for (let i = 1; i < times.length; i++) t.ok(times[i]! - times[i - 1]! >= 1000, `${chat}: sends ${i - 1}→${i} are ${times[i]! - times[i - 1]!} ms apart (>= 1000)`);
  }

  // Posts that got a 429 went through retry_scheduled; the others did not. A call is matched to its
  // post by chat and by the vacancy title in the text.
  const groupChat = new Map(groups.map((g, i) => [g.id, chats[i]!]));
  const histories = new Map<string, HistoryEvent[]>();
  for (const [vi, v] of vacancies.entries()) {
    for (const p of all.filter((x) => x.vacancyId === v.id)) {
      const mine = callsOf(s.fakes.telegram.calls, 'sendMessage', groupChat.get(p.groupId)).filter((c) => String(c.params.text).includes(titles[vi]!));
      const refused = mine.filter((c) => c.result === 'error:429').length;
      const { history, attempt } = await getPost(s, p.id);
      histories.set(p.id, history);
      t.equal(history.filter((e) => e.from === 'sending' && e.to === 'retry_scheduled').length, refused, `${titles[vi]} → ${groupChat.get(p.groupId)}: one retry_scheduled per 429`);
      t.equal(attempt, refused + 1, 'attempt counts every call');
      t.equal(history.at(-1)!.to, 'published');
    }
  }

  // retry_after honoured: once a 429's wait is recorded for a chat (one of its posts went to
  // retry_scheduled), no post of that chat may be claimed for sending until the wait is over.
  // Calls already in flight when the 429 came back cannot be helped, so the check is on when the
  // 'sending' of a real call was recorded, not on when the fake saw the call. 100 ms of slack for
  // the commit of the block itself.
  for (const chat of chats) {
    const ofChat = all.filter((p) => groupChat.get(p.groupId) === chat).map((p) => histories.get(p.id)!);
    const waits = ofChat.flat().filter((e) => e.from === 'sending' && e.to === 'retry_scheduled').map((e) => {
      const from = Date.parse(e.at);
      return { from, until: from + Number(/asked to wait (\d+) s/.exec(e.note ?? '')?.[1] ?? 0) * 1000 };
    });
    const claims = ofChat.flatMap(realTransitions).filter((e) => e.to === 'sending').map((e) => Date.parse(e.at));
    const early = claims.filter((c) => waits.some((w) => c > w.from + 100 && c < w.until));
    t.same(early.map((c) => new Date(c).toISOString()), [], `${chat}: no post claimed while a retry_after of the chat was running`);
  }
});

t.test('a timeout leaves the post unknown and never re-sends it; a person resolves it', async (t) => {
  // NETWORK_TIMEOUT_MS is 2000 in engineSetup: a hung call becomes 'unknown' after 2 s.
  const s = await engineSetup(t);
  const found = await telegramGroup(s, 'Found later', '-1002000000001');
  const lost = await telegramGroup(s, 'Really lost', '-1002000000002');
  const vacancy = await s.vacancy();
  s.fakes.telegram.inject({ method: 'sendMessage', times: 2, fault: { type: 'hang' } });
  await campaignNow(s, vacancy.id, [found.id, lost.id]);

  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.every((p) => p.status === 'unknown'));
  for (const p of posts) t.match(p.lastError, /may have taken effect/, 'lastError says the call may have gone through');
  // Long enough for any automatic retry (job retry, sweep, lease expiry) to show itself.
  await sleep(4000);
  const byGroup = new Map(posts.map((p) => [p.groupId, p]));
  const foundPost = byGroup.get(found.id)!;
  const lostPost = byGroup.get(lost.id)!;
  t.equal(callsOf(s.fakes.telegram.calls, 'sendMessage', '-1002000000001').length, 1, 'found: exactly one call, no automatic resend');
  t.equal(callsOf(s.fakes.telegram.calls, 'sendMessage', '-1002000000002').length, 1, 'lost: exactly one call, no automatic resend');
  t.equal((await getPost(s, foundPost.id)).status, 'unknown', 'still unknown after waiting');

  // The person found the post on the network: it is published, nothing is sent.
  const marked = await s.json({ method: 'POST', url: `/v1/posts/${foundPost.id}/mark-published`, payload: { permalink: 'https://t.me/c/2000000001/1' } });
  t.equal(marked.status, 'published');
  t.equal(marked.permalink, 'https://t.me/c/2000000001/1');
  t.equal(marked.lastError, null);
  t.same(realTransitions((await getPost(s, foundPost.id)).history).map((e) => e.to), ['queued', 'sending', 'unknown', 'published']);

  // The person checked the other one is not there: re-send it, once.
  const resent = await s.json({ method: 'POST', url: `/v1/posts/${lostPost.id}/resend` });
  t.equal(resent.status, 'queued');
  const done = await waitForPost(s, lostPost.id, (p) => p.status === 'published');
  t.equal(done.attempt, 2);
  t.match(done.permalink, /^https:\/\/t\.me\/c\/2000000002\/\d+$/);
  await sleep(500);
  const lostCalls = callsOf(s.fakes.telegram.calls, 'sendMessage', '-1002000000002');
  t.same(lostCalls.map((c) => c.result), ['fault:hang', 'ok'], 'two calls: the hung one and the re-send');
  t.equal(callsOf(s.fakes.telegram.calls, 'sendMessage', '-1002000000001').length, 1, 'marking as published sent nothing');
  // A resolved post cannot be resolved again: a conflict, not a server error.
  const again = await s.call({ method: 'POST', url: `/v1/posts/${foundPost.id}/resend` });
  t.equal(again.statusCode, 409, 'a published post cannot be re-sent');
  t.equal(again.json().postStatus, 'published');
});

t.test('a dead token parks the account\'s posts, and new credentials release them', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1003000000001';
  const g = await telegramGroup(s, 'Chan', chat);
  const first = await s.vacancy({ title: 'Бариста' });
  s.fakes.telegram.inject({ method: 'sendMessage', times: Infinity, fault: telegramError(401, 'Unauthorized') });
  const [p1] = await campaignNow(s, first.id, [g.id]);

  // Not failed: queued and held until the account works again.
  const held1 = await waitForPost(s, p1!.id, (p) => p.hold === 'account_needs_reauth');
  t.equal(held1.status, 'queued');
  t.equal(held1.lastError, 'Unauthorized');
  const account = await s.json({ method: 'GET', url: `/v1/accounts/${s.accounts.telegram.id}` });
  t.equal(account.status, 'needs_reauth');
  t.equal(account.lastCheckError, 'Unauthorized');

  // A later campaign to the same account is held before any call is made.
  const second = await s.vacancy({ title: 'Кондитер' });
  const [p2] = await campaignNow(s, second.id, [g.id]);
  const held2 = await waitForPost(s, p2!.id, (p) => p.hold === 'account_needs_reauth');
  t.equal(held2.status, 'queued');
  t.equal(held2.attempt, 0, 'never sent');
  await sleep(1500);
  t.equal(callsOf(s.fakes.telegram.calls, 'sendMessage').length, 1, 'one refused call; the dead token is not tried again');
  t.equal((await getPost(s, p1!.id)).status, 'queued', 'still held');

  // The token is fixed on the network's side (reset() drops the fault, and the call log with it).
  s.fakes.telegram.reset();
  const patched = await s.json({ method: 'PATCH', url: `/v1/accounts/${s.accounts.telegram.id}`, payload: { credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } } });
  t.equal(patched.status, 'unchecked', 'new credentials are unproven until checked');

  const done1 = await waitForPost(s, p1!.id, (p) => p.status === 'published');
  const done2 = await waitForPost(s, p2!.id, (p) => p.status === 'published');
  t.equal(done1.hold, null);
  t.equal(done2.hold, null);
  t.equal(done1.attempt, 2, 'the refused call and the one that went out');
  t.equal(done2.attempt, 1);
  t.equal(s.fakes.telegram.messages(chat).length, 2, 'both posts in the chat, once each');
  t.same(callsOf(s.fakes.telegram.calls, 'sendMessage').map((c) => c.result), ['ok', 'ok'], 'after the reset: two calls, both ok');
  t.ok((await getPost(s, p1!.id)).history.some((e) => /released/.test(e.note ?? '')), 'the release is in the history');
});

t.test('a group upgraded to a supergroup: the post follows migrate_to_chat_id and the group learns its new address', async (t) => {
  const s = await engineSetup(t);
  const oldId = '-4000000001';
  const newId = '-1009999999999';
  const g = await telegramGroup(s, 'Old group', oldId, 'group');
  const vacancy = await s.vacancy();
  s.fakes.telegram.inject({ target: oldId, fault: telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: Number(newId) }) });
  await campaignNow(s, vacancy.id, [g.id]);

  const [post] = await s.waitForPosts(vacancy.id, (ps) => ['published', 'failed', 'unknown'].includes(ps[0]!.status));
  t.equal(post!.status, 'published');
  t.equal(post!.address, newId);
  t.match(post!.permalink, /^https:\/\/t\.me\/c\/9999999999\/\d+$/);
  t.equal((await s.json({ method: 'GET', url: `/v1/groups/${g.id}` })).address, newId, 'the group now points at the supergroup');

  t.same(callsOf(s.fakes.telegram.calls, 'sendMessage').map((c) => [c.target, c.result]), [[oldId, 'error:400'], [newId, 'ok']]);
  t.equal(s.fakes.telegram.messages(newId).length, 1);
});

t.test('a VK captcha (error 14) hands the post to a person; re-send works once the captcha is gone', async (t) => {
  const s = await engineSetup(t);
  const g = await vkGroup(s, 'Вакансии', '123456');
  const vacancy = await s.vacancy();
  s.fakes.vk.inject({ method: 'wall.post', fault: vkError(14, 'Captcha needed', { captcha_sid: '548747100691', captcha_img: 'https://api.vk.com/captcha.php?sid=548747100691' }) });
  await campaignNow(s, vacancy.id, [g.id]);

  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps[0]!.status === 'awaiting_manual');
  t.match(post!.lastError, /captcha/i);
  const tasks = (await s.json({ method: 'GET', url: '/v1/assisted-tasks' })).items;
  t.equal(tasks.length, 1);
  t.equal(tasks[0].postId, post!.id);
  t.match(tasks[0].reason, /captcha/i, 'the task says why a person is needed');
  t.match(tasks[0].text, /Онлайн-маркетолог/, 'and carries the text to post');
  await sleep(2000);
  t.equal(callsOf(s.fakes.vk.calls, 'wall.post').length, 1, 'a captcha is never retried by itself');

  const resent = await s.json({ method: 'POST', url: `/v1/posts/${post!.id}/resend` });
  t.equal(resent.status, 'queued');
  const done = await waitForPost(s, post!.id, (p) => p.status === 'published');
  t.match(done.permalink, /^https:\/\/vk\.com\/wall-123456_\d+$/);
  t.equal(done.attempt, 2);
  t.same(callsOf(s.fakes.vk.calls, 'wall.post').map((c) => c.result), ['error:14', 'ok']);
  t.equal(s.fakes.vk.posts('123456').length, 1);
  t.equal((await s.json({ method: 'GET', url: '/v1/assisted-tasks' })).items.length, 0, 'the task is gone');
});

t.test('VK 214 (daily quota): the post waits for the next Moscow day and the account posts nothing more today', async (t) => {
  const s = await engineSetup(t);
  const g1 = await vkGroup(s, 'Первая', '111111');
  const g2 = await vkGroup(s, 'Вторая', '222222');
  const v1 = await s.vacancy({ title: 'Бариста' });
  s.fakes.vk.inject({ method: 'wall.post', fault: vkError(214) });
  const [p1] = await campaignNow(s, v1.id, [g1.id]);

  const waiting = await waitForPost(s, p1!.id, (p) => p.status !== 'queued' && p.status !== 'sending');
  t.equal(waiting.status, 'retry_scheduled');
  t.match(waiting.lastError, /214/);
  const moscowMidnight = DateTime.now().setZone('Europe/Moscow').startOf('day').plus({ days: 1 });
  const due = DateTime.fromISO(waiting.dueAt);
  t.ok(due >= moscowMidnight, `dueAt ${waiting.dueAt} is on or after the next Moscow midnight ${moscowMidnight.toISO()}`);
  t.ok(due < moscowMidnight.plus({ days: 1 }), 'and on that day, not later');
  t.match(waiting.history.at(-1)!.note, /quota/);

  // Another post of the same account: the account's posts key is blocked, so it is not sent.
  const v2 = await s.vacancy({ title: 'Кондитер' });
  const [p2] = await campaignNow(s, v2.id, [g2.id]);
  await sleep(4000);
  t.equal(callsOf(s.fakes.vk.calls, 'wall.post').length, 1, 'no second wall.post');
  t.equal(callsOf(s.fakes.vk.calls, 'wall.post', '222222').length, 0);
  const second = await getPost(s, p2!.id);
  t.not(second.status, 'failed');
  t.ok(['queued', 'retry_scheduled'].includes(second.status), `second post is waiting (${second.status})`);
  t.equal(second.attempt, 0, 'never sent');
  t.equal((await getPost(s, p1!.id)).status, 'retry_scheduled', 'the first is still waiting too');
});

t.test('a permanent refusal (bot kicked) fails the post at once, without retries', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1007000000001';
  const g = await telegramGroup(s, 'Kicked', chat);
  const vacancy = await s.vacancy();
  const reason = 'Forbidden: bot was kicked from the channel chat';
  s.fakes.telegram.inject({ method: 'sendMessage', times: Infinity, fault: telegramError(403, reason) });
  await campaignNow(s, vacancy.id, [g.id]);

  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps[0]!.status === 'failed');
  t.equal(post!.lastError, reason);
  t.equal(post!.attempt, 1);
  await sleep(3000);
  t.equal(callsOf(s.fakes.telegram.calls, 'sendMessage', chat).length, 1, 'no retry calls');
  const { history, status } = await getPost(s, post!.id);
  t.equal(status, 'failed');
  t.same(realTransitions(history).map((e) => e.to), ['queued', 'sending', 'failed']);
  t.equal(history.at(-1)!.error, reason);
  const account = await s.json({ method: 'GET', url: `/v1/accounts/${s.accounts.telegram.id}` });
  t.not(account.status, 'needs_reauth', 'a kicked bot is the group\'s problem, not the token\'s');
});
