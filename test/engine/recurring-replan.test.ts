// A recurring campaign whose targets came from a plan runs the plan again at each occurrence:
// a group given an address since is taken in, a group that broke is left out with its reason,
// and GET /v1/campaigns/{id}/replans records what changed. Explicit group ids stay as given.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { groups } from '../../src/db/schema.js';
import { engineSetup } from '../helpers/engine-setup.js';

type Setup = Awaited<ReturnType<typeof engineSetup>>;
type PostView = { id: string; status: string; groupId: string; occurrence: number; address: string | null };
type Replan = {
  occurrence: number;
  at: string;
  groupIds: string[];
  added: { groupId: string; slug: string; name: string; network: string; reasons: string[] }[];
  removed: { groupId: string; slug: string | null; name: string | null; network: string | null; code: string; detail: string }[];
};

// Weekly, so the second occurrence is days away and only ever runs when the test runs it.
const WEEKLY = { type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { count: 3 } };
const MARKETING = { professions: ['marketing'], cities: [], remote: false };
const KICKED = 'Forbidden: bot was kicked from the channel chat';

function marketingChannel(s: Setup, name: string, address: string | null) {
  return s.group({ network: 'telegram', name, kind: 'channel', mode: 'api', address, accountId: s.accounts.telegram.id, tags: MARKETING });
}

async function createCampaign(s: Setup, vacancyId: string, targets: Record<string, unknown>) {
  const created = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyId}/campaigns`, payload: { targets, timing: WEEKLY } }, 201);
  return created as { campaign: { id: string; groupIds: string[] }; posts: PostView[] };
}

/** What a person sees when the network throws the bot out (the registry's own path is elsewhere). */
async function breakGroup(s: Setup, groupId: string) {
  await s.database.db.update(groups).set({ status: 'broken', brokenCode: 'bot_removed', brokenReason: KICKED }).where(eq(groups.id, groupId));
}

async function occurrencePosts(s: Setup, campaignId: string, occurrence: number): Promise<PostView[]> {
  const page = await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}/posts?limit=500` });
  return (page.items as PostView[]).filter((p) => p.occurrence === occurrence);
}

const replans = async (s: Setup, campaignId: string): Promise<Replan[]> => (await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}/replans` })).items;
const sorted = (ids: string[]) => [...ids].sort();

t.test('a planned series takes in a group given an address and leaves out one that broke; explicit ids stay', async (t) => {
  const s = await engineSetup(t);
  const unaddressed = await marketingChannel(s, 'Marketing alpha', null);
  const steady = await marketingChannel(s, 'Marketing beta', '@marketing_beta');
  const breaking = await marketingChannel(s, 'Marketing gamma', '@marketing_gamma');
  const vacancy = await s.vacancy({ audience: { professions: ['marketing'] } });

  const planned = await createCampaign(s, vacancy.id, { plan: { networks: ['telegram'] } });
  t.same(planned.campaign.groupIds, [steady.id, breaking.id], 'occurrence 1: the group without an address is left out');
  const explicit = await createCampaign(s, vacancy.id, { groupIds: [steady.id, breaking.id] });

  await s.json({ method: 'PATCH', url: `/v1/groups/${unaddressed.id}`, payload: { address: '@marketing_alpha' } });
  await breakGroup(s, breaking.id);
  const runner = s.app.services.engine.occurrences;
  await runner.run(planned.campaign.id, 2);
  await runner.run(explicit.campaign.id, 2);

  const second = await occurrencePosts(s, planned.campaign.id, 2);
  t.same(sorted(second.map((p) => p.groupId)), sorted([unaddressed.id, steady.id]), 'occurrence 2 posts into the addressed group, not the broken one');
  t.equal(second.find((p) => p.groupId === unaddressed.id)?.address, '@marketing_alpha');
  const campaign = await s.json({ method: 'GET', url: `/v1/campaigns/${planned.campaign.id}` });
  t.same(campaign.groupIds, [unaddressed.id, steady.id], "the new selection is the campaign's groups");

  const [replan, ...more] = await replans(s, planned.campaign.id);
  t.equal(more.length, 0, 'one replan so far');
  t.equal(replan!.occurrence, 2);
  t.same(replan!.groupIds, [unaddressed.id, steady.id]);
  t.same(
    replan!.added.map(({ reasons: _, ...group }) => group),
    [{ groupId: unaddressed.id, slug: unaddressed.slug, name: 'Marketing alpha', network: 'telegram' }],
    'added: the group brought to life',
  );
  t.ok(replan!.added[0]!.reasons.includes('profession: marketing'), 'with the plan\'s reasons', { reasons: replan!.added[0]!.reasons });
  t.same(
    replan!.removed.map(({ detail: _, ...group }) => group),
    [{ groupId: breaking.id, slug: breaking.slug, name: 'Marketing gamma', network: 'telegram', code: 'broken' }],
    'removed: the broken group',
  );
  t.match(replan!.removed[0]!.detail, KICKED, 'with the reason the network gave');

  // Explicit ids are the recruiter's choice: the broken group still gets its post (publishing decides about it).
  const explicitSecond = await occurrencePosts(s, explicit.campaign.id, 2);
  t.same(sorted(explicitSecond.map((p) => p.groupId)), sorted([steady.id, breaking.id]), 'the explicit campaign keeps its groups');
  t.same((await s.json({ method: 'GET', url: `/v1/campaigns/${explicit.campaign.id}` })).groupIds, [steady.id, breaking.id]);
  t.same(await replans(s, explicit.campaign.id), [], 'and has no replans');

  // The posts of the replanned occurrence really go out to the new group.
  const mine = new Set(second.map((p) => p.id));
  await s.waitForPosts(vacancy.id, (ps) => ps.filter((p) => mine.has(p.id)).every((p) => p.status === 'published'));
  const targets = s.fakes.telegram.calls.filter((c) => c.method === 'sendMessage' && c.result === 'ok').map((c) => c.target);
  t.ok(targets.includes('@marketing_alpha'), 'Telegram received the post in the newly addressed channel', { targets });

  // Nothing changed by the last occurrence: recorded all the same, with nothing added or removed.
  await runner.run(planned.campaign.id, 3);
  const last = (await replans(s, planned.campaign.id)).at(-1)!;
  t.same([last.occurrence, last.groupIds, last.added, last.removed], [3, [unaddressed.id, steady.id], [], []]);
});

t.test('a replan that selects nothing makes no posts, and the series goes on to find groups again', async (t) => {
  const s = await engineSetup(t);
  const breaking = await marketingChannel(s, 'Marketing delta', '@marketing_delta');
  const deleted = await marketingChannel(s, 'Marketing epsilon', '@marketing_epsilon');
  const vacancy = await s.vacancy({ audience: { professions: ['marketing'] } });
  const planned = await createCampaign(s, vacancy.id, { plan: { networks: ['telegram'] } });
  t.same(planned.campaign.groupIds, [breaking.id, deleted.id]);

  await breakGroup(s, breaking.id);
  // No route deletes a group; a workspace's own deletion would remove the row (and its posts) like this.
  await s.database.db.delete(groups).where(eq(groups.id, deleted.id));
  const runner = s.app.services.engine.occurrences;
  await runner.run(planned.campaign.id, 2);

  t.same(await occurrencePosts(s, planned.campaign.id, 2), [], 'no post for occurrence 2');
  const campaign = await s.json({ method: 'GET', url: `/v1/campaigns/${planned.campaign.id}` });
  t.equal(campaign.nextOccurrence, 3, 'the series goes on');
  t.same(campaign.groupIds, []);
  const [empty] = await replans(s, planned.campaign.id);
  t.same(empty!.groupIds, []);
  t.same(empty!.removed.map((r) => [r.groupId, r.code]), [[breaking.id, 'broken'], [deleted.id, 'gone']]);
  t.same([empty!.removed[1]!.slug, empty!.removed[1]!.name, empty!.removed[1]!.network], [null, null, null], 'a deleted group has no name left');

  // Fixed before the next occurrence: it is found again.
  await s.database.db.update(groups).set({ status: 'active', brokenCode: null, brokenReason: null }).where(eq(groups.id, breaking.id));
  await runner.run(planned.campaign.id, 3);
  t.same((await occurrencePosts(s, planned.campaign.id, 3)).map((p) => p.groupId), [breaking.id]);
  const found = (await replans(s, planned.campaign.id)).at(-1)!;
  t.same([found.occurrence, found.added.map((a) => a.groupId), found.removed], [3, [breaking.id], []]);
});
