import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { accounts } from '../db/schema.js';

export type AccountRow = typeof accounts.$inferSelect;

export const accountRepo = {
  async insert(db: Db, row: typeof accounts.$inferInsert): Promise<AccountRow> {
    const [created] = await db.insert(accounts).values(row).returning();
    return created!;
  },
  async findById(db: Db, workspaceId: string, id: string): Promise<AccountRow | undefined> {
    const [row] = await db.select().from(accounts).where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)));
    return row;
  },
  async list(db: Db, workspaceId: string): Promise<AccountRow[]> {
    return db.select().from(accounts).where(eq(accounts.workspaceId, workspaceId)).orderBy(desc(accounts.id));
  },
  async update(db: Db, workspaceId: string, id: string, patch: Partial<typeof accounts.$inferInsert>) {
    const [row] = await db
      .update(accounts)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)))
      .returning();
    return row;
  },
  async delete(db: Db, workspaceId: string, id: string): Promise<boolean> {
    const rows = await db.delete(accounts).where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id))).returning({ id: accounts.id });
    return rows.length > 0;
  },
};
