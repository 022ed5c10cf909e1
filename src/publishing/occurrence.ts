// One occurrence of a campaign becomes one post per group, each due when the group's rules allow,
// with its publish job enqueued in the same transaction. A recurring campaign also chains the job
// that will create its next occurrence.
import type { Db } from '../db/database.js';
import type { PostStatus } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PublishQueue } from './publish-queue.js';
import { uuidv7 } from '../lib/uuid7.js';
import type { GroupRules } from '../registry/channel-schema.js';
import { campaignRepo, type CampaignRow } from '../repositories/campaign-repo.js';
import type { GroupRow } from '../repositories/group-repo.js';
import { postRepo, type PostInsert, type PostRow } from '../repositories/post-repo.js';
import { fitToPostingHours } from '../scheduling/posting-hours.js';
import type { Timing } from '../scheduling/timing.js';
import type { Vacancy } from '../schemas/vacancy.js';
import type { TrackedLinks } from '../responses/tracked-links.js';

const DAY_MS = 24 * 60 * 60 * 1000;
// A post due this soon is queued at once rather than planned.
const DUE_NOW_MS = 1000;
// A recurring occurrence at most this short of the group's spacing waits the difference instead
// of being skipped: a weekly schedule meets a 7-day rule exactly, and last week's post went out a
// few seconds after its own scheduled time (worker poll, rate-limit pacing), so it is always
// "a little" short. Only a real clash loses the occurrence.
const RECURRING_POSTPONE_MAX_MS = 60 * 60 * 1000;

export interface OccurrenceInput {
  campaign: CampaignRow;
  vacancy: Vacancy;
  groups: GroupRow[];
  occurrence: number;
  dueAt(groupId: string): Date;
  // The occurrence after this one (recurring only), or null when the series ends here.
  nextAt: Date | null;
  now: Date;
}

export async function materializeOccurrence(tx: Db, queues: { jobs: JobQueue; publish: PublishQueue; links: TrackedLinks }, input: OccurrenceInput): Promise<PostRow[]> {
  const { jobs } = queues;
  const { campaign, vacancy, now } = input;
  const recurring = (campaign.timing as Timing).type === 'recurring';
  const last = await postRepo.lastPostTimes(tx, campaign.workspaceId, campaign.vacancyId);
  const rows: PostInsert[] = [];
  const notes = new Map<string, string>();

  for (const group of input.groups) {
    const rules = group.rules as GroupRules;
    let due = input.dueAt(group.id);
    let status: PostStatus = 'planned';
    let error: string | null = null;
    const previous = last.get(group.id);
    // minDaysBetweenPosts 0 is "no rule": another post of the vacancy, even a later one, changes nothing.
    const allowedFrom = previous && rules.minDaysBetweenPosts > 0 ? previous.getTime() + rules.minDaysBetweenPosts * DAY_MS : 0;
    if (due.getTime() < allowedFrom) {
      if (recurring && allowedFrom - due.getTime() > RECURRING_POSTPONE_MAX_MS) {
        // The next occurrence will come round anyway: skip this one for the group, visibly.
        const days = Math.floor((due.getTime() - previous!.getTime()) / DAY_MS);
        const other = previous! <= due ? `went to the group ${days} day(s) before` : `is already due in the group at ${previous!.toISOString()}`;
        status = 'cancelled';
        error = `skipped: this vacancy ${other}, and its rules ask for ${rules.minDaysBetweenPosts} day(s) between posts`;
      } else {
        due = new Date(allowedFrom);
        notes.set(group.id, `postponed to ${due.toISOString()}: the group's rules ask for ${rules.minDaysBetweenPosts} day(s) between posts of a vacancy`);
      }
    }
    if (status !== 'cancelled') {
      const fitted = fitToPostingHours(due, rules.postingHours);
      if (fitted.getTime() !== due.getTime()) notes.set(group.id, `${notes.get(group.id) ? `${notes.get(group.id)}; ` : ''}moved into the group's posting hours`);
      due = fitted;
      status = due.getTime() <= now.getTime() + DUE_NOW_MS ? 'queued' : 'planned';
    }
    // Each post its own link: which group brought a candidate is the question the service answers.
    const link = queues.links.forPost(vacancy, { network: group.network, groupSlug: group.slug, campaignId: campaign.id });
    rows.push({
      id: uuidv7(),
      workspaceId: campaign.workspaceId,
      campaignId: campaign.id,
      vacancyId: campaign.vacancyId,
      groupId: group.id,
      network: group.network,
      mode: group.mode,
      occurrence: input.occurrence,
      status,
      dueAt: due,
      accountId: group.mode === 'assisted' ? null : group.accountId,
      address: group.address,
      applyUrl: link.applyUrl,
      linkCode: link.linkCode,
      lastError: error,
    });
  }

  const created = await postRepo.insertMany(tx, rows, input.occurrence > 1 ? `occurrence ${input.occurrence}` : 'campaign created');
  for (const post of created) {
    const note = notes.get(post.groupId);
    if (note) await postRepo.recordEvent(tx, post, post.status, note);
  }
  await queues.publish.enqueue(tx, created, now.getTime());

  if (recurring) {
    if (input.nextAt) {
      await campaignRepo.update(tx, campaign.id, { nextOccurrence: input.occurrence + 1, nextOccurrenceAt: input.nextAt });
      await jobs.enqueue(tx, 'campaign.occurrence', { campaignId: campaign.id, occurrence: input.occurrence + 1 }, { startAfter: input.nextAt });
    } else {
      await campaignRepo.update(tx, campaign.id, { nextOccurrence: null, nextOccurrenceAt: null, endReason: 'schedule_ended' });
    }
  }
  return created;
}
