import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { campaignReplans, campaigns, posts, type CampaignStatus } from '../db/schema.js';
import type { Network } from '../registry/channel-schema.js';
import { BUSY_STATUSES } from './post-repo.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignInsert = typeof campaigns.$inferInsert;

/** A group a replan brought into the campaign, with the plan's reasons for choosing it. */
export interface ReplanAdded {
  groupId: string;
  slug: string;
  name: string;
  network: Network;
  reasons: string[];
}

/** A group a replan left out, with the plan's code and detail; a deleted group has no name left. */
export interface ReplanRemoved {
  groupId: string;
  slug: string | null;
  name: string | null;
  network: Network | null;
  code: string;
  detail: string;
}

export interface CampaignReplan {
  campaignId: string;
  occurrence: number;
  groupIds: string[];
  added: ReplanAdded[];
  removed: ReplanRemoved[];
  at: Date;
}

// The API derives `completed` when reading (publishing-views.ts, toCampaignView): a stored 'active'
// campaign with no busy post and no further occurrence is shown completed. A filter on the status
// must say the same thing in SQL, or a listing would disagree with the campaigns it lists.
const busy = sql`exists (select 1 from ${posts} where ${posts.campaignId} = ${campaigns.id} and ${inArray(posts.status, [...BUSY_STATUSES])})`;
const SHOWN_AS: Record<CampaignStatus, SQL> = {
  active: sql`(${campaigns.status} = 'active' and (${campaigns.nextOccurrence} is not null or ${busy}))`,
  completed: sql`(${campaigns.status} = 'completed' or (${campaigns.status} = 'active' and ${campaigns.nextOccurrence} is null and not ${busy}))`,
  paused: sql`${campaigns.status} = 'paused'`,
  cancelled: sql`${campaigns.status} = 'cancelled'`,
};

export interface CampaignFilter {
  workspaceId: string;
  vacancyId?: string;
  /** Statuses as the API shows them. */
  statuses?: readonly CampaignStatus[];
  /** Newest first: "after the cursor" is "id below the last one seen". */
  beforeId?: string;
  limit: number;
}

export const campaignRepo = {
  async insert(db: Db, row: CampaignInsert): Promise<CampaignRow> {
    const [created] = await db.insert(campaigns).values(row).returning();
    return created!;
  },
  async find(db: Db, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CampaignRow | undefined> {
    const query = db.select().from(campaigns).where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row;
  },
  /** For jobs, which carry only the id. */
  async lock(db: Db, id: string): Promise<CampaignRow | undefined> {
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    return row;
  },
  async listForVacancy(db: Db, workspaceId: string, vacancyId: string): Promise<CampaignRow[]> {
    return db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.vacancyId, vacancyId)))
      .orderBy(desc(campaigns.id));
  },
  /** The workspace's campaigns, newest first (GET /v1/campaigns). */
  async listFiltered(db: Db, q: CampaignFilter): Promise<CampaignRow[]> {
    const where: SQL[] = [eq(campaigns.workspaceId, q.workspaceId)];
    if (q.vacancyId) where.push(eq(campaigns.vacancyId, q.vacancyId));
    if (q.statuses?.length) where.push(or(...q.statuses.map((s) => SHOWN_AS[s]))!);
    if (q.beforeId) where.push(lt(campaigns.id, q.beforeId));
    return db.select().from(campaigns).where(and(...where)).orderBy(desc(campaigns.id)).limit(q.limit);
  },
  async update(db: Db, id: string, patch: Partial<CampaignInsert>): Promise<CampaignRow | undefined> {
    const [row] = await db.update(campaigns).set({ ...patch, updatedAt: new Date() }).where(eq(campaigns.id, id)).returning();
    return row;
  },
  /** What a replanned occurrence selected and what changed (the runner's lock makes it one row per occurrence). */
  async insertReplan(db: Db, replan: Omit<CampaignReplan, 'at'>): Promise<void> {
    await db.insert(campaignReplans).values(replan);
  },
  /** A campaign's replans, oldest occurrence first. */
  async listReplans(db: Db, campaignId: string): Promise<CampaignReplan[]> {
    const rows = await db.select().from(campaignReplans).where(eq(campaignReplans.campaignId, campaignId)).orderBy(asc(campaignReplans.occurrence));
    // jsonb comes back untyped; only insertReplan writes these columns.
    return rows.map((r) => ({ ...r, added: r.added as ReplanAdded[], removed: r.removed as ReplanRemoved[] }));
  },
  /** Ends every running campaign of a vacancy (it closed); returns them. */
  async endForVacancy(db: Db, workspaceId: string, vacancyId: string, reason: string): Promise<CampaignRow[]> {
    const now = new Date();
    return db
      .update(campaigns)
      .set({ status: 'completed', endReason: reason, endedAt: now, nextOccurrence: null, nextOccurrenceAt: null, updatedAt: now })
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.vacancyId, vacancyId), inArray(campaigns.status, ['active', 'paused'])))
      .returning();
  },
};
