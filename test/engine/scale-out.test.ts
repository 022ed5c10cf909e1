// The engine at scale-out, with real processes and strict network imitations on their own thread
// (they judge arrival times as a network would, whatever the test process is doing):
//  - several ROLE=worker processes on one server database provoke no 429 and no VK error 6/9;
//  - a worker killed mid-campaign on a VK token near its daily quota costs no post its day: every
//    post the quota allows goes out today (or is unknown, mid-call at the kill), and only the rest waits.
import t from 'tap';
import { TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN } from '../fakes/index.js';
import { startFakesThread, type CallRecord } from '../fakes/fakes-thread.js';
import { currentLane } from '../helpers/database-lanes.js';
import { ANY_HOUR_RULES } from '../helpers/engine-setup.js';
import { apiClient, serviceEnvironment, startService, type ApiCall } from '../helpers/service-process.js';

type Post = { id: string; vacancyId: string; groupId: string; status: string; network: string };

async function furnish(call: ApiCall, opts: { telegramChats: number; vkGroups: number; vacancies: number }) {
  const groupIds: string[] = [];
  if (opts.telegramChats > 0) {
    const bot = await call('POST', '/v1/accounts', { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } });
    for (let i = 0; i < opts.telegramChats; i++) {
      const g = await call('POST', '/v1/groups', {
        network: 'telegram', name: `Chat ${i}`, kind: 'channel', mode: 'api', address: `-10020000000${String(i).padStart(2, '0')}`, accountId: bot.id, rules: ANY_HOUR_RULES,
      });
      groupIds.push(g.id as string);
    }
  }
  if (opts.vkGroups > 0) {
    const vk = await call('POST', '/v1/accounts', { name: 'vk', credentials: { network: 'vk', userToken: VK_FAKE_TOKEN } });
    for (let i = 0; i < opts.vkGroups; i++) {
      const g = await call('POST', '/v1/groups', {
        network: 'vk', name: `VK ${i}`, kind: 'group', mode: 'api', address: `${300000 + i}`, accountId: vk.id, rules: ANY_HOUR_RULES,
      });
      groupIds.push(g.id as string);
    }
  }
  const vacancyIds: string[] = [];
  for (let v = 0; v < opts.vacancies; v++) {
    const vacancy = await call('POST', '/v1/vacancies', {
      title: `Вакансия номер ${v}`, description: 'Описание.', hiringOrganization: { name: 'X' }, applyUrl: `https://example.org/${v}`,
    });
    vacancyIds.push(vacancy.id as string);
    await call('POST', `/v1/vacancies/${vacancy.id}/campaigns`, { targets: { groupIds }, timing: { type: 'now' } });
  }
  return { groupIds, vacancyIds };
}

async function allPosts(call: ApiCall, vacancyIds: string[]): Promise<Post[]> {
  const posts: Post[] = [];
  for (const id of vacancyIds) posts.push(...((await call('GET', `/v1/vacancies/${id}/posts?limit=500`)).items as Post[]));
  return posts;
}

async function waitFor<T>(what: string, get: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, describe: (v: T) => string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: timed out; ${describe(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const counts = (posts: Post[]) => posts.reduce<Record<string, number>>((acc, p) => ((acc[p.status] = (acc[p.status] ?? 0) + 1), acc), {});
const refusals = (calls: CallRecord[]) => calls.filter((c) => c.result.startsWith('error:'));

/** The shortest gap between two accepted calls of one method on one target (or token). */
function shortestGap(calls: CallRecord[], method: string, by: (c: CallRecord) => string | undefined) {
  const groups = new Map<string, number[]>();
  for (const c of calls.filter((x) => x.method === method && x.result === 'ok')) {
    const k = by(c) ?? '';
    groups.set(k, [...(groups.get(k) ?? []), c.time]);
  }
  let min = Infinity;
  for (const times of groups.values()) for (let i = 1; i < times.length; i++) min = Math.min(min, times[i]! - times[i - 1]!);
  return min;
}

t.test('several worker processes share the limits: no 429, no VK error 6 or 9', { skip: currentLane() !== 'postgres' && 'several processes share only a server database' }, async (t) => {
  const fakes = await startFakesThread({});
  t.teardown(() => fakes.close());
  const { env, key } = await serviceEnvironment(t, {
    TELEGRAM_API_URL: fakes.urls.telegram,
    VK_API_URL: fakes.urls.vk,
    NETWORK_TIMEOUT_MS: '5000',
    JOB_POLL_SECONDS: '0.5',
    WORKER_CONCURRENCY: '8',
    LOG_LEVEL: 'debug',
  });
  const api = await startService(t, { ...env, ROLE: 'api' }, true);
  const WORKERS = 3;
  const workers = await Promise.all(Array.from({ length: WORKERS }, () => startService(t, { ...env, ROLE: 'worker' }, false)));
  const call = apiClient(() => api.url!, key);

  // 12 chats on one bot and 4 VK groups on one token, 8 vacancies to all: 96 Telegram posts (8 per
  // chat, bunched on each chat) and 32 VK posts (all on one token's 3/s and its 50 a day).
  const CHATS = 12;
  const VK_GROUPS = 4;
  const VACANCIES = 8;
  const { vacancyIds } = await furnish(call, { telegramChats: CHATS, vkGroups: VK_GROUPS, vacancies: VACANCIES });
  const total = (CHATS + VK_GROUPS) * VACANCIES;

  const posts = await waitFor('all published', () => allPosts(call, vacancyIds), (p) => p.length === total && p.every((x) => x.status === 'published'), 180_000, (p) => JSON.stringify(counts(p)));
  t.equal(posts.length, total);

  const calls = await fakes.calls();
  t.same(refusals(calls.telegram).map((c) => `${c.target} ${c.result}`), [], 'Telegram refused nothing: no 429');
  t.same(refusals(calls.vk).map((c) => `${c.method} ${c.result}`), [], 'VK refused nothing: no error 6, 9 or 214');
  t.equal(calls.telegram.filter((c) => c.method === 'sendMessage' && c.result === 'ok').length, CHATS * VACANCIES, 'every Telegram post sent once');
  t.equal(calls.vk.filter((c) => c.method === 'wall.post' && c.result === 'ok').length, VK_GROUPS * VACANCIES, 'every VK post sent once');
  const chatGap = shortestGap(calls.telegram, 'sendMessage', (c) => c.target);
  t.ok(chatGap >= 1000, `two messages to one chat never closer than 1 s as the network saw them (shortest ${chatGap} ms)`);
  // The work really was shared: each worker process published some of it.
  const perWorker = workers.map((w) => (w.output().match(/"msg":"publish answered"/g) ?? []).length);
  t.comment(`posts answered per worker process: ${perWorker.join(', ')}`);
  t.equal(perWorker.reduce((a, b) => a + b, 0), total, 'every answer came to one of the worker processes');
  t.ok(perWorker.filter((n) => n > 0).length >= 2, 'at least two worker processes published');
});

t.test('kill -9 on a VK token near its daily quota: every post the quota allows goes out today', async (t) => {
  const QUOTA = 50;
  const fakes = await startFakesThread({ vk: { limits: { postsPerDay: QUOTA } } });
  t.teardown(() => fakes.close());
  // Every post takes 300 ms, so calls are in flight when the kill lands.
  await fakes.inject('vk', { method: 'wall.post', times: Infinity, fault: { type: 'delay', ms: 300 } });
  const lane = currentLane();
  const { env, key } = await serviceEnvironment(t, {
    VK_API_URL: fakes.urls.vk,
    NETWORK_TIMEOUT_MS: '3000',
    JOB_POLL_SECONDS: '0.5',
    JOB_SUPERVISE_SECONDS: '2',
    WORKER_CONCURRENCY: '8',
  });
  // Server: an API process and two workers, one killed. Embedded: the one process, killed and restarted.
  const api = await startService(t, { ...env, ROLE: lane === 'postgres' ? 'api' : 'all' }, true);
  const victim = lane === 'postgres' ? await startService(t, { ...env, ROLE: 'worker' }, false) : api;
  if (lane === 'postgres') await startService(t, { ...env, ROLE: 'worker' }, false);
  const call = apiClient(() => api.url!, key);

  // 6 groups × 10 vacancies = 60 posts on one token whose quota is 50 a day.
  const { vacancyIds } = await furnish(call, { telegramChats: 0, vkGroups: 6, vacancies: 10 });
  const total = 60;

  const accepted = async () => (await fakes.calls()).vk.filter((c) => c.method === 'wall.post' && c.result === 'ok').length;
  await waitFor('a third answered', accepted, (n) => n >= 17, 60_000, (n) => `${n} answered`);
  victim.child.kill('SIGKILL');
  t.comment(`killed after ${await accepted()} posts were answered`);
  if (lane !== 'postgres') {
    await new Promise((r) => setTimeout(r, 300));
    Object.assign(api, await startService(t, { ...env, ROLE: 'all' }, true));
  }

  // Settled for today: QUOTA posts went out (or are unknown, mid-call at the kill), the rest wait.
  const posts = await waitFor(
    'the quota used',
    () => allPosts(call, vacancyIds),
    (p) => p.length === total && p.filter((x) => x.status === 'published' || x.status === 'unknown').length >= QUOTA && p.every((x) => x.status !== 'sending'),
    90_000,
    (p) => JSON.stringify(counts(p)),
  );
  // Give a leaked booking time to show: nothing more may go out today.
  await new Promise((r) => setTimeout(r, 3000));
  const final = await allPosts(call, vacancyIds);
  const byStatus = counts(final);
  t.comment(`after the kill: ${JSON.stringify(byStatus)}`);
  t.equal((byStatus.published ?? 0) + (byStatus.unknown ?? 0), QUOTA, 'exactly the quota went out today (or may have, for the unknown ones)');
  t.equal(byStatus.queued ?? 0, total - QUOTA, 'the rest waits for tomorrow');
  const vk = (await fakes.calls()).vk;
  t.same(refusals(vk).map((c) => c.result), [], 'VK refused nothing: no error 214, 6 or 9');
  t.ok((await accepted()) <= QUOTA && (await accepted()) >= (byStatus.published ?? 0), 'the network holds every published post, and at most the quota');

  // The waiting posts say why and when: their slot is a day on, when the first posts leave the window.
  const firstSent = Math.min(...vk.filter((c) => c.method === 'wall.post').map((c) => c.time));
  for (const post of final.filter((p) => p.status === 'queued')) {
    const history = (await call('GET', `/v1/posts/${post.id}`)).history as Array<{ note: string | null }>;
    const booked = history.map((e) => /rate-limit slot booked for (\S+)/.exec(e.note ?? '')?.[1]).filter(Boolean).at(-1);
    t.ok(booked && Date.parse(booked) - firstSent > 23.9 * 3600_000, `post ${post.id} waits for tomorrow (${booked})`);
  }
  void posts;
});
