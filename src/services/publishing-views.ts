// What the API shows of campaigns, posts and their history.
import { isoOrNull as iso } from '../lib/json-values.js';
import type { Db } from '../db/database.js';
import type { CampaignStatus, PostStatus } from '../db/schema.js';
import type { CampaignRow } from '../repositories/campaign-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import type { PostEventRow, PostRow } from '../repositories/post-repo.js';
import { BUSY_STATUSES } from '../repositories/post-repo.js';


/** How a post view names its group: enough for a person to know where it goes. */
export type GroupRef = { id: string; slug: string; name: string; network: GroupRow['network'] };

export const toGroupRef = (g: GroupRow): GroupRef => ({ id: g.id, slug: g.slug, name: g.name, network: g.network });

/** The groups of these posts, by id, in one query. Posts reference their group (ON DELETE CASCADE), so each is found. */
export async function groupRefsOf(db: Db, workspaceId: string, rows: readonly PostRow[]): Promise<Map<string, GroupRef>> {
  const found = await groupRepo.findByIds(db, workspaceId, [...new Set(rows.map((p) => p.groupId))]);
  return new Map(found.map((g) => [g.id, toGroupRef(g)]));
}

/** Post views for rows of one workspace, each naming its group. */
export async function postViews(db: Db, workspaceId: string, rows: readonly PostRow[]) {
  const refs = await groupRefsOf(db, workspaceId, rows);
  return rows.map((row) => toPostView(row, refs.get(row.groupId)!));
}

export function toPostView(row: PostRow, group: GroupRef) {
  return {
    id: row.id,
    campaignId: row.campaignId,
    vacancyId: row.vacancyId,
    groupId: row.groupId,
    group,
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
  // campaign-repo.ts (SHOWN_AS) says the same in SQL for the status filter of GET /v1/campaigns.
  const busy = mine.some((c) => (BUSY_STATUSES as readonly string[]).includes(c.status));
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
