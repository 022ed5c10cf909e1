// Reading a published post's counters (views, reactions, reposts, comments) from networks that
// tell them only when asked: VK, OK, Facebook (LinkedIn answers that our tokens cannot). Each post
// is read on a decaying schedule after it goes out, then never again: +1 h, 6 h, 1 day, 3 days,
// 7 days. A sweep (a pg-boss schedule, once per tick whatever the number of workers) takes the
// posts due, counts the step as taken in the same transaction as it enqueues the reads, and hands
// them out per account, as many per job as one call of the network takes. Every read goes through
// the shared rate limiter behind publishing; a read refused a turn waits for the one it was given.
import { inArray, sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../../db/database.js';
import { accounts, posts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Adapters } from '../../networks/index.js';
import { reasonOf } from '../../networks/outcomes.js';
import { NETWORKS, type Credentials, type CredentialsFor, type NetworkName, type PostRef } from '../../networks/types.js';
import type { LimitedCalls } from '../../ratelimit/limited-call.js';

/** When the sweep looks for posts due a read (every ten minutes). */
export const POLL_SWEEP_CRON = '*/10 * * * *';
/** After publishing, when each read is due (the n-th read at the n-th step). */
export const POLL_STEPS = ['1 hour', '6 hours', '1 day', '3 days', '7 days'] as const;
/** How many posts one call reads, per network (wall.getById and getByIds take 100, Graph ?ids= 50). */
const PER_CALL: Record<NetworkName, number> = { telegram: 1, vk: 100, ok: 100, facebook: 50, linkedin: 50 };
// Posts one sweep takes: the rest wait for the next tick (ten minutes later).
const SWEEP_LIMIT = 5_000;
const READ_MAX_WAIT_MS = 30_000;
/** Taken as the step count of a post whose network cannot tell: no further reads are planned. */
const NEVER_AGAIN = 1_000;

type AccountRow = typeof accounts.$inferSelect;

export function createCounterPolling(deps: {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  calls: LimitedCalls;
  unseal: (row: AccountRow) => Credentials;
}) {
  const { db } = deps;
  const pollable = NETWORKS.filter((n) => deps.adapters[n].readCounts !== undefined);

  async function sweep(): Promise<{ posts: number; jobs: number }> {
    if (pollable.length === 0) return { posts: 0, jobs: 0 };
    return inTransaction(db, async (tx) => {
      const steps = sql.raw(`array[${POLL_STEPS.map((s) => `'${s}'`).join(',')}]::interval[]`);
      const taken = rowsOf<{ post_id: string; account_id: string; network: NetworkName }>(
        await tx.execute(sql`with due as (
            select p.id, p.workspace_id, p.vacancy_id, p.group_id, p.account_id, p.network
            from posts p left join post_counters c on c.post_id = p.id
            where p.status = 'published' and p.network in ${pollable} and p.account_id is not null and p.network_post_id is not null
              and p.published_at > now() - interval '8 days'
              and coalesce(c.polls, 0) < ${POLL_STEPS.length}
              and p.published_at + (${steps})[coalesce(c.polls, 0) + 1] <= now()
            order by p.published_at limit ${SWEEP_LIMIT}
            for no key update of p skip locked
          ), counted as (
            insert into post_counters (post_id, workspace_id, vacancy_id, group_id, polls)
            select id, workspace_id, vacancy_id, group_id, 1 from due
            on conflict (post_id) do update set polls = post_counters.polls + 1
            returning post_id
          )
          select d.id as post_id, d.account_id, d.network from due d join counted c on c.post_id = d.id order by d.account_id`),
      );
      const perAccount = new Map<string, { network: NetworkName; ids: string[] }>();
      for (const row of taken) {
        const entry = perAccount.get(row.account_id) ?? { network: row.network, ids: [] };
        entry.ids.push(row.post_id);
        perAccount.set(row.account_id, entry);
      }
      const jobs: Array<{ data: { accountId: string; postIds: string[] } }> = [];
      for (const [accountId, { network, ids }] of perAccount) {
        for (let i = 0; i < ids.length; i += PER_CALL[network]) jobs.push({ data: { accountId, postIds: ids.slice(i, i + PER_CALL[network]) } });
      }
      await deps.jobs.enqueueMany(tx, 'responses.poll', jobs);
      return { posts: taken.length, jobs: jobs.length };
    });
  }

  const note = (ids: string[], text: string, stop = false) =>
    db.execute(sql`update post_counters set poll_note = ${text}${stop ? sql`, polls = ${NEVER_AGAIN}` : sql``} where post_id in ${ids}`);

  async function poll({ accountId, postIds }: { accountId: string; postIds: string[] }): Promise<void> {
    if (postIds.length === 0) return;
    const [account] = await db.select().from(accounts).where(inArray(accounts.id, [accountId]));
    if (!account) return;
    const rows = await db
      .select({ id: posts.id, address: posts.address, networkPostId: posts.networkPostId })
      .from(posts)
      .where(inArray(posts.id, postIds));
    const refs = rows.filter((r): r is { id: string; address: string; networkPostId: string } => r.address !== null && r.networkPostId !== null);
    if (refs.length === 0) return;
    const adapter = deps.adapters[account.network];
    const creds = deps.unseal(account) as CredentialsFor<typeof account.network>;
    const ids = refs.map((r) => r.id);
    const readAgainAt = (at: number) =>
      inTransaction(db, (tx) => deps.jobs.enqueue(tx, 'responses.poll', { accountId, postIds: ids }, { startAfter: new Date(at) }));
    const limited = await deps.calls.run(
      { network: account.network, accountId, purpose: 'poll', maxWaitMs: READ_MAX_WAIT_MS },
      () => (adapter.readCounts as (c: typeof creds, p: PostRef[]) => ReturnType<NonNullable<typeof adapter.readCounts>>)(creds, refs),
      (r) => (r.kind === 'retry_after' ? { seconds: r.seconds, reason: r.reason } : undefined),
    );
    if (!limited.ok) {
      // Publishing holds the account's turns: read when the limiter said a turn is free.
      await readAgainAt(limited.retryAt);
      return;
    }
    const read = limited.value;
    if (read.kind === 'not_supported') return void (await note(ids, read.reason, true));
    if (read.kind !== 'counts') {
      await note(ids, `not read: ${reasonOf(read)}`);
      if (read.kind === 'retry_after') {
        await readAgainAt(Date.now() + read.seconds * 1000);
      }
      return;
    }
    const now = new Date();
    await inTransaction(db, async (tx) => {
      for (const [i, ref] of refs.entries()) {
        const counts = read.counts[i];
        if (!counts) {
          await tx.execute(sql`update post_counters set poll_note = 'the network no longer has this post', read_at = ${now} where post_id = ${ref.id}`);
          continue;
        }
        await tx.execute(sql`update post_counters set views = ${counts.views}, reactions = ${counts.reactions}, reposts = ${counts.reposts},
          comments = ${counts.comments}, read_at = ${now}, poll_note = null where post_id = ${ref.id}`);
      }
    });
  }

  return { sweep, poll, pollable };
}

export type CounterPolling = ReturnType<typeof createCounterPolling>;
