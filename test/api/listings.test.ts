// GET /v1/posts and GET /v1/campaigns: the listings an operator works from. Campaigns are made
// through the API and run by the engine against the wire fakes, so the posts are in the states a
// real workspace has (published, unknown after a hung call, awaiting a person, planned, held,
// cancelled). Also: post views name their group, campaign targets take slugs, and a 422 names
// every group that cannot be posted to.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import type { Test } from 'tap';
import { engineSetup } from '../helpers/engine-setup.js';

type Setup = Awaited<ReturnType<typeof engineSetup>>;
type GroupRef = { id: string; slug: string; name: string; network: string };
type PostView = { id: string; status: string; groupId: string; group: GroupRef; campaignId: string; vacancyId: string; network: string; hold: string | null; dueAt: string };
type CampaignView = { id: string; status: string; vacancyId: string };
type Page<T> = { items: T[]; nextCursor: string | null };

const DAY = 24 * 3600_000;

/** Every item of a listing, following nextCursor; checks no page repeats an item. */
async function all<T extends { id: string }>(t: Test, s: Setup, url: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = url.includes('?') ? '&' : '?';
    const page = (await s.json({ method: 'GET', url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}` })) as Page<T>;
    t.ok(page.items.length <= limit, 'a page holds at most limit items');
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  t.equal(new Set(out.map((x) => x.id)).size, out.length, `${url}: no item twice across pages`);
  return out;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const postsAt = async (s: Setup, query: string) => ((await s.json({ method: 'GET', url: `/v1/posts${query}` })) as Page<PostView>).items;
const campaignsAt = async (s: Setup, query: string) => ((await s.json({ method: 'GET', url: `/v1/campaigns${query}` })) as Page<CampaignView>).items;

function checkGroup(t: Test, post: { groupId: string; group: GroupRef }, group: GroupRef, what: string) {
  t.same(post.group, { id: group.id, slug: group.slug, name: group.name, network: group.network }, `${what} names its group`);
  t.equal(post.groupId, group.id, `${what} keeps groupId`);
}

t.test('posts and campaigns across vacancies: filters, cursors, group names, derived statuses', async (t) => {
  const s = await engineSetup(t);
  const tg = (name: string, chat: string) =>
    s.group({ network: 'telegram', name, kind: 'channel', mode: 'api', address: chat, accountId: s.accounts.telegram.id }) as Promise<GroupRef>;
  const tgA = { ...(await tg('Канал А', '-1003000000001')), name: 'Канал А', network: 'telegram' };
  const tgB = { ...(await tg('Канал Б', '-1003000000002')), name: 'Канал Б', network: 'telegram' };
  const vk = { ...((await s.group({ network: 'vk', name: 'Вакансии VK', mode: 'api', address: '3000001', accountId: s.accounts.vk.id })) as GroupRef), name: 'Вакансии VK', network: 'vk' };
  const fb = { ...((await s.group({ network: 'facebook', name: 'FB jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/fbjobs' })) as GroupRef), name: 'FB jobs', network: 'facebook' };
  const byId = new Map([tgA, tgB, vk, fb].map((g) => [g.id, g]));
  const vacancyA = await s.vacancy({ title: 'Вакансия А' });
  const vacancyB = await s.vacancy({ title: 'Вакансия Б' });
  const later = (days: number) => ({ type: 'at', localTime: new Date(Date.now() + days * DAY + 3 * 3600_000).toISOString().slice(0, 19), timeZone: 'Europe/Moscow' });

  // Channel Б's first message hangs: its post ends unknown, as after a lost answer.
  s.fakes.telegram.inject({ method: 'sendMessage', target: '-1003000000002', times: 1, fault: { type: 'hang' } });
  // Targets by slug and by id, mixed, as the plan's include takes them.
  const c1 = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyA.id}/campaigns`, payload: { targets: { groupIds: [tgA.slug, tgB.id, vk.slug, fb.slug] }, timing: { type: 'now' } } }, 201);
  t.equal(c1.posts.length, 4, 'slugs and ids resolve to four groups');
  for (const p of c1.posts as PostView[]) checkGroup(t, p, byId.get(p.groupId)!, 'a post in the create answer');
  const c2 = (await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyB.id}/campaigns`, payload: { targets: { groupIds: [tgA.slug] }, timing: later(2) } }, 201)).campaign;
  const c3 = (await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyB.id}/campaigns`, payload: { targets: { groupIds: [tgB.slug] }, timing: later(3) } }, 201)).campaign;
  await s.json({ method: 'POST', url: `/v1/campaigns/${c3.id}/pause` });
  const c4 = (await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyB.id}/campaigns`, payload: { targets: { groupIds: [vk.id] }, timing: later(1) } }, 201)).campaign;
  await s.json({ method: 'POST', url: `/v1/campaigns/${c4.id}/cancel` });

  const settled = await s.waitForPosts(vacancyA.id, (ps) => ps.length === 4 && ps.every((p) => ['published', 'unknown', 'awaiting_manual'].includes(p.status)));
  const statusOf = new Map(settled.map((p) => [p.groupId, p.status]));
  t.same([statusOf.get(tgA.id), statusOf.get(tgB.id), statusOf.get(vk.id), statusOf.get(fb.id)], ['published', 'unknown', 'published', 'awaiting_manual']);

  // ---- GET /v1/posts
  const every = await all<PostView>(t, s, '/v1/posts', 100);
  t.equal(every.length, 7, 'every post of the workspace, across both vacancies');
  t.same(ids(every), [...ids(every)].sort(), 'oldest first (ids are time-ordered)');
  for (const p of every) checkGroup(t, p, byId.get(p.groupId)!, `listed post ${p.network}/${p.status}`);
  t.same(ids(await all<PostView>(t, s, '/v1/posts', 2)), ids(every), 'pages of 2 add up to the same list');

  const unknown = await postsAt(s, '?status=unknown');
  t.same(unknown.map((p) => [p.group.slug, p.campaignId]), [[tgB.slug, c1.campaign.id]], 'the unknown post that needs a person');
  t.same((await postsAt(s, '?status=unknown&status=awaiting_manual')).map((p) => p.group.slug).sort(), [tgB.slug, fb.slug].sort(), 'several statuses');
  t.equal((await postsAt(s, '?network=telegram')).length, 4);
  t.same((await postsAt(s, `?groupId=${tgA.id}`)).map((p) => p.campaignId), [c1.campaign.id, c2.id]);
  t.equal((await postsAt(s, `?vacancyId=${vacancyB.id}`)).length, 3);
  t.equal((await postsAt(s, `?campaignId=${c1.campaign.id}`)).length, 4);
  t.same((await postsAt(s, `?vacancyId=${vacancyB.id}&network=telegram`)).map((p) => p.campaignId), [c2.id, c3.id], 'filters combine');
  t.same((await postsAt(s, '?hold=campaign_paused')).map((p) => p.campaignId), [c3.id]);
  t.same((await postsAt(s, '?hold=any')).map((p) => p.campaignId), [c3.id]);
  t.equal((await postsAt(s, '?hold=none')).length, 6);
  t.same((await postsAt(s, '?status=cancelled')).map((p) => p.campaignId), [c4.id]);

  const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
  t.same((await postsAt(s, `?dueFrom=${inDays(1.5)}`)).map((p) => p.campaignId), [c2.id, c3.id], 'due from: the posts due in 2 and 3 days');
  t.equal((await postsAt(s, `?dueTo=${inDays(1.5)}`)).length, 5, 'due before: the four sent now and the cancelled one due tomorrow');
  t.same((await postsAt(s, `?dueFrom=${inDays(1.5)}&dueTo=${inDays(2.5)}`)).map((p) => p.campaignId), [c2.id], 'a window');
  const dateOnly = inDays(10).slice(0, 10);
  t.same(await postsAt(s, `?dueFrom=${dateOnly}`), [], 'a date alone is accepted (00:00 UTC)');
  t.same(ids(await all<PostView>(t, s, '/v1/posts?network=telegram', 1)), ids(await postsAt(s, '?network=telegram')), 'a filter keeps across pages');

  // Every view of a post names its group: the single post, lists under a vacancy or campaign, actions, assisted tasks.
  const one = await s.json({ method: 'GET', url: `/v1/posts/${unknown[0]!.id}` });
  checkGroup(t, one, tgB, 'GET /v1/posts/{id}');
  for (const url of [`/v1/vacancies/${vacancyA.id}/posts`, `/v1/campaigns/${c1.campaign.id}/posts`]) {
    for (const p of (await s.json({ method: 'GET', url })).items as PostView[]) checkGroup(t, p, byId.get(p.groupId)!, url);
  }
  const marked = await s.json({ method: 'POST', url: `/v1/posts/${unknown[0]!.id}/mark-published`, payload: { permalink: 'https://t.me/c/3000000002/1' } });
  checkGroup(t, marked, tgB, 'the mark-published answer');
  const tasks = (await s.json({ method: 'GET', url: '/v1/assisted-tasks' })).items as Array<{ postId: string; groupId: string; groupName: string; group: GroupRef }>;
  t.equal(tasks.length, 1);
  checkGroup(t, tasks[0]!, fb, 'an assisted task');
  t.equal(tasks[0]!.groupName, fb.name, 'groupName stays');

  // ---- GET /v1/campaigns: newest first; the status filter agrees with the status each campaign shows.
  const campaigns = await all<CampaignView>(t, s, '/v1/campaigns', 1);
  t.same(ids(campaigns), [c4.id, c3.id, c2.id, c1.campaign.id], 'newest first, one per page');
  const shown = new Map<string, string>();
  for (const c of campaigns) shown.set(c.id, (await s.json({ method: 'GET', url: `/v1/campaigns/${c.id}` })).status);
  t.same([...shown.values()], ['cancelled', 'paused', 'active', 'completed'], 'c1 has nothing left to do: shown completed though stored active');
  for (const status of ['active', 'paused', 'cancelled', 'completed']) {
    const listed = await campaignsAt(s, `?status=${status}`);
    t.same(ids(listed), campaigns.filter((c) => shown.get(c.id) === status).map((c) => c.id), `?status=${status} lists exactly the campaigns shown ${status}`);
    for (const c of listed) t.equal(c.status, status);
  }
  t.same(ids(await campaignsAt(s, '?status=active&status=paused')), [c3.id, c2.id], 'several statuses');
  t.same(ids(await campaignsAt(s, `?vacancyId=${vacancyA.id}`)), [c1.campaign.id]);
  t.same(ids(await campaignsAt(s, `?vacancyId=${vacancyB.id}&status=cancelled`)), [c4.id]);

  // Closing vacancy B ends its running campaigns (stored completed): the filter still agrees.
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyB.id}/close` });
  t.same(ids(await campaignsAt(s, '?status=completed')), [c3.id, c2.id, c1.campaign.id]);
  t.same(await campaignsAt(s, '?status=active'), []);

  // ---- bad filters name the parameter; another workspace sees none of it.
  for (const [query, field] of [
    ['?status=lost', 'status'],
    ['?dueFrom=yesterday', 'dueFrom'],
    ['?groupId=tgA', 'groupId'],
    ['?hold=forever', 'hold'],
    ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ] as const) {
    const res = await s.call({ method: 'GET', url: `/v1/posts${query}` });
    t.equal(res.statusCode, 400, `${query}: ${res.body}`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.ok(res.json().errors.some((e: { field: string }) => e.field === field), `${query} names ${field}`);
  }
  const badCampaigns = await s.call({ method: 'GET', url: '/v1/campaigns?status=done' });
  t.equal(badCampaigns.statusCode, 400);
  t.ok(badCampaigns.json().errors.some((e: { field: string }) => e.field === 'status'));

  const other = (await s.json({ method: 'POST', url: '/v1/workspaces', payload: { name: 'Agency B' } }, 201)).apiKey.key as string;
  t.same((await s.call({ method: 'GET', url: '/v1/posts' }, other)).json().items, [], "another workspace's key sees no post");
  t.same((await s.call({ method: 'GET', url: '/v1/campaigns' }, other)).json().items, [], 'nor any campaign');
});

t.test('campaign targets: a 422 names every group that cannot be posted to, and writes nothing', async (t) => {
  const s = await engineSetup(t);
  const good = await s.group({ network: 'telegram', name: 'Good channel', kind: 'channel', mode: 'api', address: '-1004000000001', accountId: s.accounts.telegram.id });
  const disabled = await s.group({ network: 'telegram', name: 'Disabled channel', kind: 'channel', mode: 'api', address: '-1004000000002', accountId: s.accounts.telegram.id });
  await s.json({ method: 'PATCH', url: `/v1/groups/${disabled.id}`, payload: { disabled: true } });
  const orphan = await s.group({ network: 'telegram', name: 'No account', kind: 'channel', mode: 'api', address: '-1004000000003' });
  const vacancy = await s.vacancy();
  const missingId = randomUUID();

  const refs = [good.slug, 'telegram-ru-python', disabled.id, orphan.slug, missingId, 'no-such-group'];
  const res = await s.call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: refs }, timing: { type: 'now' } } });
  t.equal(res.statusCode, 422, res.body);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const body = res.json() as { detail: string; errors: { field: string; in: string; message: string }[] };
  t.same(body.errors.map((e) => e.field), ['targets.groupIds.1', 'targets.groupIds.2', 'targets.groupIds.3', 'targets.groupIds.4', 'targets.groupIds.5'], 'every bad entry, and only those');
  t.match(body.errors, [
    { message: /"telegram-ru-python" has no address yet/ },
    { message: /is disabled/ },
    { message: /has no telegram account/ },
    { message: new RegExp(`no group with id or slug "${missingId}"`) },
    { message: /no group with id or slug "no-such-group"/ },
  ]);
  t.match(body.detail, /^5 target groups cannot be posted to/);
  t.same((await s.json({ method: 'GET', url: `/v1/campaigns?vacancyId=${vacancy.id}` })).items, [], 'no campaign written');
  t.same((await s.json({ method: 'GET', url: '/v1/posts' })).items, [], 'no post written');

  // The same group by slug and by id is one target.
  const ok = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [good.slug, good.id] }, timing: { type: 'now' } } }, 201);
  t.equal(ok.posts.length, 1);
  t.same(ok.campaign.groupIds, [good.id], 'the campaign records the group ids');
  t.equal(ok.posts[0].group.slug, good.slug);
});
