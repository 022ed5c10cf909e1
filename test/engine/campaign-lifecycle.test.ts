// Campaign creation, timing and lifecycle through the HTTP API, with the job workers running
// against the wire fakes: when each post is due (at, staggered, posting hours, minimum days,
// recurring), what pause/resume/cancel do to pending posts, and how bad or repeated requests
// are answered.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import t from 'tap';
import { createTrackedLinks } from '../../src/responses/tracked-links.js';
import type { Test } from 'tap';
import { posts } from '../../src/db/schema.js';
import { createOccurrenceRunner } from '../../src/publishing/occurrence-runner.js';
import { ANY_HOUR_RULES, engineSetup } from '../helpers/engine-setup.js';

const ZONE = 'Europe/Moscow';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Setup = Awaited<ReturnType<typeof engineSetup>>;
type Reply = Awaited<ReturnType<Setup['call']>>;
type PostView = { id: string; status: string; groupId: string; dueAt: string; hold: string | null; occurrence: number; publishedAt: string | null };
type HistoryEntry = { from: string | null; to: string; note: string | null };

/** `ms` as Moscow wall-clock time, "YYYY-MM-DDTHH:MM:SS" (the format timing.localTime takes). */
const moscowLocal = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
const moscowHHMM = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('HH:mm');
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The next Monday 10:00 in Moscow at or after `now` (cron "0 10 * * 1" counts the current minute). */
function nextMonday10(now: number): number {
  let d = DateTime.fromMillis(now, { zone: ZONE }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  d = d.plus({ days: (8 - d.weekday) % 7 }); // luxon: Monday is 1
  if (d.toMillis() < floorTo(now, MINUTE)) d = d.plus({ weeks: 1 });
  return d.toMillis();
}

/** Asserts a problem+json answer with `status` and returns the fields it names. */
function problemFields(t: Test, res: Reply, status: number): string[] {
  t.equal(res.statusCode, status, res.body);
  t.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json() as { status: number; errors?: { field: string }[] };
  t.equal(body.status, status, 'the body repeats the status');
  return (body.errors ?? []).map((e) => e.field);
}

const sentMessages = (s: Setup) => s.fakes.telegram.calls.filter((c) => c.method === 'sendMessage' && c.result === 'ok');

async function telegramGroup(s: Setup, name: string, extra: Record<string, unknown> = {}) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return s.group({ network: 'telegram', name, kind: 'channel', mode: 'api', address: `@${slug}`, accountId: s.accounts.telegram.id, ...extra });
}

function createCampaign(s: Setup, vacancyId: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return s.call({ method: 'POST', url: `/v1/vacancies/${vacancyId}/campaigns`, payload, headers });
}

async function history(s: Setup, postId: string): Promise<HistoryEntry[]> {
  return (await s.json({ method: 'GET', url: `/v1/posts/${postId}` })).history;
}

async function campaignPosts(s: Setup, campaignId: string): Promise<PostView[]> {
  return (await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}/posts?limit=500` })).items;
}

t.test('at: a Moscow wall-clock time is due at that instant and not sent before it', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'At channel');
  const vacancy = await s.vacancy();

  // Three seconds ahead, to the second: the format has no milliseconds, so the due instant is floored.
  const target = Date.now() + 3000;
  const expectedDue = floorTo(target, 1000);
  const res = await createCampaign(s, vacancy.id, {
    targets: { groupIds: [tg.id] },
    timing: { type: 'at', localTime: moscowLocal(target), timeZone: ZONE },
  });
  t.equal(res.statusCode, 201, res.body);
  const created = res.json() as { campaign: { id: string; status: string }; posts: PostView[] };
  t.equal(created.campaign.status, 'active');
  t.equal(created.posts.length, 1);
  t.equal(created.posts[0]!.status, 'planned', 'due in a few seconds: planned, not queued');
  t.equal(Date.parse(created.posts[0]!.dueAt), expectedDue, 'dueAt is the Moscow local time as an instant');

  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  const sends = sentMessages(s);
  t.equal(sends.length, 1, 'one message');
  t.ok(sends[0]!.time >= expectedDue, `the fake saw the message at or after dueAt (${sends[0]!.time - expectedDue} ms after)`);
  t.ok(Date.parse(String(post!.publishedAt)) >= expectedDue, 'publishedAt is not before dueAt');

  // An hour in the past is a mistake, not "now": refused, naming the field.
  const past = await createCampaign(s, vacancy.id, {
    targets: { groupIds: [tg.id] },
    timing: { type: 'at', localTime: moscowLocal(Date.now() - HOUR), timeZone: ZONE },
  });
  t.same(problemFields(t, past, 422), ['timing.localTime']);

  // An unknown zone fails the body schema, which this API answers with 400 (README: "400 invalid or
  // malformed input · 422 a valid request that cannot be done"), not 422.
  const badZone = await createCampaign(s, vacancy.id, {
    targets: { groupIds: [tg.id] },
    timing: { type: 'at', localTime: moscowLocal(Date.now() + HOUR), timeZone: 'Europe/Atlantis' },
  });
  t.ok(problemFields(t, badZone, 400).includes('timing.timeZone'), badZone.body);

  // Nothing but the first campaign exists: the refused ones left no trace.
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/campaigns` })).items.length, 1);
});

t.test('staggered: three groups spread over the window, 60 s apart', async (t) => {
  const s = await engineSetup(t);
  const groups = [await telegramGroup(s, 'Stagger one'), await telegramGroup(s, 'Stagger two'), await telegramGroup(s, 'Stagger three')];
  const vacancy = await s.vacancy();

  const before = Date.now();
  const res = await createCampaign(s, vacancy.id, {
    targets: { groupIds: groups.map((g) => g.id) },
    timing: { type: 'staggered', windowMinutes: 2, minGapMinutes: 1 },
  });
  t.equal(res.statusCode, 201, res.body);
  const created = res.json() as { posts: PostView[] };
  t.equal(created.posts.length, 3);
  // Posts follow the order of groupIds; the window starts at creation.
  const byGroup = groups.map((g) => created.posts.find((p) => p.groupId === g.id)!);
  const dues = byGroup.map((p) => Date.parse(p.dueAt));
  t.same(dues.map((d) => d - dues[0]!), [0, MINUTE, 2 * MINUTE], 'offsets 0, 60, 120 s');
  t.ok(dues[0]! >= before && dues[0]! <= Date.now(), 'the window starts now');
  t.same(byGroup.map((p) => p.status), ['queued', 'planned', 'planned']);

  // Three posts at a five-minute gap cannot fit in one minute.
  const tooSmall = await createCampaign(s, vacancy.id, {
    targets: { groupIds: groups.map((g) => g.id) },
    timing: { type: 'staggered', windowMinutes: 1, minGapMinutes: 5 },
  });
  t.same(problemFields(t, tooSmall, 422), ['timing.minGapMinutes']);
});

t.test("posting hours: a post due while the group's window is closed waits for it to open", async (t) => {
  const s = await engineSetup(t);
  // A window from two to three hours from now (Moscow has no DST, so wall time + 2 h is instant + 2 h).
  const now = Date.now();
  const hours = { from: moscowHHMM(now + 2 * HOUR), to: moscowHHMM(now + 3 * HOUR), timeZone: ZONE };
  const tg = await telegramGroup(s, 'Daytime channel', { rules: { ...ANY_HOUR_RULES, postingHours: hours } });
  const vacancy = await s.vacancy();

  const created = await s.json(
    { method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } },
    201,
  );
  const post = created.posts[0] as PostView;
  t.equal(post.status, 'planned', 'not queued: the window is closed');
  t.equal(Date.parse(post.dueAt), floorTo(now + 2 * HOUR, MINUTE), `due when the window opens (${hours.from} Moscow)`);
  t.match((await history(s, post.id)).map((e) => e.note).join(' | '), /moved into the group's posting hours/);

  // Give the workers a moment: nothing goes out early.
  await sleep(1500);
  t.equal(sentMessages(s).length, 0, 'nothing sent outside the posting hours');
  t.equal((await s.posts(vacancy.id))[0]!.status, 'planned');
});

t.test('minDaysBetweenPosts: a second campaign for the same vacancy and group waits a week after the first post', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'Weekly channel', { rules: { ...ANY_HOUR_RULES, minDaysBetweenPosts: 7 } });
  const vacancy = await s.vacancy();
  const payload = { targets: { groupIds: [tg.id] }, timing: { type: 'now' } };

  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload }, 201);
  const [first] = await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  const firstPublishedAt = Date.parse(String(first!.publishedAt));

  const second = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload }, 201);
  const post = second.posts[0] as PostView;
  t.equal(post.status, 'planned', 'postponed, not queued');
  const due = Date.parse(post.dueAt);
  t.ok(Math.abs(due - (firstPublishedAt + 7 * DAY)) < 1000, `due 7 days after the first publish (off by ${due - (firstPublishedAt + 7 * DAY)} ms)`);
  const notes = (await history(s, post.id)).map((e) => e.note ?? '');
  t.ok(notes.some((n) => /^postponed to .*7 day\(s\) between posts/.test(n)), 'history says why', { notes });

  await sleep(1000);
  t.equal(sentMessages(s).length, 1, 'only the first campaign reached Telegram');
});

t.test('recurring: cron and RRULE schedules, the occurrence runner, and the vacancy closing', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'Monday channel');
  const vacancy = await s.vacancy();
  const schedule = { type: 'recurring', timeZone: ZONE, cron: '0 10 * * 1', ends: { count: 3 } };

  const firstAt = nextMonday10(Date.now());
  const res = await createCampaign(s, vacancy.id, { targets: { groupIds: [tg.id] }, timing: schedule });
  t.equal(res.statusCode, 201, res.body);
  const created = res.json() as { campaign: { id: string; nextOccurrence: number | null; nextOccurrenceAt: string | null; status: string }; posts: PostView[] };
  const campaignId = created.campaign.id;
  t.equal(created.campaign.status, 'active');
  t.equal(created.campaign.nextOccurrence, 2, 'occurrence 1 was made at creation; 2 is next');
  t.equal(Date.parse(String(created.campaign.nextOccurrenceAt)), firstAt + 7 * DAY, 'the Monday after');
  t.equal(created.posts.length, 1);
  t.equal(created.posts[0]!.occurrence, 1);
  t.equal(created.posts[0]!.status, 'planned');
  t.equal(Date.parse(created.posts[0]!.dueAt), firstAt, 'next Monday 10:00 Moscow');

  // The same schedule as an RRULE (on another vacancy, so the two campaigns do not interact).
  const other = await s.vacancy({ title: 'Второй маркетолог' });
  const rrule = await createCampaign(s, other.id, {
    targets: { groupIds: [tg.id] },
    timing: { type: 'recurring', timeZone: ZONE, rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0', ends: { count: 3 } },
  });
  t.equal(rrule.statusCode, 201, rrule.body);
  t.equal(Date.parse(rrule.json().posts[0].dueAt), firstAt, 'the RRULE gives the same first Monday');
  t.equal(Date.parse(rrule.json().campaign.nextOccurrenceAt), firstAt + 7 * DAY);

  // Every minute is spam to a job group.
  const spam = await createCampaign(s, vacancy.id, { targets: { groupIds: [tg.id] }, timing: { ...schedule, cron: '* * * * *' } });
  t.same(problemFields(t, spam, 422), ['timing.cron']);
  t.match(spam.json().detail, /minimum is 1 hour/);

  // The runner acts only on the occurrence the campaign row says is next.
  const runner = s.app.services.engine.occurrences;
  await runner.run(campaignId, 1);
  await runner.run(campaignId, 3);
  t.equal((await campaignPosts(s, campaignId)).length, 1, 'occurrences 1 (done) and 3 (not yet) create nothing');
  t.equal((await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}` })).nextOccurrence, 2);

  // Occurrence 2, run early by hand: its post is due now and goes out. (The group has no
  // minDaysBetweenPosts, so occurrence 1's post, still planned for Monday, must not get in the way.)
  await runner.run(campaignId, 2);
  const afterTwo = await campaignPosts(s, campaignId);
  t.equal(afterTwo.length, 2, 'one post for occurrence 2');
  const second = afterTwo.find((p) => p.occurrence === 2)!;
  t.ok(['queued', 'sending', 'published'].includes(second.status), `occurrence 2 is on its way (${second.status})`, { history: await history(s, second.id) });
  const campaign = await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}` });
  t.equal(campaign.nextOccurrence, 3);
  t.equal(Date.parse(campaign.nextOccurrenceAt), firstAt + 14 * DAY, 'occurrence 3 stays on its Monday');

  // A duplicate job for the same occurrence is a no-op.
  await runner.run(campaignId, 2);
  t.equal((await campaignPosts(s, campaignId)).length, 2, 'running occurrence 2 again creates nothing');

  await s.waitForPosts(vacancy.id, (ps) => ps.find((p) => p.id === second.id)?.status === 'published');
  t.equal(sentMessages(s).length, 1, 'occurrence 2 reached Telegram once');

  // Closing the vacancy ends the series and cancels the Monday post.
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  const ended = await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}` });
  t.equal(ended.status, 'completed');
  t.equal(ended.endReason, 'vacancy_closed');
  t.equal(ended.nextOccurrence, null);
  const firstPost = (await campaignPosts(s, campaignId)).find((p) => p.occurrence === 1)!;
  t.equal(firstPost.status, 'cancelled', 'the planned Monday post is cancelled');
  await runner.run(campaignId, 3);
  t.equal((await campaignPosts(s, campaignId)).length, 2, 'an ended campaign makes no more occurrences');
  // The other vacancy's campaign is untouched.
  t.equal((await s.json({ method: 'GET', url: `/v1/campaigns/${rrule.json().campaign.id}` })).status, 'active');
});

t.test('recurring: a weekly schedule meets a 7-day group rule without losing every other week', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'Seven day channel', { rules: { ...ANY_HOUR_RULES, minDaysBetweenPosts: 7 } });
  const vacancy = await s.vacancy();
  const firstAt = nextMonday10(Date.now());
  const created = await s.json(
    {
      method: 'POST',
      url: `/v1/vacancies/${vacancy.id}/campaigns`,
      payload: { targets: { groupIds: [tg.id] }, timing: { type: 'recurring', timeZone: ZONE, cron: '0 10 * * 1', ends: { count: 3 } } },
    },
    201,
  );
  const campaignId = created.campaign.id as string;

  // Last Monday's post went out 3 s after 10:00 (worker poll, rate-limit pacing): written straight
  // to the row, since the real Monday is days away.
  await s.database.db
    .update(posts)
    .set({ status: 'published', publishedAt: new Date(firstAt + 3000), networkPostId: '1' })
    .where(eq(posts.id, created.posts[0].id));
  // This Monday's occurrence job runs 1 s after 10:00, so its post is due 2 s short of 7 days.
  const runner = createOccurrenceRunner({ db: s.database.db, jobs: s.app.services.jobs, queue: s.app.services.publishQueue, links: createTrackedLinks(undefined), now: () => new Date(firstAt + 7 * DAY + 1000) });
  await runner.run(campaignId, 2);

  const second = (await campaignPosts(s, campaignId)).find((p) => p.occurrence === 2)!;
  t.equal(second.status, 'planned', 'occurrence 2 is postponed by seconds, not skipped for the week', { history: await history(s, second.id) });
  t.equal(Date.parse(second.dueAt), firstAt + 3000 + 7 * DAY, 'exactly 7 days after the last post');
  t.equal((await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}` })).nextOccurrence, 3);
});

t.test('pause holds pending posts, resume sends them, cancel ends a campaign for good', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'Pausable channel');
  const vacancy = await s.vacancy();

  const target = Date.now() + 2000;
  const created = await s.json(
    {
      method: 'POST',
      url: `/v1/vacancies/${vacancy.id}/campaigns`,
      payload: { targets: { groupIds: [tg.id] }, timing: { type: 'at', localTime: moscowLocal(target), timeZone: ZONE } },
    },
    201,
  );
  const campaignId = created.campaign.id as string;
  const paused = await s.json({ method: 'POST', url: `/v1/campaigns/${campaignId}/pause` });
  t.equal(paused.status, 'paused');
  t.equal((await s.json({ method: 'POST', url: `/v1/campaigns/${campaignId}/pause` })).status, 'paused', 'pausing twice is fine');

  // Well past dueAt: the publish job has fired and found the campaign paused.
  await sleep(4000);
  t.equal(sentMessages(s).length, 0, 'nothing sent while paused');
  const [held] = await s.posts(vacancy.id);
  t.ok(['planned', 'queued'].includes(held!.status), `still pending (${held!.status})`);
  t.equal(held!.hold, 'campaign_paused');

  const resumed = await s.json({ method: 'POST', url: `/v1/campaigns/${campaignId}/resume` });
  t.equal(resumed.status, 'active');
  const [published] = await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  t.equal(published!.hold, null);
  t.equal(sentMessages(s).length, 1, 'sent exactly once after resuming');
  const notes = (await history(s, published!.id)).map((e) => e.note ?? '');
  t.ok(notes.some((n) => /^held: the campaign is paused/.test(n)), 'history records the hold');
  t.ok(notes.some((n) => /^released: the campaign resumed/.test(n)), 'and the release');

  // A one-off campaign with nothing left to do reads as completed, and acts like it: it cannot be
  // paused, and cancelling it changes nothing.
  t.equal((await s.json({ method: 'GET', url: `/v1/campaigns/${campaignId}` })).status, 'completed');
  problemFields(t, await s.call({ method: 'POST', url: `/v1/campaigns/${campaignId}/pause` }), 409);
  const cancelDone = await s.json({ method: 'POST', url: `/v1/campaigns/${campaignId}/cancel` });
  t.equal(cancelDone.status, 'completed', 'cancel on a completed campaign is a no-op');
  t.equal(cancelDone.endReason, null);

  // Cancel: an hour-ahead campaign's post is cancelled, and the campaign cannot be paused or resumed.
  const later = await s.json(
    {
      method: 'POST',
      url: `/v1/vacancies/${vacancy.id}/campaigns`,
      payload: { targets: { groupIds: [tg.id] }, timing: { type: 'at', localTime: moscowLocal(Date.now() + HOUR), timeZone: ZONE } },
    },
    201,
  );
  const cancelled = await s.json({ method: 'POST', url: `/v1/campaigns/${later.campaign.id}/cancel` });
  t.equal(cancelled.status, 'cancelled');
  t.equal(cancelled.endReason, 'cancelled');
  t.ok(cancelled.endedAt);
  t.same((await campaignPosts(s, later.campaign.id)).map((p) => p.status), ['cancelled']);
  t.equal((await s.json({ method: 'POST', url: `/v1/campaigns/${later.campaign.id}/cancel` })).status, 'cancelled', 'cancelling twice is fine');
  problemFields(t, await s.call({ method: 'POST', url: `/v1/campaigns/${later.campaign.id}/pause` }), 409);
  problemFields(t, await s.call({ method: 'POST', url: `/v1/campaigns/${later.campaign.id}/resume` }), 409);
  // The first campaign's published post is untouched by the other's cancel.
  t.equal((await s.json({ method: 'GET', url: `/v1/posts/${published!.id}` })).status, 'published');
});

t.test('validation and idempotency', async (t) => {
  const s = await engineSetup(t);
  const tg = await telegramGroup(s, 'Valid channel');
  const vacancy = await s.vacancy();
  const now = { type: 'now' };

  const unknown = await createCampaign(s, vacancy.id, { targets: { groupIds: [randomUUID()] }, timing: now });
  t.same(problemFields(t, unknown, 422), ['targets.groupIds.0']);
  const unknownSecond = await createCampaign(s, vacancy.id, { targets: { groupIds: [tg.id, randomUUID()] }, timing: now });
  t.same(problemFields(t, unknownSecond, 422), ['targets.groupIds.1'], 'the index points at the bad id');

  // An api-mode group with no account to post with.
  const orphan = await s.group({ network: 'telegram', name: 'No account', kind: 'channel', mode: 'api', address: '@no_account' });
  const noAccount = await createCampaign(s, vacancy.id, { targets: { groupIds: [orphan.id] }, timing: now });
  t.same(problemFields(t, noAccount, 422), ['targets.groupIds.0']);
  t.match(noAccount.json().detail, /no telegram account/);

  const closedVacancy = await s.vacancy({ title: 'Закрытая вакансия' });
  await s.json({ method: 'POST', url: `/v1/vacancies/${closedVacancy.id}/close` });
  const closed = await createCampaign(s, closedVacancy.id, { targets: { groupIds: [tg.id] }, timing: now });
  problemFields(t, closed, 409);
  t.match(closed.json().type, /vacancy-closed$/);

  // The same key and body twice: one campaign, one post, one message.
  const payload = { targets: { groupIds: [tg.id] }, timing: now };
  const headers = { 'idempotency-key': 'campaign-retry-1' };
  const first = await createCampaign(s, vacancy.id, payload, headers);
  t.equal(first.statusCode, 201, first.body);
  t.notOk(first.headers['idempotent-replayed'], 'the first request is not a replay');
  const again = await createCampaign(s, vacancy.id, payload, headers);
  t.equal(again.statusCode, 201, again.body);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(again.json().campaign.id, first.json().campaign.id, 'the same campaign');
  t.same(again.json().posts.map((p: PostView) => p.id), first.json().posts.map((p: PostView) => p.id), 'the same posts');
  await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/campaigns` })).items.length, 1, 'one campaign');
  t.equal(sentMessages(s).length, 1, 'one message at the fake');

  // A replay answers with what the first request made, even after something the validation looks
  // at has changed (here the group was disabled): the client is only retrying.
  await s.json({ method: 'PATCH', url: `/v1/groups/${tg.id}`, payload: { disabled: true } });
  const lateRetry = await createCampaign(s, vacancy.id, payload, headers);
  t.equal(lateRetry.statusCode, 201, 'a retry after the group was disabled is still a replay', { body: lateRetry.body });
  t.equal(lateRetry.json().campaign?.id, first.json().campaign.id);
  await s.json({ method: 'PATCH', url: `/v1/groups/${tg.id}`, payload: { disabled: false } });

  // The same key with another body is a client bug.
  const reused = await createCampaign(s, vacancy.id, { ...payload, timing: { type: 'staggered', windowMinutes: 10, minGapMinutes: 1 } }, headers);
  problemFields(t, reused, 422);
  t.match(reused.json().type, /idempotency-key-reused$/);
  t.equal((await s.posts(vacancy.id)).length, 1, 'still one post');
});

t.test('targets.plan: the targeting planner picks the groups', async (t) => {
  const s = await engineSetup(t);
  // Custom groups; the curated registry's groups have no address yet, so the planner leaves them out.
  const marketing = await telegramGroup(s, 'Marketing jobs', { tags: { professions: ['marketing'], cities: [], remote: false } });
  // Two that must stay out: another profession, and a general board on a network not asked for.
  await telegramGroup(s, 'Design jobs', { tags: { professions: ['design'], cities: [], remote: false } });
  await s.group({ network: 'vk', name: 'Вакансии VK', mode: 'api', address: '123456', accountId: s.accounts.vk.id });
  const vacancy = await s.vacancy({ audience: { professions: ['marketing'] } });

  const created = await s.json(
    {
      method: 'POST',
      url: `/v1/vacancies/${vacancy.id}/campaigns`,
      payload: { targets: { plan: { networks: ['telegram'] } }, timing: { type: 'now' } },
    },
    201,
  );
  t.same(created.campaign.groupIds, [marketing.id], 'only the marketing group: design fails the profession, VK the network filter');
  t.same(created.posts.map((p: PostView) => p.groupId), [marketing.id]);
  t.same(created.campaign.targets, { plan: { networks: ['telegram'] } }, 'the request is kept as given');
  await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  t.equal(sentMessages(s).length, 1);
  t.equal(sentMessages(s)[0]!.target, '@marketing_jobs');
  t.equal(s.fakes.vk.calls.length, 0);

  const none = await createCampaign(s, vacancy.id, { targets: { plan: { networks: ['telegram'], exclude: [marketing.id] } }, timing: { type: 'now' } });
  t.same(problemFields(t, none, 422), ['targets.plan']);
});
