// How posts get their publish jobs, from every place that sends posts on their way (a new campaign
// or occurrence, a resumed campaign, an account that works again, a re-send, the sweep). A post due
// soon that goes out through an account is booked its rate-limit slot right here, in the same
// transaction, and its one job fires just before that slot: the job finds its turn waiting instead
// of booking it and coming back later as a second job.
import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { NetworkName } from '../networks/types.js';
import { keysForCall, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';

// A post due later than this is booked when its job runs: a booking made days ahead would only hold
// a place that the calls of the meantime rearrange anyway.
const BOOK_AHEAD_MS = 15 * 60 * 1000;
// A slot this far past the post's due time is worth a line in its history (a spent daily quota,
// a long queue): otherwise the post would sit 'queued' with nothing saying why until its job runs.
const NOTE_DELAY_OVER_MS = 10 * 60 * 1000;

/** The owner of a post's publish call on the rate limiter: its booking, its calls. */
export const publishOwner = (postId: string) => `publish:${postId}`;

export interface PublishQueueDeps {
  jobs: JobQueue;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  /** How long before its slot a job fires: enough for a worker to pick it up (the polling interval) and get ready. */
  leadMs: number;
}

export function createPublishQueue(deps: PublishQueueDeps) {
  const { jobs, limiter, limits, leadMs } = deps;

  return {
    leadMs,

    /** Enqueues the publish job of each post (in `tx`, with the rows it acts on). */
    async enqueue(tx: Db, posts: PostRow[], now = Date.now()): Promise<void> {
      const waiting = posts.filter((p) => ['planned', 'queued', 'retry_scheduled'].includes(p.status) && !p.hold);
      const bookable = waiting.filter(
        (p) => p.mode !== 'assisted' && p.accountId && p.address && p.dueAt.getTime() <= now + BOOK_AHEAD_MS,
      );
      const slots = await limiter.bookMany(
        tx,
        bookable.map((p) => ({
          owner: publishOwner(p.id),
          postId: p.id,
          keys: keysForCall(limits, { network: p.network, accountId: p.accountId!, address: p.address!, isNewPost: true }),
          notBefore: p.dueAt.getTime(),
        })),
      );
      const booked = new Map(bookable.map((p, i) => [p.id, slots[i]!]));
      for (const [i, post] of bookable.entries()) {
        if (slots[i]! - Math.max(now, post.dueAt.getTime()) > NOTE_DELAY_OVER_MS) {
          await postRepo.recordEvent(tx, post, post.status, `the rate limits are taken until then: rate-limit slot booked for ${new Date(slots[i]!).toISOString()}`);
        }
      }
      await jobs.enqueueMany(
        tx,
        'post.publish',
        waiting.map((p) => {
          const slot = booked.get(p.id);
          return slot === undefined
            ? { data: { postId: p.id }, startAfter: new Date(Math.max(now, p.dueAt.getTime())) }
            : { data: { postId: p.id, slot }, startAfter: new Date(Math.max(now, slot - leadMs)) };
        }),
      );
    },

    /** A job for the post at `at`; it books its slot when it runs. */
    async enqueueAt(tx: Db, postId: string, at: number): Promise<void> {
      await jobs.enqueue(tx, 'post.publish', { postId }, { startAfter: new Date(at) });
    },

    /** A job for a post whose slot is booked: it fires just before the slot. */
    async enqueueForSlot(tx: Db, postId: string, slot: number): Promise<void> {
      await jobs.enqueue(tx, 'post.publish', { postId, slot }, { startAfter: new Date(slot - leadMs) });
    },
  };
}

export type PublishQueue = ReturnType<typeof createPublishQueue>;
