import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { apiKeys } from '../db/schema.js';

/** How fresh a key's lastUsedAt is kept: a key used within this long is not written again. */
const TOUCH_EVERY_MS = 60_000;

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyRole = ApiKeyRow['role'];

export const apiKeyRepo = {
  async insert(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
    const [created] = await db.insert(apiKeys).values(row).returning();
    return created!;
  },
  async findActiveByHash(db: Db, hash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
    return row;
  },
  async listByWorkspace(db: Db, workspaceId: string): Promise<ApiKeyRow[]> {
    return db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.id));
  },
  async findById(db: Db, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)));
    return row;
  },
  async revoke(db: Db, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  },
  /**
   * Records use at most once a minute per key, so authentication is not a write per request: a key
   * read as used within the minute costs nothing; otherwise the update is guarded the same way, so
   * concurrent requests write it once.
   */
  async touch(db: Db, key: Pick<ApiKeyRow, 'id' | 'lastUsedAt'>, now: Date): Promise<void> {
    const staleBefore = new Date(now.getTime() - TOUCH_EVERY_MS);
    if (key.lastUsedAt && key.lastUsedAt >= staleBefore) return;
    const id = key.id;
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  },
};
