// Counters read from the networks after posting (VK's wall.getById here; OK and Facebook are read the
// same way): on a decaying schedule after each post goes out, as many posts per call as the network
// takes, through the shared rate limiter behind publishing, so a campaign publishing at the token's
// limit meanwhile provokes no VK error 6. LinkedIn tokens cannot read counters: said once, not asked.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { LINKEDIN_FAKE_ORG, LINKEDIN_FAKE_TOKEN } from '../fakes/index.js';
import { engineSetup } from '../helpers/engine-setup.js';

const HOUR = 3_600_000;

t.test('VK counters on the schedule, through the limiter, while a campaign publishes', async (t) => {
  const s = await engineSetup(t);
  const db = s.database.db;
  const { polling } = s.app.services.networkResponses;
  const vkGroup = (n: number) => s.group({ network: 'vk', name: `VK ${n}`, kind: 'group', mode: 'api', address: String(31415900 + n), accountId: s.accounts.vk.id });
  const first = await Promise.all([1, 2, 3].map(vkGroup));
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: first.map((g) => g.id) }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.length === 3 && ps.every((p) => p.status === 'published'));
  for (const [i, p] of posts.entries()) s.fakes.vk.setCounts(String(p.address ?? '').replace(/^-/, ''), Number(p.networkPostId), { views: 100 * (i + 1), likes: i + 1, reposts: i, comments: 2 * i });
  const ago = async (ms: number) => db.execute(sql`update posts set published_at = ${new Date(Date.now() - ms)} where vacancy_id = ${vacancy.id}`);
  const polls = async () => rowsOf<{ polls: number }>(await db.execute(sql`select polls from post_counters c join posts p on p.id = c.post_id where p.vacancy_id = ${vacancy.id}`)).map((r) => r.polls);

  // Just out: nothing is due. An hour later: the first read, one call for the three posts.
  t.same(await polling.sweep(), { posts: 0, jobs: 0 }, 'no read in the first hour');
  await ago(HOUR + 60_000);
  t.same(await polling.sweep(), { posts: 3, jobs: 1 }, 'the three posts of one account in one job');
  t.same(await polling.sweep(), { posts: 0, jobs: 0 }, 'a step is taken once, whichever sweep runs next');
  const read = async () => (await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/responses` })).totals;
  const until = Date.now() + 20_000;
  while ((await read()).views !== 600 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  t.match(await read(), { views: 600, reactions: 6, reposts: 3, comments: 6 }, "the report sums what VK told (views 100+200+300…)");
  const getById = s.fakes.vk.calls.filter((c) => c.method === 'wall.getById');
  t.equal(getById.length, 1, 'one wall.getById for the three posts');
  t.same(await polls(), [1, 1, 1]);
  const post = await s.json({ method: 'GET', url: `/v1/posts/${posts[1]!.id}/responses` });
  t.match(post.counters, { views: 200, reactions: 2, reposts: 1, comments: 2, note: null });
  t.type(post.counters.readAt, 'string');

  // Six hours after: the second step; after seven days and five reads, never again.
  await ago(6 * HOUR + 60_000);
  t.same((await polling.sweep()).posts, 3);
  // That read runs in a job of its own: wait for it, or it would be counted with the reads below.
  const sixHours = Date.now() + 20_000;
  while (s.fakes.vk.calls.filter((c) => c.method === 'wall.getById').length < 2 && Date.now() < sixHours) await new Promise((r) => setTimeout(r, 100));
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'wall.getById').length, 2, 'the six-hour read was made');
  await db.execute(sql`update post_counters set polls = 5 where post_id in (select id from posts where vacancy_id = ${vacancy.id})`);
  await ago(7 * 24 * HOUR + 60_000);
  t.same((await polling.sweep()).posts, 0, 'five reads, then the post is left alone');

  // ---- a campaign at VK's 3 calls/s while reads are due: the reads wait their turn ----
  await db.execute(sql`update post_counters set polls = 0 where post_id in (select id from posts where vacancy_id = ${vacancy.id})`);
  await ago(HOUR + 60_000);
  const second = await Promise.all([4, 5, 6, 7, 8, 9, 10, 11, 12].map(vkGroup));
  const busy = await s.vacancy({ title: 'Бариста' });
  await s.json({ method: 'POST', url: `/v1/vacancies/${busy.id}/campaigns`, payload: { targets: { groupIds: second.map((g) => g.id) }, timing: { type: 'now' } } }, 201);
  // Reads are made due again and again while the campaign's nine posts go out.
  const callsBefore = s.fakes.vk.calls.filter((c) => c.method === 'wall.getById').length;
  for (let round = 0; round < 4; round++) {
    t.equal((await polling.sweep()).posts, 3, `round ${round + 1}: the three posts are due`);
    await db.execute(sql`update post_counters set polls = 0 where post_id in (select id from posts where vacancy_id = ${vacancy.id})`);
    await new Promise((r) => setTimeout(r, 300));
  }
  await s.waitForPosts(busy.id, (ps) => ps.length === 9 && ps.every((p) => p.status === 'published'));
  const waitReads = Date.now() + 20_000;
  while (s.fakes.vk.calls.filter((c) => c.method === 'wall.getById').length < callsBefore + 4 && Date.now() < waitReads) await new Promise((r) => setTimeout(r, 200));
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'wall.getById').length, callsBefore + 4, 'every read was made');
  const refused = s.fakes.vk.calls.filter((c) => c.result === 'error:6');
  t.equal(refused.length, 0, 'and no call of the campaign or of the reads provoked VK error 6');
});

t.test('a network that cannot tell is not asked again', async (t) => {
  const s = await engineSetup(t);
  const db = s.database.db;
  const account = await s.json({ method: 'POST', url: '/v1/accounts', payload: { name: 'li', credentials: { network: 'linkedin', accessToken: LINKEDIN_FAKE_TOKEN, authorUrn: LINKEDIN_FAKE_ORG } } }, 201);
  const page = await s.group({ network: 'linkedin', name: 'Company page', kind: 'page', mode: 'api', address: LINKEDIN_FAKE_ORG, accountId: account.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [page.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  await db.execute(sql`update posts set published_at = ${new Date(Date.now() - 2 * HOUR)} where id = ${post!.id}`);
  const { polling } = s.app.services.networkResponses;
  const callsBefore = s.fakes.linkedin.calls.length;
  t.same(await polling.sweep(), { posts: 1, jobs: 1 });
  const until = Date.now() + 20_000;
  const counters = async () => (await s.json({ method: 'GET', url: `/v1/posts/${post!.id}/responses` })).counters;
  while (!(await counters())?.note && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  t.match((await counters()).note, /LinkedIn/, 'the reason is on the post');
  t.equal(s.fakes.linkedin.calls.length, callsBefore, 'LinkedIn was not called for it');
  await db.execute(sql`update posts set published_at = ${new Date(Date.now() - 8 * 24 * HOUR + HOUR)} where id = ${post!.id}`);
  t.same((await polling.sweep()).posts, 0, 'and no further read is planned');
});
