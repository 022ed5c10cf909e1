// The reports a recruiter reads: a vacancy's responses day by day (in their time zone), and how each
// group has done across vacancies, filtered by network, tag and period, best first and paged.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { engineSetup } from '../helpers/engine-setup.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';
const DAY = 24 * 60 * 60 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

t.test('daily series, and groups compared across vacancies', async (t) => {
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: 'https://jobs.zerno.example' } });
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const marketer = await s.vacancy({ audience: { professions: ['marketing'] } });
  const barista = await s.vacancy({ title: 'Бариста', audience: { professions: ['barista'] } });
  const codes = new Map<string, string>(); // `${vacancy}:${group}` → code
  for (const v of [marketer, barista]) {
    await s.json({ method: 'POST', url: `/v1/vacancies/${v.id}/campaigns`, payload: { targets: { groupIds: [tg.id, fb.id] }, timing: { type: 'now' } } }, 201);
    const posts = await s.waitForPosts(v.id, (ps) => ps.every((p) => ['published', 'awaiting_manual'].includes(p.status)));
    for (const p of posts) codes.set(`${v.id}:${p.groupId}`, String(p.applyUrl).split('/r/')[1]!);
    // The assisted post goes out when a person confirms it.
    const assisted = posts.find((p) => p.groupId === fb.id)!;
    await s.json({ method: 'POST', url: `/v1/posts/${assisted.id}/mark-published`, payload: { permalink: 'https://www.facebook.com/groups/smmjobs/posts/1' } });
  }
  const click = (vacancyId: string, groupId: string, ip: string) =>
    s.app.inject({ method: 'GET', url: `/r/${codes.get(`${vacancyId}:${groupId}`)}`, headers: { 'user-agent': BROWSER }, remoteAddress: ip });
  // Marketer: Telegram 3 clicks (2 people) and an application; Facebook 1 click. Barista: Facebook 2 clicks, 2 applications.
  await click(marketer.id, tg.id, '203.0.113.1');
  await click(marketer.id, tg.id, '203.0.113.1');
  await click(marketer.id, tg.id, '203.0.113.2');
  await click(marketer.id, fb.id, '203.0.113.3');
  await click(barista.id, fb.id, '203.0.113.4');
  await click(barista.id, fb.id, '203.0.113.5');
  const apply = (externalId: string, vacancyId: string, groupId: string) =>
    s.json({ method: 'POST', url: '/v1/applications', payload: { externalId, code: codes.get(`${vacancyId}:${groupId}`) } }, 201);
  await apply('a1', marketer.id, tg.id);
  await apply('a2', barista.id, fb.id);
  await apply('a3', barista.id, fb.id);

  const written = async () => rowsOf<{ n: number }>(await s.database.db.execute(sql`select count(*)::int as n from link_hits`))[0]!.n;
  const until = Date.now() + 10_000;
  while ((await written()) < 6 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  t.equal(await written(), 6, 'the six clicks are written');

  // ---- across vacancies ----
  type Entry = { groupId: string; posts: number; clicks: number; uniqueClicks: number; applications: number; clicksPerPost: number; applicationsPerPost: number };
  const report = async (query: string) => (await s.json({ method: 'GET', url: `/v1/reports/groups${query}` })) as { items: Entry[]; nextCursor: string | null };
  const all = await report('');
  t.same(all.items.map((g) => g.groupId), [fb.id, tg.id], 'best first: Facebook brought 1 application per post, Telegram 0.5');
  t.match(all.items[0], { posts: 2, clicks: 3, uniqueClicks: 3, applications: 2, clicksPerPost: 1.5, applicationsPerPost: 1 });
  t.match(all.items[1], { posts: 2, clicks: 3, uniqueClicks: 2, applications: 1, clicksPerPost: 1.5, applicationsPerPost: 0.5 });
  t.same((await report('?network=telegram')).items.map((g) => g.groupId), [tg.id], 'by network');
  const marketing = await report('?tag=Marketing');
  t.same(marketing.items.map((g) => [g.groupId, g.posts, g.clicks, g.applications]), [[tg.id, 1, 3, 1], [fb.id, 1, 1, 0]], "by the vacancies' tag: the marketer's posts only");
  t.same((await report(`?from=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`)).items, [], 'a period with no posts: nothing');
  const first = await report('?limit=1');
  t.equal(first.items.length, 1);
  t.type(first.nextCursor, 'string');
  const second = await report(`?limit=1&cursor=${first.nextCursor}`);
  t.same(second.items.map((g) => g.groupId), [tg.id], 'the next page');
  t.equal(second.nextCursor, null);
  const badCursor = await s.call({ method: 'GET', url: '/v1/reports/groups?cursor=bm9wZQ' });
  t.equal(badCursor.statusCode, 400);

  const one = await s.json({ method: 'GET', url: `/v1/groups/${fb.id}/performance` });
  t.match(one, { groupId: fb.id, posts: 2, clicks: 3, applications: 2 });
  t.same(
    one.vacancies.map((v: { vacancyId: string; clicks: number; applications: number }) => [v.vacancyId, v.clicks, v.applications]),
    [[barista.id, 2, 2], [marketer.id, 1, 0]],
    'per vacancy, best first',
  );
  const unknownGroup = await s.call({ method: 'GET', url: '/v1/groups/0190c0de-0000-7000-8000-000000000000/performance' });
  t.equal(unknownGroup.statusCode, 404);

  // ---- the plan shows and (when asked) ranks by past results, never leaving a group out ----
  const third = await s.vacancy({ title: 'Кондитер' });
  type Selected = { groupId: string; reasons: string[]; past?: { posts: number; clicksPerPost: number; applicationsPerPost: number } };
  const plan = async (rank?: string) =>
    ((await s.json({ method: 'POST', url: `/v1/vacancies/${third.id}/plan`, payload: { include: [tg.id, fb.id], ...(rank ? { rank } : {}) } })) as { selected: Selected[] }).selected;
  const byName = await plan();
  const ranked = await plan('performance');
  t.same(ranked.map((g) => g.groupId), [fb.id, tg.id], 'ranked: Facebook (1 application per post) before Telegram (0.5)');
  t.same(new Set(byName.map((g) => g.groupId)), new Set(ranked.map((g) => g.groupId)), 'the same groups either way');
  t.same(ranked[0]!.past, { posts: 2, clicksPerPost: 1.5, applicationsPerPost: 1 });
  t.ok(ranked[0]!.reasons.includes('past results: 2 post(s), 1.5 click(s) and 1 application(s) per post'), ranked[0]!.reasons.join('; '));

  // ---- day by day ----
  // The vacancy's posts were made three days ago (as far as the series knows), and two earlier clicks
  // are written straight to the table: one at 12:00 UTC two days ago, one at 22:30 UTC yesterday
  // (already today in Moscow, UTC+3).
  const now = Date.now();
  const [post] = rowsOf<{ id: string }>(await s.database.db.execute(sql`select id from posts where vacancy_id = ${marketer.id} and group_id = ${tg.id}`));
  await s.database.db.execute(sql`update posts set created_at = now() - interval '3 days' where vacancy_id = ${marketer.id}`);
  const twoDaysAgoNoon = Date.parse(`${isoDay(now - 2 * DAY)}T12:00:00Z`);
  const yesterdayLate = Date.parse(`${isoDay(now - DAY)}T22:30:00Z`);
  for (const at of [twoDaysAgoNoon, yesterdayLate]) {
    await s.database.db.execute(sql`insert into link_hits (post_id, workspace_id, vacancy_id, group_id, at, kind, visitor)
      values (${post!.id}, ${s.workspaceId}, ${marketer.id}, ${tg.id}, ${new Date(at).toISOString()}::timestamptz, 'click', ${`v-${at}`})`);
  }
  type Day = { day: string; clicks: number; uniqueClicks: number; applications: number };
  const series = async (tz?: string) =>
    ((await s.json({ method: 'GET', url: `/v1/vacancies/${marketer.id}/responses?interval=day${tz ? `&timeZone=${tz}` : ''}` })) as { series: Day[] }).series;
  const utc = await series();
  t.same(utc.map((d) => d.day), [3, 2, 1, 0].map((n) => isoDay(now - n * DAY)), 'every day from the first post to today, in UTC');
  t.same(utc.map((d) => d.clicks), [0, 1, 1, 4], 'empty days as zeros');
  t.equal(utc.at(-1)!.applications, 1);
  const moscow = await series('Europe/Moscow');
  const moscowToday = new Date(now + 3 * 60 * 60 * 1000).toISOString().slice(0, 10);
  t.equal(moscow.at(-1)!.day, moscowToday);
  t.equal(moscow.find((d) => d.day === isoDay(yesterdayLate + 3 * 60 * 60 * 1000))!.clicks >= 1, true, "22:30 UTC is the next day's in Moscow");
  t.equal(moscow.reduce((n, d) => n + d.clicks, 0), 6, 'the same clicks, in other days');
  const plain = await s.json({ method: 'GET', url: `/v1/vacancies/${marketer.id}/responses` });
  t.notOk('series' in plain, 'no series unless asked for');
  const badZone = await s.call({ method: 'GET', url: `/v1/vacancies/${marketer.id}/responses?interval=day&timeZone=Mars/Olympus` });
  t.equal(badZone.statusCode, 400);
  t.same(badZone.json().errors.map((e: { field: string }) => e.field), ['timeZone']);
});
