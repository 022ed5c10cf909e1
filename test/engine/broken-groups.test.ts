// A refusal about the group (a kicked bot, a closed wall) marks the group broken, with the network's
// reason and a line in its status history; the next post to it fails without a call. A refusal about
// the post itself (too long) fails the post alone. End to end: the HTTP API on one side, the wire
// fakes' call logs on the other.
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { groupStatusChanges } from '../../src/db/schema.js';
import { telegramError, vkError, type FakeCall } from '../fakes/index.js';
import { engineSetup } from '../helpers/engine-setup.js';

type Setup = Awaited<ReturnType<typeof engineSetup>>;
type Post = { id: string; status: string; attempt: number; lastError: string | null; groupId: string };
type HistoryEvent = { from: string | null; to: string; note: string | null; error: string | null };
type Group = { id: string; status: string; brokenCode: string | null; brokenReason: string | null };

// The methods that put a post on the network (a verification's getChat is no post).
const TELEGRAM_SENDS = new Set(['sendMessage', 'sendPhoto']);
const sendsTo = (calls: FakeCall[], chat: string) => calls.filter((c) => TELEGRAM_SENDS.has(c.method) && c.target === chat);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function campaignNow(s: Setup, vacancyId: string, groupIds: string[]): Promise<Post[]> {
  const body = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyId}/campaigns`, payload: { targets: { groupIds }, timing: { type: 'now' } } }, 201);
  return body.posts;
}

const getGroup = (s: Setup, id: string) => s.json({ method: 'GET', url: `/v1/groups/${id}` }) as Promise<Group>;
const getPost = (s: Setup, id: string) => s.json({ method: 'GET', url: `/v1/posts/${id}` }) as Promise<Post & { history: HistoryEvent[] }>;

/** The group's status changes the publishing engine made. */
const publishChanges = (s: Setup, groupId: string) =>
  s.database.db
    .select()
    .from(groupStatusChanges)
    .where(and(eq(groupStatusChanges.groupId, groupId), eq(groupStatusChanges.source, 'publish')));

const telegramGroup = (s: Setup, name: string, address: string) =>
  s.group({ network: 'telegram', name, kind: 'channel', mode: 'api', address, accountId: s.accounts.telegram.id });

/** Publishes one post of a new vacancy to the group and waits until it fails. */
async function failedPost(s: Setup, groupId: string): Promise<Post> {
  const vacancy = await s.vacancy();
  await campaignNow(s, vacancy.id, [groupId]);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps[0]!.status === 'failed');
  return post as unknown as Post;
}

t.test('a kicked bot marks the group broken; the next post to it is failed without a call', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1007100000001';
  const g = await telegramGroup(s, 'Kicked', chat);
  t.equal((await getGroup(s, g.id)).status, 'active', 'active before the refusal');
  const reason = 'Forbidden: bot was kicked from the channel chat';
  s.fakes.telegram.inject({ target: chat, times: Infinity, fault: telegramError(403, reason) });

  const first = await failedPost(s, g.id);
  t.equal(first.lastError, reason, "the post fails with the network's words");
  t.equal(first.attempt, 1);
  const group = await getGroup(s, g.id);
  t.equal(group.status, 'broken');
  t.equal(group.brokenCode, 'bot_removed');
  t.equal(group.brokenReason, reason);
  const changes = await publishChanges(s, g.id);
  t.equal(changes.length, 1, 'one status change recorded');
  t.match(changes[0], { fromStatus: 'active', toStatus: 'broken', code: 'bot_removed', reason, source: 'publish' });
  t.equal(sendsTo(s.fakes.telegram.calls, chat).length, 1, 'one call: the refused one');

  // Campaign creation takes a broken group by id (the plan leaves it out, an explicit choice stays).
  const second = await failedPost(s, g.id);
  t.equal(second.attempt, 0, 'never sent');
  t.match(second.lastError, /the group is broken \(bot_removed: Forbidden: bot was kicked/);
  t.match(second.lastError, new RegExp(`POST /v1/groups/${g.id}/verify`));
  const { history } = await getPost(s, second.id);
  t.same(history.map((e) => e.to), ['queued', 'failed'], 'straight from queued to failed');
  t.match(history.at(-1)!.note, /^not attempted: the group is broken/);
  await sleep(1000);
  t.equal(sendsTo(s.fakes.telegram.calls, chat).length, 1, 'no call reached the network for the second post');
  t.equal((await publishChanges(s, g.id)).length, 1, 'the group is not marked again');
});

t.test('VK error 15 on wall.post marks the group wall_closed', async (t) => {
  const s = await engineSetup(t);
  const g = await s.group({ network: 'vk', name: 'Закрытая стена', mode: 'api', address: '7100001', accountId: s.accounts.vk.id });
  const reason = 'Access denied: wall is disabled';
  s.fakes.vk.inject({ method: 'wall.post', fault: vkError(15, reason) });

  const post = await failedPost(s, g.id);
  t.equal(post.lastError, `VK error 15: ${reason}`);
  const group = await getGroup(s, g.id);
  t.equal(group.status, 'broken');
  t.equal(group.brokenCode, 'wall_closed');
  t.equal(group.brokenReason, `VK error 15: ${reason}`);
  const changes = await publishChanges(s, g.id);
  t.equal(changes.length, 1);
  t.match(changes[0], { fromStatus: 'active', toStatus: 'broken', code: 'wall_closed', source: 'publish' });
});

t.test('a refusal about the post (message too long) fails the post and leaves the group active', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1007100000002';
  const g = await telegramGroup(s, 'Fine', chat);
  s.fakes.telegram.inject({ target: chat, fault: telegramError(400, 'Bad Request: message is too long') });

  const post = await failedPost(s, g.id);
  t.equal(post.lastError, 'Bad Request: message is too long');
  const group = await getGroup(s, g.id);
  t.equal(group.status, 'active');
  t.equal(group.brokenCode, null);
  t.equal((await publishChanges(s, g.id)).length, 0, 'no status change');

  // The next post goes out as usual.
  const vacancy = await s.vacancy({ title: 'Бариста' });
  await campaignNow(s, vacancy.id, [g.id]);
  await s.waitForPosts(vacancy.id, (ps) => ps[0]!.status === 'published');
  t.same(sendsTo(s.fakes.telegram.calls, chat).map((c) => c.result), ['error:400', 'ok']);
});
