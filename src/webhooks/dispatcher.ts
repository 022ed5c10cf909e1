// Hands the deliveries the database wrote (src/webhooks: events are written by triggers, in the
// transaction of their change) to delivery jobs. One chain of pg-boss jobs does it: each link
// claims what is new, enqueues its jobs and the next link in one transaction, and moves the chain's
// step with them, so a retried or revived link whose step is behind ends instead of forking the
// chain. While no endpoint exists anywhere the chain ends; creating one starts it again.
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';

// At most this many deliveries per link: a full batch chains the next link at once.
const BATCH = 500;
// A delivery 'queued' or due a retry this long ago has lost its job (retries exhausted on a database
// outage, say); one 'sending' past its lease this long lost its worker and its job's retries.
const STRAY_AFTER = "interval '10 minutes'";
const LAPSED_FOR = "interval '1 minute'";
// A chain whose step has not moved for this long has stopped.
const STALLED_AFTER_MS = 60_000;
export const CUT_ATTEMPT = 'the worker stopped during this attempt: sent again with the same webhook-id';
// Events are kept this long, for the delivery log and replays.
const EVENT_RETENTION = "interval '30 days'";

export function createDispatcher(deps: { db: Db; jobs: JobQueue; everyMs: number }) {
  const { db } = deps;

  async function dispatch({ step }: { step: number }): Promise<{ queued: number; checked: number } | undefined> {
    return inTransaction(db, async (tx) => {
      const moved = rowsOf(await tx.execute(sql`update webhook_dispatch set step = step + 1, updated_at = now() where id = 1 and step = ${step} returning step`));
      if (moved.length === 0) return undefined;
      // An attempt whose worker died is logged as cut before its delivery is queued again.
      const due = rowsOf<{ id: string }>(
        await tx.execute(sql`with due as (
            select id, status, attempts from webhook_deliveries
            where status = 'pending'
              or (status = 'sending' and lease_until < now() - ${sql.raw(LAPSED_FOR)})
              or (status in ('queued', 'retrying') and next_attempt_at < now() - ${sql.raw(STRAY_AFTER)})
            order by seq limit ${BATCH} for update skip locked
          ), cut as (
            insert into webhook_attempts (id, delivery_id, attempt, at, http_status, duration_ms, outcome, response_excerpt, error)
            select gen_random_uuid(), id, attempts, now(), null, 0, 'failed', null, ${CUT_ATTEMPT} from due where status = 'sending'
          )
          update webhook_deliveries d set status = 'queued', next_attempt_at = now(), updated_at = now()
          from due where d.id = due.id
          returning d.id`),
      );
      await deps.jobs.enqueueMany(tx, 'webhooks.deliver', due.map((d) => ({ data: { deliveryId: d.id } })));
      const checked = await announceCompletedCampaigns(tx);
      const idle = rowsOf<{ idle: boolean }>(
        await tx.execute(sql`select not exists (select 1 from webhook_endpoints where enabled)
          and not exists (select 1 from webhook_deliveries where status in ('pending', 'queued', 'sending', 'retrying')) as idle`),
      )[0]!.idle;
      if (!idle) {
        const inMs = due.length >= BATCH ? 0 : deps.everyMs;
        await deps.jobs.enqueue(tx, 'webhooks.dispatch', { step: step + 1 }, { startAfter: new Date(Date.now() + inMs) });
      }
      return { queued: due.length, checked };
    });
  }

  // A campaign one of whose posts settled is complete when none is left to go and no occurrence
  // follows: told once (the event's dedupe key), whichever link notices.
  async function announceCompletedCampaigns(tx: Db): Promise<number> {
    const checks = rowsOf<{ campaign_id: string }>(
      await tx.execute(sql`delete from webhook_campaign_checks where campaign_id in (
          select campaign_id from webhook_campaign_checks order by created_at limit ${BATCH} for update skip locked)
        returning campaign_id`),
    );
    if (checks.length === 0) return 0;
    const ids = checks.map((c) => c.campaign_id);
    await tx.execute(sql`select webhook_emit(c.workspace_id, 'campaign.completed', jsonb_build_object(
        'campaign', jsonb_build_object('id', c.id, 'status', 'completed', 'endReason', c.end_reason,
          'posts', (select jsonb_object_agg(s.status, s.n) from (select status, count(*) as n from posts where campaign_id = c.id group by status) s)),
        'vacancy', webhook_vacancy_data(v)), 'campaign.completed:' || c.id)
      from campaigns c join vacancies v on v.id = c.vacancy_id
      where c.id = any(${sql.param(ids)}::uuid[])
        and (c.status = 'completed' or (c.status = 'active' and c.next_occurrence is null))
        and not exists (select 1 from posts p where p.campaign_id = c.id
          and p.status in ('planned', 'queued', 'sending', 'retry_scheduled', 'awaiting_manual'))`);
    return checks.length;
  }

  /**
   * Starts the chain, or takes it over: the step moves here, so a live chain's next link ends, and
   * so does a link deciding at this moment that there is nothing to do (the row lock orders the two).
   */
  async function start(tx: Db): Promise<void> {
    const [row] = rowsOf<{ step: number }>(await tx.execute(sql`update webhook_dispatch set step = step + 1, updated_at = now() where id = 1 returning step`));
    if (row) await deps.jobs.enqueue(tx, 'webhooks.dispatch', { step: row.step });
  }

  /** Periodic: restarts a stopped chain, and forgets old events. */
  async function sweep(): Promise<{ revived: boolean }> {
    return inTransaction(db, async (tx) => {
      await tx.execute(sql`delete from webhook_events where id in (
        select id from webhook_events where created_at < now() - ${sql.raw(EVENT_RETENTION)} limit 5000)`);
      const [row] = rowsOf<{ step: number; stalled: boolean; wanted: boolean }>(
        await tx.execute(sql`select step, updated_at < now() - make_interval(secs => ${STALLED_AFTER_MS / 1000}) as stalled,
          exists (select 1 from webhook_endpoints where enabled) or exists (select 1 from webhook_deliveries where status in ('pending', 'queued', 'sending', 'retrying')) as wanted
          from webhook_dispatch where id = 1`),
      );
      if (!row || !row.stalled || !row.wanted) return { revived: false };
      await deps.jobs.enqueue(tx, 'webhooks.dispatch', { step: row.step });
      return { revived: true };
    });
  }

  return { dispatch, start, sweep };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
