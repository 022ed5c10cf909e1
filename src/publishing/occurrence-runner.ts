// The handler behind 'campaign.occurrence': the next round of a recurring campaign. Runs at most
// once per occurrence (the campaign row records which occurrence is next, under a lock).
import { inTransaction, type Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PublishQueue } from './publish-queue.js';
import { accountRepo } from '../repositories/account-repo.js';
import { campaignRepo, type CampaignRow, type ReplanAdded, type ReplanRemoved } from '../repositories/campaign-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { nextOccurrence } from '../scheduling/occurrences.js';
import type { RecurringTiming, Timing } from '../scheduling/timing.js';
import type { Vacancy } from '../schemas/vacancy.js';
import { NO_POSTS_YET, toTargetable } from '../services/targeting-service.js';
import { toVacancy } from '../services/vacancy-mapping.js';
import { planTargets } from '../targeting/plan.js';
import type { ExcludedTarget, TargetingPlan, TargetingRequest } from '../targeting/types.js';
import type { TrackedLinks } from '../responses/tracked-links.js';
import { materializeOccurrence } from './occurrence.js';

export function createOccurrenceRunner(deps: { db: Db; jobs: JobQueue; queue: PublishQueue; links: TrackedLinks; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    async run(campaignId: string, occurrence: number): Promise<void> {
      await inTransaction(deps.db, async (tx) => {
        const campaign = await campaignRepo.lock(tx, campaignId);
        // Paused: resume enqueues this occurrence again. Ended, or already done: nothing to do.
        if (!campaign || campaign.status !== 'active' || campaign.nextOccurrence !== occurrence) return;
        const vacancyRow = await vacancyRepo.findById(tx, campaign.workspaceId, campaign.vacancyId);
        if (!vacancyRow || vacancyRow.status === 'closed') {
          await campaignRepo.endForVacancy(tx, campaign.workspaceId, campaign.vacancyId, 'vacancy_closed');
          return;
        }
        const timing = campaign.timing as Timing as RecurringTiming;
        const t = now();
        // After a pause the missed occurrences are not replayed in a burst: the series goes on from now.
        const from = new Date(Math.max(t.getTime(), campaign.nextOccurrenceAt?.getTime() ?? 0));
        const limitReached = timing.ends?.count !== undefined && occurrence >= timing.ends.count;
        const nextAt = limitReached ? null : nextOccurrence(timing, campaign.createdAt, from);
        const vacancy = toVacancy(vacancyRow);
        const groups = await occurrenceGroups(tx, campaign, vacancy, occurrence, t);
        // No group selected is not the end: the series goes on, and the next plan may find groups again.
        await materializeOccurrence(tx, { jobs: deps.jobs, publish: deps.queue, links: deps.links }, {
          campaign,
          vacancy,
          groups,
          occurrence,
          dueAt: () => t,
          nextAt,
          now: t,
        });
      });
    },
  };
}

type PlannedTargets = { plan: TargetingRequest };
const isPlanned = (targets: unknown): targets is PlannedTargets => typeof targets === 'object' && targets !== null && 'plan' in targets;

/**
 * Explicit group ids are the recruiter's choice and stay as given. Targets from a plan follow the
 * living registry: groups given an address since are taken in, groups that broke are left out.
 */
async function occurrenceGroups(tx: Db, campaign: CampaignRow, vacancy: Vacancy, occurrence: number, now: Date): Promise<GroupRow[]> {
  if (!isPlanned(campaign.targets)) return groupRepo.findByIds(tx, campaign.workspaceId, campaign.groupIds);
  return replan(tx, campaign, campaign.targets.plan, vacancy, occurrence, now);
}

/** Runs the campaign's plan again, records what changed since the last occurrence, and keeps the selection as the campaign's groups. */
async function replan(tx: Db, campaign: CampaignRow, request: TargetingRequest, vacancy: Vacancy, occurrence: number, now: Date): Promise<GroupRow[]> {
  // One after the other: a transaction is one connection.
  const rows = await groupRepo.listAll(tx, campaign.workspaceId);
  const accounts = await accountRepo.list(tx, campaign.workspaceId);
  const accountStatus = new Map(accounts.map((a) => [a.id, a.status]));
  // No post history: the spacing between this vacancy's posts in a group is materializeOccurrence's
  // to decide (postpone or skip). The plan's posted_recently would drop every group of a weekly series.
  const plan = planTargets(vacancy, rows.map((r) => toTargetable(r, accountStatus)), request, NO_POSTS_YET, now);
  const groupIds = plan.selected.map((s) => s.groupId);
  await campaignRepo.insertReplan(tx, { campaignId: campaign.id, occurrence, groupIds, ...changeSince(campaign.groupIds, plan) });
  await campaignRepo.update(tx, campaign.id, { groupIds });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return groupIds.map((id) => byId.get(id)!);
}

function changeSince(previous: string[], plan: TargetingPlan): { added: ReplanAdded[]; removed: ReplanRemoved[] } {
  const before = new Set(previous);
  const selectedNow = new Set(plan.selected.map((s) => s.groupId));
  const excluded = new Map(plan.excluded.map((e) => [e.groupId, e]));
  return {
    added: plan.selected.filter((s) => !before.has(s.groupId)).map(({ groupId, slug, name, network, reasons }) => ({ groupId, slug, name, network, reasons })),
    removed: previous.filter((id) => !selectedNow.has(id)).map((id) => removal(id, excluded.get(id))),
  };
}

function removal(groupId: string, left: ExcludedTarget | undefined): ReplanRemoved {
  // The plan names every group of the workspace, selected or left out: one it does not name was deleted.
  if (!left) return { groupId, slug: null, name: null, network: null, code: 'gone', detail: 'the group was deleted from the workspace' };
  return { groupId, slug: left.slug, name: left.name, network: left.network, code: left.code, detail: left.detail };
}
