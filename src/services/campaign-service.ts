// Campaigns: a vacancy's posts to a set of groups on a timing. Creating one writes the campaign,
// its first posts and their publish jobs in one transaction, so a campaign either exists with
// everything that makes it run, or not at all.
import { and, eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/database.js';
import { idempotencyKeys, posts, type CampaignStatus } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PublishQueue } from '../publishing/publish-queue.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { Problem, notFound, type FieldError } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { materializeOccurrence } from '../publishing/occurrence.js';
import type { TrackedLinks } from '../responses/tracked-links.js';
import { accountRepo } from '../repositories/account-repo.js';
import { campaignRepo, type CampaignRow } from '../repositories/campaign-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { idempotencyRepo } from '../repositories/idempotency-repo.js';
import { postRepo } from '../repositories/post-repo.js';
import { checkRecurrence, firstOccurrences, firstTimes, staggerTimes } from '../scheduling/occurrences.js';
import type { Timing } from '../scheduling/timing.js';
import type { TargetingRequest } from '../targeting/types.js';
import type { TargetingService } from './targeting-service.js';
import { canonicalHash } from './vacancy-mapping.js';
import type { VacancyService } from './vacancy-service.js';
import { postViews, toCampaignView } from './publishing-views.js';

type Auth = { workspaceId: string };
const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CampaignInput {
  targets: { groupIds: string[] } | { plan: TargetingRequest };
  timing: Timing;
}

// An 'at' time this far in the past is a mistake, not "now".
const PAST_TOLERANCE_MS = 60_000;

const invalid = (field: string, message: string) =>
  new Problem(422, 'invalid-campaign', `${field}: ${message}`, { errors: [{ field, in: 'body', message }] });

export function createCampaignService(deps: { db: Db; jobs: JobQueue; queue: PublishQueue; links: TrackedLinks; vacancies: VacancyService; targeting: TargetingService }) {
  const { db, jobs } = deps;

  async function resolveGroups(auth: Auth, vacancyId: string, targets: CampaignInput['targets']): Promise<GroupRow[]> {
    if ('plan' in targets) {
      const plan = await deps.targeting.plan(auth, vacancyId, targets.plan);
      const ids = new Set(plan.selected.map((s) => s.groupId));
      const all = await groupRepo.listAll(db, auth.workspaceId);
      const chosen = all.filter((g) => ids.has(g.id));
      if (chosen.length === 0) throw invalid('targets.plan', 'the targeting plan selects no group (POST /v1/vacancies/{id}/plan shows why)');
      return chosen;
    }
    const accounts = new Map((await accountRepo.list(db, auth.workspaceId)).map((a) => [a.id, a]));
    // Ids or slugs, as the plan's `include` takes them; one query for all of them.
    const found = await groupRepo.findByRefs(db, auth.workspaceId, targets.groupIds);
    const byRef = new Map(found.flatMap((g) => [[g.id, g] as const, [g.slug, g] as const]));
    const chosen: GroupRow[] = [];
    // Every bad entry is named at once: fixing them one 422 at a time is no way to build a campaign.
    const errors: FieldError[] = [];
    for (const [i, ref] of targets.groupIds.entries()) {
      const problem = (message: string) => errors.push({ field: `targets.groupIds.${i}`, in: 'body', message });
      const group = byRef.get(ref) ?? byRef.get(ref.toLowerCase()); // an id may come in capitals
      if (!group) problem(`no group with id or slug "${ref}" in this workspace`);
      else if (group.status === 'needs_address') problem(`group "${group.slug}" has no address yet`);
      else if (group.status === 'disabled') problem(`group "${group.slug}" is disabled`);
      else if (group.mode !== 'assisted' && !(group.accountId && accounts.has(group.accountId))) {
        problem(`group "${group.slug}" has no ${group.network} account to post with`);
      } else if (!chosen.some((g) => g.id === group.id)) chosen.push(group);
    }
    if (errors.length === 1) throw invalid(errors[0]!.field, errors[0]!.message);
    if (errors.length > 1) {
      const detail = `${errors.length} target groups cannot be posted to: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
      throw new Problem(422, 'invalid-campaign', detail, { errors });
    }
    return chosen;
  }

  // When each group's first post is due, before its rules (posting hours, minDays) apply.
  function firstDueTimes(timing: Timing, groups: GroupRow[], now: Date): { dueAt: Map<string, Date>; nextAt: Date | null } {
    if (timing.type === 'recurring') {
      const check = checkRecurrence(timing, now);
      if (!check.ok) throw invalid(check.field, check.message);
      const [first, second] = firstOccurrences(timing, now, 2);
      if (!first) throw invalid('timing', 'the schedule has no occurrence');
      return { dueAt: new Map(groups.map((g) => [g.id, first])), nextAt: second ?? null };
    }
    if (timing.type === 'staggered') {
      const spread = staggerTimes(timing, groups.length, now);
      if ('error' in spread) throw invalid(spread.error.field, spread.error.message);
      if (spread.times[0]!.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw invalid('timing.start.localTime', 'is in the past');
      return { dueAt: new Map(groups.map((g, i) => [g.id, spread.times[i]!])), nextAt: null };
    }
    const at = firstTimes(timing, now);
    if (at.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw invalid('timing.localTime', 'is in the past');
    return { dueAt: new Map(groups.map((g) => [g.id, at])), nextAt: null };
  }

  async function mustFind(t: Db, auth: Auth, id: string, forUpdate = false): Promise<CampaignRow> {
    const row = await campaignRepo.find(t, auth.workspaceId, id, { forUpdate });
    if (!row) throw notFound('Campaign');
    return row;
  }

  async function view(t: Db, row: CampaignRow) {
    const counts = await postRepo.countByStatus(t, [row.id]);
    return toCampaignView(row, counts);
  }

  // What an earlier request with the same Idempotency-Key made, answered again.
  async function replay(t: Db, auth: Auth, prior: { requestHash: string; resourceId: string }, input: CampaignInput) {
    if (prior.requestHash !== canonicalHash(input)) {
      throw new Problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used with a different request body');
    }
    const existing = await campaignRepo.find(t, auth.workspaceId, prior.resourceId);
    if (!existing) throw new Problem(404, 'not-found', 'The campaign created with this Idempotency-Key was deleted');
    const made = await postRepo.list(t, { workspaceId: auth.workspaceId, campaignId: existing.id, limit: 1000 });
    return { campaign: await view(t, existing), posts: await postViews(t, auth.workspaceId, made), replayed: true };
  }

  return {
    async create(auth: Auth, vacancyId: string, input: CampaignInput, options: { idempotencyKey?: string } = {}) {
      const scope = `campaigns.create:${vacancyId}`;
      // A retry is answered with what the first request made before anything is checked again: by
      // now the vacancy may be closed, a group disabled or an 'at' time past, and the client that
      // lost the first answer must not be told the campaign failed. (The claim below settles races.)
      if (options.idempotencyKey) {
        const [prior] = await db
          .select({ requestHash: idempotencyKeys.requestHash, resourceId: idempotencyKeys.resourceId })
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.workspaceId, auth.workspaceId), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, options.idempotencyKey)));
        if (prior) return replay(db, auth, prior, input);
      }
      const vacancy = await deps.vacancies.get(auth, vacancyId);
      if (vacancy.status === 'closed') throw new Problem(409, 'vacancy-closed', 'The vacancy is closed; reopen it to post it');
      const groups = await resolveGroups(auth, vacancyId, input.targets);
      const now = new Date();
      const { dueAt, nextAt } = firstDueTimes(input.timing, groups, now);

      return inTransaction(db, async (tx) => {
        const id = uuidv7();
        if (options.idempotencyKey) {
          const prior = await idempotencyRepo.claim(tx, {
            workspaceId: auth.workspaceId,
            scope,
            key: options.idempotencyKey,
            requestHash: canonicalHash(input),
            resourceId: id,
          });
          if (prior) return replay(tx, auth, prior, input);
        }
        // The vacancy is locked so a close racing this create either sees the campaign or prevents it.
        const locked = await deps.vacancies.lockOpen(tx, auth, vacancyId);
        const campaign = await campaignRepo.insert(tx, {
          id,
          workspaceId: auth.workspaceId,
          vacancyId,
          status: 'active',
          timing: input.timing,
          targets: input.targets,
          groupIds: groups.map((g) => g.id),
          nextOccurrence: input.timing.type === 'recurring' ? 1 : null,
          nextOccurrenceAt: null,
          // The recurrence's anchor (cron start, RRULE DTSTART): the occurrence runner recomputes the
          // series from createdAt, so it must be the instant the first occurrences were computed from,
          // not the database's later transaction time (a minute apart at a minute boundary).
          createdAt: now,
        });
        const created = await materializeOccurrence(tx, { jobs, publish: deps.queue, links: deps.links }, {
          campaign,
          vacancy: locked,
          groups,
          occurrence: 1,
          dueAt: (groupId) => dueAt.get(groupId)!,
          nextAt,
          now,
        });
        const final = (await campaignRepo.find(tx, auth.workspaceId, id))!;
        return { campaign: await view(tx, final), posts: await postViews(tx, auth.workspaceId, created), replayed: false };
      });
    },

    async get(auth: Auth, id: string) {
      return view(db, await mustFind(db, auth, id));
    },

    /** Each occurrence that re-ran the campaign's plan: what it selected and what changed, oldest first. */
    async replans(auth: Auth, id: string) {
      const row = await mustFind(db, auth, id);
      const replans = await campaignRepo.listReplans(db, row.id);
      return replans.map(({ occurrence, at, groupIds, added, removed }) => ({ occurrence, at: at.toISOString(), groupIds, added, removed }));
    },

    /** The workspace's campaigns, newest first; `status` filters by the status the API shows. */
    async list(auth: Auth, q: { vacancyId?: string; status?: CampaignStatus | CampaignStatus[]; cursor?: string; limit: number }) {
      const rows = await campaignRepo.listFiltered(db, {
        workspaceId: auth.workspaceId,
        vacancyId: q.vacancyId,
        statuses: q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status],
        beforeId: q.cursor ? decodeCursor(q.cursor, UUID_KEY) : undefined,
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      const counts = await postRepo.countByStatus(db, items.map((r) => r.id));
      return {
        items: items.map((r) => toCampaignView(r, counts)),
        nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!.id) : null,
      };
    },

    async listForVacancy(auth: Auth, vacancyId: string) {
      await deps.vacancies.get(auth, vacancyId);
      const rows = await campaignRepo.listForVacancy(db, auth.workspaceId, vacancyId);
      const counts = await postRepo.countByStatus(db, rows.map((r) => r.id));
      return rows.map((r) => toCampaignView(r, counts));
    },

    async pause(auth: Auth, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, auth, id, true);
        // The status the API shows: an 'active' row with nothing left to do is completed.
        const current = await view(tx, row);
        if (current.status === 'paused') return current;
        if (current.status !== 'active') throw new Problem(409, 'campaign-ended', `The campaign is ${current.status}`);
        const updated = (await campaignRepo.update(tx, id, { status: 'paused' }))!;
        await postRepo.setHold(tx, eq(posts.campaignId, id), 'campaign_paused', 'held: the campaign is paused');
        return view(tx, updated);
      });
    },

    async resume(auth: Auth, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, auth, id, true);
        if (row.status === 'active') return view(tx, row);
        if (row.status !== 'paused') throw new Problem(409, 'campaign-ended', `The campaign is ${row.status}`);
        const updated = (await campaignRepo.update(tx, id, { status: 'active' }))!;
        const released = await postRepo.setHold(tx, and(eq(posts.campaignId, id), eq(posts.hold, 'campaign_paused'))!, null, 'released: the campaign resumed');
        const now = Date.now();
        await deps.queue.enqueue(tx, released, now);
        // A recurring campaign's occurrence that came due while paused runs now.
        if (updated.nextOccurrence !== null && updated.nextOccurrenceAt) {
          await jobs.enqueue(
            tx,
            'campaign.occurrence',
            { campaignId: id, occurrence: updated.nextOccurrence },
            { startAfter: new Date(Math.max(now, updated.nextOccurrenceAt.getTime())) },
          );
        }
        return view(tx, updated);
      });
    },

    async cancel(auth: Auth, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await mustFind(tx, auth, id, true);
        // As shown by the API: a campaign that has nothing left to do is already over.
        const current = await view(tx, row);
        if (current.status === 'cancelled' || current.status === 'completed') return current;
        const updated = (await campaignRepo.update(tx, id, {
          status: 'cancelled',
          endReason: 'cancelled',
          endedAt: new Date(),
          nextOccurrence: null,
          nextOccurrenceAt: null,
        }))!;
        await postRepo.cancelPending(tx, eq(posts.campaignId, id), 'the campaign was cancelled');
        return view(tx, updated);
      });
    },
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
