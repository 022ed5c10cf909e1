// Posts and their history. Every status change goes through `transition`, which updates the row
// only if it is still in an expected status and records the change in the same statement batch:
// two workers racing on one post cannot both win, and no change goes unrecorded.
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { accounts, campaigns, groups, postEvents, posts, templateOverrides, vacancies, type PostHold, type PostStatus } from '../db/schema.js';
import type { Network } from '../registry/channel-schema.js';
import { uuidv7 } from '../lib/uuid7.js';

export type PostRow = typeof posts.$inferSelect;
export type PostInsert = typeof posts.$inferInsert;
export type PostEventRow = typeof postEvents.$inferSelect;

// Posts still on their way: these are what pausing, cancelling and closing act on.
export const PENDING_STATUSES = ['planned', 'queued', 'retry_scheduled'] as const satisfies readonly PostStatus[];
// A campaign with a post in one of these still has work to do (the API shows it active, not completed).
export const BUSY_STATUSES = [...PENDING_STATUSES, 'sending'] as const satisfies readonly PostStatus[];
// Nothing will happen to these without a person.
export const SETTLED_STATUSES = ['published', 'suggested', 'failed', 'unknown', 'cancelled', 'removed'] as const satisfies readonly PostStatus[];

export interface TransitionChange {
  to: PostStatus;
  note?: string;
  error?: string | null;
  // Other columns to set with the status.
  set?: Partial<Omit<PostInsert, 'id' | 'status'>>;
}

export interface PostFilter {
  workspaceId: string;
  statuses?: readonly PostStatus[];
  network?: Network;
  groupId?: string;
  vacancyId?: string;
  campaignId?: string;
  /** A reason, or any reason, or not held. */
  hold?: PostHold | 'any' | 'none';
  dueFrom?: Date;
  dueTo?: Date;
  afterId?: string;
  limit: number;
}

/** The post with its campaign, vacancy, group, the group's account and the workspace's template for the network (no filter yet). */
export function selectPublishContext(db: Db) {
  return db
    .select({ post: posts, campaign: campaigns, vacancy: vacancies, group: groups, account: accounts, workspaceTemplate: templateOverrides.source })
    .from(posts)
    .innerJoin(campaigns, eq(campaigns.id, posts.campaignId))
    .innerJoin(vacancies, eq(vacancies.id, posts.vacancyId))
    .innerJoin(groups, eq(groups.id, posts.groupId))
    .leftJoin(accounts, and(eq(accounts.id, groups.accountId), eq(accounts.workspaceId, posts.workspaceId)))
    .leftJoin(templateOverrides, and(eq(templateOverrides.workspaceId, posts.workspaceId), eq(templateOverrides.network, groups.network)));
}

export const postRepo = {
  async insertMany(db: Db, rows: PostInsert[], note: string): Promise<PostRow[]> {
    if (rows.length === 0) return [];
    const inserted = await db.insert(posts).values(rows).returning();
    await db.insert(postEvents).values(
      inserted.map((p) => ({
        id: uuidv7(),
        postId: p.id,
        workspaceId: p.workspaceId,
        campaignId: p.campaignId,
        vacancyId: p.vacancyId,
        fromStatus: null,
        toStatus: p.status,
        attempt: p.attempt,
        note,
        error: p.lastError,
      })),
    );
    return inserted;
  },

  /** Locks the post for the rest of the transaction. */
  async lock(db: Db, id: string): Promise<PostRow | undefined> {
    const [row] = await db.select().from(posts).where(eq(posts.id, id)).for('update');
    return row;
  },

  /**
   * What publishing the post needs — the post, its campaign, vacancy, group, the group's account and
   * the workspace's template for the network — in one statement (one round trip instead of six on
   * the hot path); with `lock`, the post's row is locked for the rest of the transaction.
   */
  async publishContext(db: Db, id: string, options: { lock?: boolean } = {}) {
    const query = selectPublishContext(db).where(eq(posts.id, id));
    const [row] = options.lock ? await query.for('update', { of: posts }) : await query;
    return row;
  },

  async find(db: Db, workspaceId: string, id: string): Promise<PostRow | undefined> {
    const [row] = await db.select().from(posts).where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, id)));
    return row;
  },

  /**
   * Moves the post from one of `from` to `change.to` and records it. Returns the updated row, or
   * undefined when the post was no longer in any of `from` (someone else moved it first).
   */
  async transition(db: Db, post: PostRow, from: readonly PostStatus[], change: TransitionChange): Promise<PostRow | undefined> {
    const error = change.error === undefined ? undefined : change.error;
    const [row] = await db
      .update(posts)
      .set({
        ...change.set,
        status: change.to,
        ...(error !== undefined ? { lastError: error } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(posts.id, post.id), inArray(posts.status, [...from])))
      .returning();
    if (!row) return undefined;
    await postRepo.recordEvent(db, row, post.status, change.note, error ?? null);
    return row;
  },

  /** A change worth a line in the history that is not a status change (edited, paused…). */
  async recordEvent(db: Db, post: PostRow, fromStatus: PostStatus | null, note?: string, error?: string | null): Promise<void> {
    await db.insert(postEvents).values({
      id: uuidv7(),
      postId: post.id,
      workspaceId: post.workspaceId,
      campaignId: post.campaignId,
      vacancyId: post.vacancyId,
      fromStatus,
      toStatus: post.status,
      attempt: post.attempt,
      note: note ?? null,
      error: error ?? null,
    });
  },

  /** Cancels the posts matching `where` that have not gone out (and assisted tasks nobody did), recording each. */
  async cancelPending(db: Db, where: SQL, note: string): Promise<number> {
    const from = [...PENDING_STATUSES, 'awaiting_manual'] as const;
    const pending = await db.select().from(posts).where(and(where, inArray(posts.status, [...from]))).for('update');
    for (const post of pending) await postRepo.transition(db, post, from, { to: 'cancelled', set: { hold: null }, note });
    return pending.length;
  },

  async update(db: Db, id: string, set: Partial<Omit<PostInsert, 'id' | 'status'>>): Promise<void> {
    await db.update(posts).set({ ...set, updatedAt: new Date() }).where(eq(posts.id, id));
  },

  /**
   * Sets or clears `hold` on the pending posts matching `where`, recording each, and returns them.
   * Holding parks posts without failing them; releasing hands them back for a new publish job.
   */
  async setHold(db: Db, where: SQL, hold: PostHold | null, note: string): Promise<PostRow[]> {
    const rows = await db
      .update(posts)
      .set({ hold, updatedAt: new Date() })
      .where(and(where, inArray(posts.status, [...PENDING_STATUSES]), hold === null ? sql`${posts.hold} is not null` : isNull(posts.hold)))
      .returning();
    for (const row of rows) await postRepo.recordEvent(db, row, row.status, note);
    return rows;
  },

  async list(
    db: Db,
    q: { workspaceId: string; vacancyId?: string; campaignId?: string; status?: PostStatus; afterId?: string; limit: number },
  ): Promise<PostRow[]> {
    const where: SQL[] = [eq(posts.workspaceId, q.workspaceId)];
    if (q.vacancyId) where.push(eq(posts.vacancyId, q.vacancyId));
    if (q.campaignId) where.push(eq(posts.campaignId, q.campaignId));
    if (q.status) where.push(eq(posts.status, q.status));
    if (q.afterId) where.push(gt(posts.id, q.afterId));
    return db.select().from(posts).where(and(...where)).orderBy(asc(posts.id)).limit(q.limit);
  },

  /** The workspace's posts across vacancies, oldest first, by any combination of filters (GET /v1/posts). */
  async listFiltered(db: Db, q: PostFilter): Promise<PostRow[]> {
    const where: SQL[] = [eq(posts.workspaceId, q.workspaceId)];
    if (q.statuses?.length) where.push(inArray(posts.status, [...q.statuses]));
    if (q.network) where.push(eq(posts.network, q.network));
    if (q.groupId) where.push(eq(posts.groupId, q.groupId));
    if (q.vacancyId) where.push(eq(posts.vacancyId, q.vacancyId));
    if (q.campaignId) where.push(eq(posts.campaignId, q.campaignId));
    if (q.hold === 'any') where.push(isNotNull(posts.hold));
    else if (q.hold === 'none') where.push(isNull(posts.hold));
    else if (q.hold) where.push(eq(posts.hold, q.hold));
    if (q.dueFrom) where.push(gte(posts.dueAt, q.dueFrom));
    if (q.dueTo) where.push(lt(posts.dueAt, q.dueTo));
    if (q.afterId) where.push(gt(posts.id, q.afterId));
    return db.select().from(posts).where(and(...where)).orderBy(asc(posts.id)).limit(q.limit);
  },

  async countByStatus(db: Db, campaignIds: string[]): Promise<Array<{ campaignId: string; status: PostStatus; n: number }>> {
    if (campaignIds.length === 0) return [];
    return db
      .select({ campaignId: posts.campaignId, status: posts.status, n: sql<number>`count(*)::int` })
      .from(posts)
      .where(inArray(posts.campaignId, campaignIds))
      .groupBy(posts.campaignId, posts.status);
  },

  async events(
    db: Db,
    q: { workspaceId: string; postId?: string; campaignId?: string; vacancyId?: string; afterId?: string; limit: number },
  ): Promise<PostEventRow[]> {
    const where: SQL[] = [eq(postEvents.workspaceId, q.workspaceId)];
    if (q.postId) where.push(eq(postEvents.postId, q.postId));
    if (q.campaignId) where.push(eq(postEvents.campaignId, q.campaignId));
    if (q.vacancyId) where.push(eq(postEvents.vacancyId, q.vacancyId));
    if (q.afterId) where.push(gt(postEvents.id, q.afterId));
    return db.select().from(postEvents).where(and(...where)).orderBy(asc(postEvents.id)).limit(q.limit);
  },

  /** The latest post of this vacancy in each group that went out or is on its way (for minDays). */
  async lastPostTimes(db: Db, workspaceId: string, vacancyId: string): Promise<Map<string, Date>> {
    const rows = await db
      .select({ groupId: posts.groupId, at: sql<string>`max(coalesce(${posts.publishedAt}, ${posts.dueAt}))` })
      .from(posts)
      .where(
        and(
          eq(posts.workspaceId, workspaceId),
          eq(posts.vacancyId, vacancyId),
          inArray(posts.status, ['planned', 'queued', 'sending', 'retry_scheduled', 'published', 'suggested', 'awaiting_manual', 'unknown']),
        ),
      )
      .groupBy(posts.groupId);
    return new Map(rows.map((r) => [r.groupId, new Date(r.at)]));
  },

  /** Pending posts whose time has come and gone by far with no job working them (a lost job). */
  async stray(db: Db, olderThan: Date, limit: number): Promise<PostRow[]> {
    return db
      .select()
      .from(posts)
      .where(
        and(
          inArray(posts.status, [...PENDING_STATUSES]),
          isNull(posts.hold),
          lte(posts.dueAt, olderThan),
          sql`not exists (select 1 from pgboss.job j where j.name = 'post.publish' and j.state < 'completed' and j.data->>'postId' = ${posts.id}::text)`,
        ),
      )
      .limit(limit);
  },
};
