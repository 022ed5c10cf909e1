// One delivery attempt, as a job: claim the delivery, send it signed, and record what happened in
// one transaction with whatever follows (the next attempt's job, the endpoint disabled). The claim
// is a lease: a worker killed mid-attempt leaves the delivery 'sending' until the lease lapses, and
// then its job's retry (or the dispatcher) sends it again, with the same webhook-id.
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { SecretBox } from '../lib/secret-box.js';
import { uuidv7 } from '../lib/uuid7.js';
import { CUT_ATTEMPT } from './dispatcher.js';
import { nextAttemptDelayMs } from './retry-schedule.js';
import { sendAttempt, type AttemptPolicy, type AttemptResult } from './send-attempt.js';
import { signedHeaders } from './signing.js';

// Longer than the longest attempt (its deadline stretches to twice the timeout when this process stalls).
const LEASE_SECONDS = 60;
// Five days of nothing but failures disable an endpoint (the Standard Webhooks / Svix rule). The
// failures must keep coming: an endpoint that failed, then had nothing to receive for a day, starts
// counting again, or its first hiccup after a quiet week would disable it.
const FAILING_DAYS = 5;

interface Claimed {
  id: string;
  attempts: number;
  endpoint_id: string;
  workspace_id: string;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_live: boolean;
  event_id: string;
  type: string;
  data: unknown;
  created_at: Date | string;
}

export const sealedSecretContext = (endpointId: string) => `webhook:${endpointId}`;

export function createDeliverer(deps: { db: Db; jobs: JobQueue; box: SecretBox; policy: AttemptPolicy; now?: () => number }) {
  const { db } = deps;

  // Only when due: a second job for one delivery (a retried job whose worker died after the dispatcher
  // re-queued it, a manual retry beside the scheduled one) finds it not due, or taken, and ends, so
  // the schedule and a receiver's Retry-After hold. The slack covers the clocks of the job's enqueuer
  // and the database.
  const claim = async (deliveryId: string) =>
    rowsOf<Claimed & { was: string }>(
      await db.execute(sql`with claimed as (
          update webhook_deliveries d set status = 'sending', attempts = d.attempts + 1,
            lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), updated_at = now()
          from (select id, status from webhook_deliveries where id = ${deliveryId} for update) before
          where d.id = before.id
            and ((d.status in ('queued', 'retrying') and d.next_attempt_at <= now() + interval '5 seconds')
              or (d.status = 'sending' and d.lease_until < now()))
          returning d.id, d.attempts, d.endpoint_id, d.event_id, before.status as was
        )
        select c.id, c.attempts, c.was, e.id as endpoint_id, e.workspace_id, e.url, e.enabled, e.secret, e.previous_secret,
          coalesce(e.previous_secret_until > now(), false) as previous_live, ev.id as event_id, ev.type, ev.data, ev.created_at
        from claimed c join webhook_endpoints e on e.id = c.endpoint_id join webhook_events ev on ev.id = c.event_id`),
    )[0];

  /** The body of an event, the same bytes on every attempt. */
  const bodyOf = (row: Pick<Claimed, 'type' | 'data' | 'created_at'>) =>
    JSON.stringify({ type: row.type, timestamp: new Date(row.created_at).toISOString(), data: row.data });

  // The usual case, delivered, in one statement (no transaction held around three): the attempt, the
  // delivery and the endpoint's health. A pool connection is taken once instead of five times.
  async function settleDelivered(row: Claimed, result: AttemptResult): Promise<void> {
    await db.execute(sql`with attempt as (
        insert into webhook_attempts (id, delivery_id, attempt, at, http_status, duration_ms, outcome, response_excerpt, error)
        values (${uuidv7()}, ${row.id}, ${row.attempts}, now(), ${result.httpStatus}, ${result.durationMs}, 'delivered', ${result.excerpt}, null)
      ), delivery as (
        update webhook_deliveries set status = 'succeeded', lease_until = null, last_error = null, updated_at = now()
        where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}
      )
      update webhook_endpoints set failing_since = null, last_success_at = now()
      where id = ${row.endpoint_id} and (failing_since is not null or last_success_at is null or last_success_at < now() - interval '1 minute')`);
  }

  async function settle(row: Claimed, result: AttemptResult): Promise<void> {
    if (result.outcome === 'delivered') return settleDelivered(row, result);
    await inTransaction(db, async (tx) => {
      await tx.execute(sql`insert into webhook_attempts (id, delivery_id, attempt, at, http_status, duration_ms, outcome, response_excerpt, error)
        values (${uuidv7()}, ${row.id}, ${row.attempts}, now(), ${result.httpStatus}, ${result.durationMs}, ${result.outcome}, ${result.excerpt}, ${result.error})`);
      const mine = sql`id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`;
      const lastError = result.error ?? (result.httpStatus !== null ? `HTTP ${result.httpStatus}` : null);
      if (result.outcome === 'gone') {
        await tx.execute(sql`update webhook_deliveries set status = 'failed', lease_until = null, last_error = ${lastError}, updated_at = now() where ${mine}`);
        await disable(tx, row, 'the endpoint answered 410 Gone');
        return;
      }
      const failingTooLong = rowsOf<{ too_long: boolean }>(
        await tx.execute(sql`update webhook_endpoints set
            failing_since = case when failing_since is null or last_failure_at < now() - interval '1 day' then now() else failing_since end,
            last_failure_at = now()
          where id = ${row.endpoint_id} returning failing_since < now() - make_interval(days => ${FAILING_DAYS}) as too_long`),
      )[0]?.too_long;
      const delay = nextAttemptDelayMs(row.attempts, result.retryAfterMs);
      if (failingTooLong || delay === undefined) {
        await tx.execute(sql`update webhook_deliveries set status = 'failed', lease_until = null, last_error = ${lastError}, updated_at = now() where ${mine}`);
        if (failingTooLong) await disable(tx, row, `every delivery failed for ${FAILING_DAYS} days`);
        return;
      }
      const at = new Date((deps.now?.() ?? Date.now()) + delay);
      const moved = await tx.execute(sql`update webhook_deliveries set status = 'retrying', lease_until = null, next_attempt_at = ${at},
        last_error = ${lastError}, updated_at = now() where ${mine} returning id`);
      if (rowsOf(moved).length > 0) await deps.jobs.enqueue(tx, 'webhooks.deliver', { deliveryId: row.id }, { startAfter: at });
    });
  }

  async function disable(tx: Db, row: Claimed, reason: string): Promise<void> {
    const [endpoint] = rowsOf<{ id: string; url: string }>(
      await tx.execute(sql`update webhook_endpoints set enabled = false, disabled_reason = ${reason}, disabled_at = now(), updated_at = now()
        where id = ${row.endpoint_id} and enabled returning id, url`),
    );
    if (!endpoint) return;
    // Told to the workspace's other endpoints (this one is now disabled, so it gets none).
    await tx.execute(sql`select webhook_emit(${row.workspace_id}::uuid, 'endpoint.disabled',
      jsonb_build_object('endpoint', jsonb_build_object('id', ${endpoint.id}::uuid, 'url', ${endpoint.url}::text, 'reason', ${reason}::text)))`);
  }

  async function deliver({ deliveryId }: { deliveryId: string }): Promise<void> {
    const row = await claim(deliveryId);
    // Delivered, given up, not due, or being sent by a live worker: nothing to do.
    if (!row) return;
    if (row.was === 'sending') {
      // The previous attempt's worker died during it: the log says so (whether it reached the receiver is unknown).
      await db.execute(sql`insert into webhook_attempts (id, delivery_id, attempt, at, http_status, duration_ms, outcome, response_excerpt, error)
        values (${uuidv7()}, ${row.id}, ${row.attempts - 1}, now(), null, 0, 'failed', null, ${CUT_ATTEMPT})`);
    }
    if (!row.enabled) {
      await db.execute(sql`update webhook_deliveries set status = 'failed', attempts = attempts - 1, lease_until = null,
        last_error = 'the endpoint is disabled', updated_at = now() where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
      return;
    }
    const context = sealedSecretContext(row.endpoint_id);
    const secrets = [deps.box.open(row.secret, context), ...(row.previous_secret && row.previous_live ? [deps.box.open(row.previous_secret, context)] : [])];
    const body = bodyOf(row);
    const headers = signedHeaders(secrets, row.event_id, Math.floor((deps.now?.() ?? Date.now()) / 1000), body);
    const result = await sendAttempt(row.url, headers, body, deps.policy);
    await settle(row, result);
  }

  return { deliver, bodyOf };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
