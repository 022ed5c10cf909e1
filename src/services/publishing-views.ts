// What the API shows of campaigns, posts and their history.
import type { CampaignStatus, PostStatus } from '../db/schema.js';
import type { CampaignRow } from '../repositories/campaign-repo.js';
import type { PostEventRow, PostRow } from '../repositories/post-repo.js';
import { PENDING_STATUSES } from '../repositories/post-repo.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toPostView(row: PostRow) {
  return {
    id: row.id,
    campaignId: row.campaignId,
    vacancyId: row.vacancyId,
    groupId: row.groupId,
    network: row.network,
    mode: row.mode,
    occurrence: row.occurrence,
    status: row.status,
    hold: row.hold,
    dueAt: row.dueAt.toISOString(),
    attempt: row.attempt,
    address: row.address,
    applyUrl: row.applyUrl,
    networkPostId: row.networkPostId,
    permalink: row.permalink,
    publishedAt: iso(row.publishedAt),
    closedEditAt: iso(row.closedEditAt),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toEventView(row: PostEventRow) {
  return {
    id: row.id,
    postId: row.postId,
    campaignId: row.campaignId,
    at: row.at.toISOString(),
    from: row.fromStatus,
    to: row.toStatus,
    attempt: row.attempt,
    note: row.note,
    error: row.error,
  };
}

// Stored 'active' with nothing left to do (and no further occurrence) reads as 'completed'.
export function toCampaignView(row: CampaignRow, counts: Array<{ campaignId: string; status: PostStatus; n: number }>) {
  const mine = counts.filter((c) => c.campaignId === row.id);
  const posts = Object.fromEntries(mine.map((c) => [c.status, c.n])) as Partial<Record<PostStatus, number>>;
  const busy = mine.some((c) => (PENDING_STATUSES as readonly string[]).includes(c.status) || c.status === 'sending');
  const status: CampaignStatus = row.status === 'active' && !busy && row.nextOccurrence === null ? 'completed' : row.status;
  return {
    id: row.id,
    vacancyId: row.vacancyId,
    status,
    timing: row.timing,
    targets: row.targets,
    groupIds: row.groupIds,
    nextOccurrence: row.nextOccurrence,
    nextOccurrenceAt: iso(row.nextOccurrenceAt),
    posts,
    endReason: row.endReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: iso(row.endedAt),
  };
}
