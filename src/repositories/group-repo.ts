import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { groups } from '../db/schema.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

export type GroupRow = typeof groups.$inferSelect;
export type GroupInsert = typeof groups.$inferInsert;

export interface GroupListQuery {
  workspaceId: string;
  network?: GroupRow['network'];
  mode?: GroupRow['mode'];
  status?: GroupRow['status'];
  /** a profession, a city slug, or "remote" */
  tag?: string;
  text?: string;
  afterSlug?: string;
  limit: number;
}

// Fields a sync from channels/ may overwrite, unless the workspace edited them.
export const SYNCED_FIELDS = ['network', 'name', 'kind', 'language', 'tags', 'mode', 'address', 'status', 'rules', 'notes'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const groupRepo = {
  async findById(db: Db, workspaceId: string, id: string): Promise<GroupRow | undefined> {
    const [row] = await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id)));
    return row;
  },
  /** Replaces an address by what it resolved to, unless someone changed it meanwhile. */
  async resolveAddress(db: Db, workspaceId: string, id: string, from: string, to: string): Promise<void> {
    await db
      .update(groups)
      .set({ address: to, updatedAt: new Date() })
      .where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id), eq(groups.address, from)));
  },

  async findBySlug(db: Db, workspaceId: string, slug: string): Promise<GroupRow | undefined> {
    const [row] = await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.slug, slug)));
    return row;
  },
  async findByIds(db: Db, workspaceId: string, ids: string[]): Promise<GroupRow[]> {
    if (ids.length === 0) return [];
    return db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), inArray(groups.id, ids)));
  },
  /** Groups named by id or slug (as targets and the plan's include name them), in one query. */
  async findByRefs(db: Db, workspaceId: string, refs: string[]): Promise<GroupRow[]> {
    if (refs.length === 0) return [];
    // Only UUID-shaped refs may be compared with the uuid column: anything else would be a cast error.
    const ids = refs.filter((r) => UUID.test(r));
    const byRef = ids.length > 0 ? or(inArray(groups.id, ids), inArray(groups.slug, refs))! : inArray(groups.slug, refs);
    return db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), byRef));
  },
  async listAll(db: Db, workspaceId: string): Promise<GroupRow[]> {
    return db.select().from(groups).where(eq(groups.workspaceId, workspaceId)).orderBy(asc(groups.slug));
  },
  async list(db: Db, q: GroupListQuery): Promise<GroupRow[]> {
    const where: SQL[] = [eq(groups.workspaceId, q.workspaceId)];
    if (q.network) where.push(eq(groups.network, q.network));
    if (q.mode) where.push(eq(groups.mode, q.mode));
    if (q.status) where.push(eq(groups.status, q.status));
    if (q.tag === 'remote') where.push(sql`(${groups.tags}->>'remote')::boolean`);
    else if (q.tag) {
      where.push(
        or(sql`${groups.tags}->'professions' ? ${q.tag}`, sql`${groups.tags}->'cities' ? ${q.tag}`)!,
      );
    }
    if (q.text) where.push(ilike(groups.name, `%${escapeLike(q.text)}%`));
    if (q.afterSlug) where.push(gt(groups.slug, q.afterSlug));
    return db.select().from(groups).where(and(...where)).orderBy(asc(groups.slug)).limit(q.limit);
  },
  async insert(db: Db, row: GroupInsert): Promise<GroupRow> {
    const [created] = await db.insert(groups).values(row).returning();
    return created!;
  },
  async update(db: Db, workspaceId: string, id: string, patch: Partial<GroupInsert>): Promise<GroupRow | undefined> {
    const [row] = await db
      .update(groups)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id)))
      .returning();
    return row;
  },
  /**
   * Upserts curated entries for one workspace. A field the workspace edited keeps its value;
   * custom groups that happen to share a slug are never touched; nothing is ever deleted.
   */
  async upsertCurated(db: Db, rows: GroupInsert[]): Promise<void> {
    if (rows.length === 0) return;
    const keep = (column: (typeof SYNCED_FIELDS)[number]) => {
      const col = groups[column];
      // A status the workspace's own data decided (its address, a verification that found the group
      // broken) is the workspace's too: channels/ only knows needs_address.
      const own = column === 'status'
        ? sql` or 'address' = any(${groups.editedFields}) or (${groups.status} = 'broken' and excluded.address is not distinct from ${groups.address})`
        : sql``;
      return sql`case when ${column} = any(${groups.editedFields})${own} then ${col} else excluded.${sql.identifier(col.name)} end`;
    };
    // What was read about an address (broken, verified, its other forms) goes when channels/ moves
    // the group to another address the workspace never edited.
    const addressKept = sql`'address' = any(${groups.editedFields}) or excluded.address is not distinct from ${groups.address}`;
    const unlessMoved = (column: AnyPgColumn, cleared: SQL) => sql`case when ${addressKept} then ${column} else ${cleared} end`;
    const aboutAddress = {
      brokenCode: unlessMoved(groups.brokenCode, sql`null`),
      brokenReason: unlessMoved(groups.brokenReason, sql`null`),
      verification: unlessMoved(groups.verification, sql`null`),
      verifiedAt: unlessMoved(groups.verifiedAt, sql`null`),
      addressAliases: unlessMoved(groups.addressAliases, sql`'{}'::text[]`),
      awaitingFirstRead: unlessMoved(groups.awaitingFirstRead, sql`false`),
    };
    await db
      .insert(groups)
      .values(rows)
      .onConflictDoUpdate({
        target: [groups.workspaceId, groups.slug],
        set: { ...Object.fromEntries(SYNCED_FIELDS.map((f) => [f, keep(f)])), ...aboutAddress },
        where: eq(groups.source, 'curated'),
      });
  },
  async clearAccount(db: Db, workspaceId: string, accountIds: string[]): Promise<void> {
    if (accountIds.length === 0) return;
    await db.update(groups).set({ accountId: null }).where(and(eq(groups.workspaceId, workspaceId), inArray(groups.accountId, accountIds)));
  },
};
