// The publishing hot path's statements, prepared once per database: a publish job runs the same
// three for every post (read it, mark it 'sending', settle it), and building a query with drizzle
// costs more than running it (a profile of the engine at full speed spent a quarter of its time
// there). Prepared, each is a name and its values; on a server each is also planned once per
// connection. Every one is a single statement: no transaction is held around them.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { postEvents, posts, vacancies, type PostStatus } from '../db/schema.js';
import { groupedCalls } from '../lib/grouped-calls.js';
import { uuidv7 } from '../lib/uuid7.js';
import { selectPublishContext, type PostRow } from './post-repo.js';

// Enough for every job one process runs at once at the benchmarks' concurrency (100).
const MAX_GROUPED_READS = 100;

const p = <T>(name: string) => sql.placeholder(name) as unknown as T;

function prepare(db: Db) {
  // Many posts at once: the reads of the jobs running side by side are grouped (see contextOf below).
  const contexts = selectPublishContext(db).where(sql`${posts.id} = any(${p('ids')}::uuid[])`).prepare('publish_contexts');

  // A move of one post and its line in the history, in one statement (as postRepo.transition does in two). The CTE
  // is typed loosely: drizzle's types for a CTE over an update's returning do not name its columns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Moved = any;
  const recorded = (moved: Moved) =>
    db.$with('recorded').as(
      db
        .insert(postEvents)
        .select(
          db
            .select({
              id: sql<string>`${p('eventId')}::uuid`.as('id'),
              postId: moved.id,
              workspaceId: moved.workspaceId,
              campaignId: moved.campaignId,
              vacancyId: moved.vacancyId,
              at: sql<Date>`now()`.as('at'),
              fromStatus: sql<PostStatus>`${p('from')}::text`.as('from_status'),
              toStatus: moved.status,
              attempt: moved.attempt,
              note: sql<string | null>`${p('note')}::text`.as('note'),
              error: sql<string | null>`${p('error')}::text`.as('error'),
            })
            .from(moved),
        )
        .returning({ id: postEvents.id }),
    );
  const sendingMoved: Moved = db.$with('moved').as(
    db
      .update(posts)
      .set({
        status: 'sending',
        attempt: p('attempt'),
        leaseUntil: p('leaseUntil'),
        accountId: p('accountId'),
        address: p('address'),
        text: p('text'),
        updatedAt: sql`now()`,
      })
      .where(and(eq(posts.id, p('id')), eq(posts.status, p('from')), isNull(posts.hold)))
      .returning(),
  );
  const sending = db.with(sendingMoved, recorded(sendingMoved)).select().from(sendingMoved).prepare('claim_sending');

  const settledMoved: Moved = db.$with('moved').as(
    db
      .update(posts)
      .set({
        status: p('to'),
        leaseUntil: null,
        lastError: p('error'),
        networkPostId: p('networkPostId'),
        permalink: p('permalink'),
        messageKind: p('messageKind'),
        // Cast in SQL, not mapped by the column: drizzle's timestamp mapping refuses a null placeholder.
        publishedAt: sql`${p('publishedAt')}::timestamptz`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(posts.id, p('id')), eq(posts.status, 'sending'), eq(posts.attempt, p('attempt'))))
      .returning(),
  );
  const settled = db
    .with(settledMoved, recorded(settledMoved))
    .select({
      workspaceId: settledMoved.workspaceId,
      id: settledMoved.id,
      vacancyStatus: sql<string>`(select ${vacancies.status} from ${vacancies} where ${vacancies.id} = ${settledMoved.vacancyId})`,
    })
    .from(settledMoved)
    .prepare('settle_call');

  const contextOf = groupedCalls(
    async (ids: string[]) => new Map((await contexts.execute({ ids })).map((row) => [row.post.id, row] as const)),
    { maxGroup: MAX_GROUPED_READS },
  );

  return { contextOf, sending, settled };
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();
const statements = (db: Db) => cache.get(db) ?? (cache.set(db, prepare(db)), cache.get(db)!);

export const publishStatements = {
  /**
   * The post and everything publishing it needs (see postRepo.publishContext), unlocked. Reads asked
   * for at once by the jobs running side by side go as one statement (groupedCalls): `db` must be
   * the database itself, never a transaction.
   */
  context(db: Db, id: string) {
    return statements(db).contextOf(id);
  },

  /** Marks the post 'sending' if it is still `post.status` and unheld; undefined otherwise. */
  async claimSending(db: Db, post: PostRow, set: { attempt: number; leaseUntil: Date; accountId: string; address: string; text: string }): Promise<PostRow | undefined> {
    const [row] = (await statements(db).sending.execute({ id: post.id, from: post.status, eventId: uuidv7(), note: null, error: null, ...set })) as PostRow[];
    return row;
  },

  /**
   * A call's outcome that changes the post alone (published, suggested, unknown, failed, awaiting
   * a person), if this attempt still holds the post: its new status, and its vacancy's status.
   */
  async settle(
    db: Db,
    sent: PostRow,
    change: { to: PostStatus; error: string | null; note: string | null; networkPostId?: string | null; permalink?: string | null; messageKind?: string | null; publishedAt?: Date | null },
  ): Promise<{ id: string; workspaceId: string; vacancyStatus: string } | undefined> {
    const [row] = await statements(db).settled.execute({
      id: sent.id,
      attempt: sent.attempt,
      from: 'sending',
      eventId: uuidv7(),
      to: change.to,
      error: change.error,
      note: change.note,
      networkPostId: change.networkPostId ?? null,
      permalink: change.permalink ?? null,
      messageKind: change.messageKind ?? null,
      publishedAt: change.publishedAt?.toISOString() ?? null,
    });
    return row;
  },
};
