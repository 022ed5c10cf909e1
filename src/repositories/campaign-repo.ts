import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { campaigns } from '../db/schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignInsert = typeof campaigns.$inferInsert;

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
  async update(db: Db, id: string, patch: Partial<CampaignInsert>): Promise<CampaignRow | undefined> {
    const [row] = await db.update(campaigns).set({ ...patch, updatedAt: new Date() }).where(eq(campaigns.id, id)).returning();
    return row;
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
