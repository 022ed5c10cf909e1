// A worker killed with SIGKILL in the middle of a campaign, then started again: no post is lost
// (each ends published, or unknown for a person to resolve) and none is published twice.
// Embedded lane: the single process is killed and restarted on the same data directory.
// Server lane: an API process and a worker process share the queues; the worker is killed.
import t from 'tap';
import { TELEGRAM_FAKE_TOKEN, startTelegramFake } from '../fakes/index.js';
import { currentLane } from '../helpers/database-lanes.js';
import { ANY_HOUR_RULES } from '../helpers/engine-setup.js';
import { apiClient, serviceEnvironment, startService } from '../helpers/service-process.js';

const CHATS = 8;
const VACANCIES = 4;

t.test('kill -9 mid-campaign: nothing lost, nothing posted twice', async (t) => {
  // Every send takes 400 ms, so calls are in flight when the kill lands; the real limits stay on.
  const telegram = await startTelegramFake();
  t.teardown(() => telegram.close());
  telegram.inject({ method: 'sendMessage', times: Infinity, fault: { type: 'delay', ms: 400 } });

  const lane = currentLane();
  const { env, key } = await serviceEnvironment(t, {
    TELEGRAM_API_URL: telegram.url,
    NETWORK_TIMEOUT_MS: '3000',
    JOB_POLL_SECONDS: '0.5',
    JOB_SUPERVISE_SECONDS: '2',
    // The fake shares a busy test process with three PostgreSQL engines on a small machine: its
    // clock reads arrivals with more jitter than a real network adds, so keep a wider margin.
    RATE_LIMIT_MARGIN_MS: '400',
  });

  // Embedded: one process does everything. Server: the API serves and a worker process does the work.
  const api = await startService(t, { ...env, ROLE: lane === 'postgres' ? 'api' : 'all' }, true);
  let worker = lane === 'postgres' ? await startService(t, { ...env, ROLE: 'worker' }, false) : api;
  const call = apiClient(() => api.url!, key);

  const account = await call('POST', '/v1/accounts', { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } });
  const groupIds: string[] = [];
  for (let i = 0; i < CHATS; i++) {
    const g = await call('POST', '/v1/groups', {
      network: 'telegram', name: `Chat ${i}`, kind: 'channel', mode: 'api', address: `-100100000000${i}`, accountId: account.id, rules: ANY_HOUR_RULES,
    });
    groupIds.push(g.id as string);
  }
  const vacancyIds: string[] = [];
  for (let v = 0; v < VACANCIES; v++) {
    const vacancy = await call('POST', '/v1/vacancies', {
      title: `Вакансия номер ${v}`, description: 'Описание.', hiringOrganization: { name: 'X' }, applyUrl: `https://example.org/${v}`,
    });
    vacancyIds.push(vacancy.id as string);
    await call('POST', `/v1/vacancies/${vacancy.id}/campaigns`, { targets: { groupIds }, timing: { type: 'now' } });
  }
  const total = CHATS * VACANCIES;

  // Kill when about a third of the posts have been answered.
  const deadline = Date.now() + 60_000;
  while (telegram.calls.filter((c) => c.result === 'ok').length < total / 3) {
    if (Date.now() > deadline) throw new Error(`no progress:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  worker.child.kill('SIGKILL');
  const killedAt = Date.now();
  const answeredAtKill = telegram.calls.filter((c) => c.result === 'ok').length;
  t.ok(answeredAtKill < total, `killed with work left (${answeredAtKill} of ${total} answered)`);

  // Restarted: the embedded lane reopens the same data directory.
  if (lane === 'postgres') worker = await startService(t, { ...env, ROLE: 'worker' }, false);
  else {
    await new Promise((r) => setTimeout(r, 300));
    const restarted = await startService(t, { ...env, ROLE: 'all' }, true);
    Object.assign(api, restarted);
    worker = restarted;
  }

  type Post = { id: string; vacancyId: string; groupId: string; status: string; address: string };
  let posts: Post[] = [];
  const settleBy = Date.now() + 90_000;
  for (;;) {
    posts = [];
    for (const id of vacancyIds) posts.push(...((await call('GET', `/v1/vacancies/${id}/posts?limit=500`)).items as Post[]));
    if (posts.every((p) => p.status === 'published' || p.status === 'unknown')) break;
    if (Date.now() > settleBy) throw new Error(`not settled: ${JSON.stringify(posts.map((p) => p.status))}\n${worker.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  t.equal(posts.length, total, 'every post still exists');
  const counts = posts.reduce<Record<string, number>>((acc, p) => ((acc[p.status] = (acc[p.status] ?? 0) + 1), acc), {});
  t.comment(`after the kill: ${JSON.stringify(counts)}; ${answeredAtKill} answered before it`);
  // A post may be unknown only because the killed process had claimed it for a call (its last
  // 'sending' was recorded before the kill): nothing started after the restart ends unknown.
  for (const post of posts.filter((p) => p.status === 'unknown')) {
    const history = ((await call('GET', `/v1/posts/${post.id}`)).history as Array<{ to: string; at: string }>);
    const lastSending = history.filter((e) => e.to === 'sending').at(-1);
    t.ok(lastSending && Date.parse(lastSending.at) <= killedAt, `unknown post ${post.id} was mid-call in the killed process`);
  }
  for (const [v, vacancyId] of vacancyIds.entries()) {
    for (let i = 0; i < CHATS; i++) {
      const post = posts.find((p) => p.vacancyId === vacancyId && p.groupId === groupIds[i])!;
      const copies = telegram.messages(`-100100000000${i}`).filter((m) => m.visible.includes(`Вакансия номер ${v}`)).length;
      if (post.status === 'published') t.equal(copies, 1, `vacancy ${v} in chat ${i}: published exactly once`);
      else t.ok(copies <= 1, `vacancy ${v} in chat ${i}: unknown, on the network ${copies} time(s), never twice`);
    }
  }
  const refused = telegram.calls.filter((c) => c.result === 'error:429');
  for (const c of refused) {
    const prev = telegram.calls.filter((x) => x.target === c.target && x.time < c.time && x.result === 'ok').at(-1);
    t.comment(`429 on ${c.target} at kill${c.time - killedAt >= 0 ? '+' : ''}${c.time - killedAt} ms, ${prev ? c.time - prev.time : '?'} ms after the previous message`);
  }
  t.equal(refused.length, 0, 'no 429 provoked, before or after the restart');
});
