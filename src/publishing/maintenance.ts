// The periodic sweep: forgets what no longer matters (old idempotency keys, rate reservations and
// network delivery ids) and re-enqueues posts whose job was lost (a job that exhausted its retries
// on a database outage, say). Nothing here sends anything.
import { lt } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/database.js';
import { hookEvents, idempotencyKeys } from '../db/schema.js';
import type { PublishQueue } from './publish-queue.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { postRepo } from '../repositories/post-repo.js';

// Long enough for any client's retries of one request (the IETF draft suggests at least 24 hours).
export const IDEMPOTENCY_TTL_MS = 48 * 60 * 60 * 1000;
// The longest rate window is a day; a reservation older than that counts for nothing.
const RESERVATION_HORIZON_MS = 26 * 60 * 60 * 1000;
// A pending post this far past due, with no job, has lost its job.
const STRAY_AFTER_MS = 10 * 60 * 1000;
// A network's delivery ids are kept to ignore its repeats: Telegram keeps an update for 24 hours and
// VK retries for hours, so after three days no repeat can come.
const HOOK_EVENT_TTL_MS = 3 * 24 * 60 * 60 * 1000;
export const MAINTENANCE_CRON = '*/5 * * * *';

export function createMaintenance(deps: { db: Db; queue: PublishQueue; limiter: RateLimiter }) {
  return {
    async run(now = new Date()): Promise<{ strays: number }> {
      return inTransaction(deps.db, async (tx) => {
        await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)));
        await deps.limiter.prune(tx, now.getTime(), RESERVATION_HORIZON_MS);
        await tx.delete(hookEvents).where(lt(hookEvents.receivedAt, new Date(now.getTime() - HOOK_EVENT_TTL_MS)));
        const strays = await postRepo.stray(tx, new Date(now.getTime() - STRAY_AFTER_MS), 500);
        for (const post of strays) await postRepo.recordEvent(tx, post, post.status, 'its job was lost: enqueued again');
        await deps.queue.enqueue(tx, strays, now.getTime());
        return { strays: strays.length };
      });
    },
  };
}
