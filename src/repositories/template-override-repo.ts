import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { templateOverrides } from '../db/schema.js';
import type { Network } from '../registry/channel-schema.js';

export const templateOverrideRepo = {
  async find(db: Db, workspaceId: string, network: Network) {
    const [row] = await db
      .select()
      .from(templateOverrides)
      .where(and(eq(templateOverrides.workspaceId, workspaceId), eq(templateOverrides.network, network)));
    return row;
  },
  async upsert(db: Db, workspaceId: string, network: Network, source: string) {
    const [row] = await db
      .insert(templateOverrides)
      .values({ workspaceId, network, source })
      .onConflictDoUpdate({ target: [templateOverrides.workspaceId, templateOverrides.network], set: { source, updatedAt: new Date() } })
      .returning();
    return row!;
  },
  async delete(db: Db, workspaceId: string, network: Network): Promise<boolean> {
    const rows = await db
      .delete(templateOverrides)
      .where(and(eq(templateOverrides.workspaceId, workspaceId), eq(templateOverrides.network, network)))
      .returning({ network: templateOverrides.network });
    return rows.length > 0;
  },
};
