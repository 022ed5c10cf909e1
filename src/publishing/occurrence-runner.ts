// The handler behind 'campaign.occurrence': the next round of a recurring campaign. Runs at most
// once per occurrence (the campaign row records which occurrence is next, under a lock).
import { inTransaction, type Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PublishQueue } from './publish-queue.js';
import { campaignRepo } from '../repositories/campaign-repo.js';
import { groupRepo } from '../repositories/group-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { nextOccurrence } from '../scheduling/occurrences.js';
import type { RecurringTiming, Timing } from '../scheduling/timing.js';
import { toVacancy } from '../services/vacancy-mapping.js';
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
        const groups = await groupRepo.findByIds(tx, campaign.workspaceId, campaign.groupIds);
        await materializeOccurrence(tx, { jobs: deps.jobs, publish: deps.queue, links: deps.links }, {
          campaign,
          vacancy: toVacancy(vacancyRow),
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
