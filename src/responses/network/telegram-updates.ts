// getUpdates for a bot without a webhook (no PUBLIC_BASE_URL): one job fetches what Telegram holds
// after the stored offset, records it, moves the offset and chains the next fetch, all in steps
// that are safe to repeat. An update is recorded once by its update_id whatever the job does twice;
// Telegram keeps an update until a later offset confirms it (24 hours at most).
import { and, eq, lt, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.js';
import { accounts, networkHooks } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Adapters } from '../../networks/index.js';
import { reasonOf } from '../../networks/outcomes.js';
import type { Credentials, TelegramCredentials } from '../../networks/types.js';
import type { LimitedCalls } from '../../ratelimit/limited-call.js';
import type { FactStore } from './fact-store.js';
import type { HookService } from './hook-service.js';
import { TELEGRAM_ALLOWED_UPDATES, telegramFacts } from './telegram-facts.js';

const FETCH_MAX_WAIT_MS = 5_000;
// An update that fails to be recorded this many fetches in a row is skipped (and reported), so that
// one bad update cannot hold back every later one until Telegram drops them all.
const MAX_TRIES_PER_UPDATE = 5;

interface ChainState { offset?: number; step?: number; failedUpdate?: number; failures?: number }

export function createTelegramUpdatesFetcher(deps: {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  calls: LimitedCalls;
  hooks: HookService;
  facts: FactStore;
  unseal: (row: typeof accounts.$inferSelect) => Credentials;
  /** Between two fetches when the last one found nothing. */
  everyMs: number;
  /** An update skipped after failing MAX_TRIES_PER_UPDATE times. */
  onSkipped?: (err: unknown, hookId: string, updateId: number) => void;
}) {
  const { db } = deps;

  // The fetches of a hook form one chain: each job carries the chain's step, and the step moves
  // with the enqueueing of the next job, in one transaction. A job whose step is behind (its retry
  // after the next was already chained, or a revival that came too late) ends, so the chain never
  // forks into two. Only the job holding the current step writes the state, so it is written whole.
  const chain = (hookId: string, state: ChainState, inMs: number, change: ChainState = {}) =>
    inTransaction(db, async (tx) => {
      const step = state.step ?? 0;
      const next: ChainState = { ...state, ...change, step: step + 1 };
      const moved = await tx
        .update(networkHooks)
        .set({ settings: next, updatedAt: new Date() })
        .where(and(eq(networkHooks.id, hookId), sql`coalesce((${networkHooks.settings}->>'step')::int, 0) = ${step}`))
        .returning({ id: networkHooks.id });
      if (moved.length === 0) return;
      await deps.jobs.enqueue(tx, 'responses.telegram-updates', { hookId, step: step + 1 }, { startAfter: new Date(Date.now() + inMs) });
    });

  async function fetchUpdates({ hookId, step = 0 }: { hookId: string; step?: number }): Promise<void> {
    const found = await deps.hooks.forFetching(hookId);
    // Deleted, or replaced by a webhook: the chain ends here.
    if (!found || found.hook.kind !== 'telegram_updates') return;
    const { hook, account } = found;
    const state = hook.settings as ChainState;
    if ((state.step ?? 0) !== step) return;
    const offset = Number(state.offset ?? 0);
    const creds = deps.unseal(account) as TelegramCredentials;
    const limited = await deps.calls.run(
      { network: 'telegram', accountId: account.id, purpose: 'poll', maxWaitMs: FETCH_MAX_WAIT_MS },
      () => deps.adapters.telegram.fetchUpdates!(creds, { offset, allowedUpdates: TELEGRAM_ALLOWED_UPDATES }),
      (r) => (r.kind === 'retry_after' ? { seconds: r.seconds, reason: r.reason } : undefined),
    );
    if (!limited.ok) return chain(hookId, state, Math.max(limited.retryAt - Date.now(), deps.everyMs));
    const read = limited.value;
    if (read.kind !== 'updates') {
      await db.update(networkHooks).set({ lastError: reasonOf(read) }).where(eq(networkHooks.id, hookId));
      // A dead token is the account's business (its check says so); keep trying, slowly.
      const waitMs = read.kind === 'retry_after' ? read.seconds * 1000 : deps.everyMs * 10;
      return chain(hookId, state, Math.max(waitMs, deps.everyMs));
    }
    let next = offset;
    for (const update of read.updates) {
      const id = typeof update === 'object' && update !== null ? (update as { update_id?: unknown }).update_id : undefined;
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) continue;
      try {
        await deps.facts.record({ hook, eventKey: `update:${id}`, facts: telegramFacts(update) });
      } catch (err) {
        const failures = state.failedUpdate === id ? (state.failures ?? 0) + 1 : 1;
        if (failures < MAX_TRIES_PER_UPDATE) {
          // Keep what was recorded, and try this one again later (a database hiccup passes).
          return chain(hookId, state, deps.everyMs * failures, { offset: next, failedUpdate: id, failures });
        }
        deps.onSkipped?.(err, hookId, id);
      }
      next = Math.max(next, id + 1);
    }
    if (hook.lastError) await db.update(networkHooks).set({ lastError: null }).where(eq(networkHooks.id, hookId));
    // A full page means more are waiting: fetch again at once.
    return chain(hookId, state, read.updates.length >= 100 ? 0 : deps.everyMs, { offset: next, failedUpdate: undefined, failures: undefined });
  }

  /**
   * Chains that stopped (their job failed every retry, say through a long database outage) start
   * again from their current step: a chain still alive ends one of the two at its next step.
   */
  async function revive(): Promise<number> {
    const stalledBefore = new Date(Date.now() - Math.max(10 * 60_000, 20 * deps.everyMs));
    return inTransaction(db, async (tx) => {
      const stalled = await tx
        .select({ id: networkHooks.id, settings: networkHooks.settings })
        .from(networkHooks)
        .where(and(eq(networkHooks.kind, 'telegram_updates'), lt(networkHooks.updatedAt, stalledBefore)));
      for (const h of stalled) await deps.jobs.enqueue(tx, 'responses.telegram-updates', { hookId: h.id, step: (h.settings as ChainState).step ?? 0 });
      return stalled.length;
    });
  }

  return { fetchUpdates, revive };
}
