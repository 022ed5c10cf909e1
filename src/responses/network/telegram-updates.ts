// getUpdates for a bot without a webhook (no PUBLIC_BASE_URL): one job fetches what Telegram holds
// after the stored offset, records it, moves the offset and chains the next fetch, all in steps
// that are safe to repeat. An update is recorded once by its update_id whatever the job does twice;
// Telegram keeps an update until a later offset confirms it (24 hours at most).
import { and, eq, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.js';
import { accounts, networkHooks } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Adapters } from '../../networks/index.js';
import { reasonOf } from '../../networks/outcomes.js';
import type { LimitedCalls } from '../../ratelimit/limited-call.js';
import type { FactStore } from './fact-store.js';
import type { HookService } from './hook-service.js';
import { TELEGRAM_ALLOWED_UPDATES, telegramFacts } from './telegram-facts.js';
import type { Credentials, TelegramCredentials } from '../../networks/types.js';

const FETCH_MAX_WAIT_MS = 5_000;

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
}) {
  const { db } = deps;

  // The fetches of a hook form one chain: each job carries the chain's step, and the step moves
  // with the enqueueing of the next job, in one transaction. A job whose step is behind (its retry
  // after the next was already chained) ends, so the chain never forks into two.
  const chain = (hookId: string, step: number, inMs: number, offset?: number) =>
    inTransaction(db, async (tx) => {
      const moved = await tx
        .update(networkHooks)
        .set({
          settings: sql`jsonb_set(jsonb_set(${networkHooks.settings}, '{step}', to_jsonb(${step + 1}::int)), '{offset}',
            to_jsonb(greatest(coalesce((${networkHooks.settings}->>'offset')::bigint, 0), ${offset ?? 0}::bigint)))`,
          updatedAt: new Date(),
        })
        .where(and(eq(networkHooks.id, hookId), sql`coalesce((${networkHooks.settings}->>'step')::int, 0) = ${step}`))
        .returning({ id: networkHooks.id });
      if (moved.length === 0) return;
      await deps.jobs.enqueue(tx, 'responses.telegram-updates', { hookId, step: step + 1 }, { startAfter: new Date(Date.now() + inMs) });
    });

  return async function fetchUpdates({ hookId, step = 0 }: { hookId: string; step?: number }): Promise<void> {
    const found = await deps.hooks.forFetching(hookId);
    // Deleted, or replaced by a webhook: the chain ends here.
    if (!found || found.hook.kind !== 'telegram_updates') return;
    const { hook, account } = found;
    const settings = hook.settings as { offset?: number; step?: number };
    if ((settings.step ?? 0) !== step) return;
    const offset = Number(settings.offset ?? 0);
    const creds = deps.unseal(account) as TelegramCredentials;
    const limited = await deps.calls.run(
      { network: 'telegram', accountId: account.id, purpose: 'poll', maxWaitMs: FETCH_MAX_WAIT_MS },
      () => deps.adapters.telegram.fetchUpdates!(creds, { offset, allowedUpdates: TELEGRAM_ALLOWED_UPDATES }),
      (r) => (r.kind === 'retry_after' ? { seconds: r.seconds, reason: r.reason } : undefined),
    );
    if (!limited.ok) return chain(hookId, step, Math.max(limited.retryAt - Date.now(), deps.everyMs));
    const read = limited.value;
    if (read.kind !== 'updates') {
      await db.update(networkHooks).set({ lastError: reasonOf(read), updatedAt: new Date() }).where(eq(networkHooks.id, hookId));
      // A dead token is the account's business (its check says so); keep trying, slowly.
      const waitMs = read.kind === 'retry_after' ? read.seconds * 1000 : deps.everyMs * 10;
      return chain(hookId, step, Math.max(waitMs, deps.everyMs));
    }
    let next = offset;
    for (const update of read.updates) {
      const id = typeof update === 'object' && update !== null ? (update as { update_id?: unknown }).update_id : undefined;
      if (typeof id !== 'number') continue;
      await deps.facts.record({ hookId, workspaceId: hook.workspaceId, eventKey: `update:${id}`, facts: telegramFacts(update) });
      next = Math.max(next, id + 1);
    }
    if (hook.lastError) await db.update(networkHooks).set({ lastError: null }).where(eq(networkHooks.id, hookId));
    // A full page means more are waiting: fetch again at once.
    return chain(hookId, step, read.updates.length >= 100 ? 0 : deps.everyMs, next);
  };
}
