import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { workspaces } from '../db/schema.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export const workspaceRepo = {
  async insert(db: Db, row: { id: string; name: string }): Promise<WorkspaceRow> {
    const [created] = await db.insert(workspaces).values(row).returning();
    return created!;
  },
  async findById(db: Db, id: string): Promise<WorkspaceRow | undefined> {
    const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
    return row;
  },
  async listIds(db: Db): Promise<string[]> {
    return (await db.select({ id: workspaces.id }).from(workspaces)).map((r) => r.id);
  },
  async count(db: Db): Promise<number> {
    const [row] = await db.select({ n: count() }).from(workspaces);
    return row?.n ?? 0;
  },
};
