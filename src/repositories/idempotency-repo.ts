import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { idempotencyKeys } from '../db/schema.js';

export const idempotencyRepo = {
  /**
   * Claims a key inside the caller's transaction. Returns null when the claim is new; otherwise
   * the earlier claim. A concurrent request with the same key waits on the primary key until the
   * first transaction ends, then sees its row: two racing creates make one vacancy.
   */
  async claim(
    db: Db,
    row: { workspaceId: string; scope: string; key: string; requestHash: string; resourceId: string },
  ): Promise<{ requestHash: string; resourceId: string } | null> {
    const inserted = await db.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return null;
    const [existing] = await db
      .select({ requestHash: idempotencyKeys.requestHash, resourceId: idempotencyKeys.resourceId })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.workspaceId, row.workspaceId),
          eq(idempotencyKeys.scope, row.scope),
          eq(idempotencyKeys.key, row.key),
        ),
      );
    return existing ?? null;
  },
};
