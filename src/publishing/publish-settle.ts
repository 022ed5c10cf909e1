// Records what the network said about one publish call. The common answers (published, suggested,
// unknown, failed) are one statement each; the rest (a network's "wait", a dead token, a moved
// chat, a refusal about the group) change more than the post and take a transaction.
import { eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/database.js';
import { posts } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { PublishOutcome } from '../networks/index.js';
import { limitKey, retryKey } from '../ratelimit/network-limits.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { publishStatements } from '../repositories/publish-statements.js';
import { lockGroup, recordStatusChange } from '../registry-live/group-state.js';
import { holdAccountPosts } from './account-holds.js';
import { groupRefusal, type GroupRefusal } from './group-refusals.js';
import type { PublishQueue } from './publish-queue.js';
import { nextQuotaDay } from './quota-day.js';
import { planClosingChanges } from './vacancy-closing.js';

export interface SettleDeps {
  db: Db;
  jobs: JobQueue;
  queue: PublishQueue;
  limiter: RateLimiter;
  maxAttempts: number;
  now: () => number;
}

export function createSettler(deps: SettleDeps) {
  const { db, jobs, queue, now } = deps;
  const LEFT = { leaseUntil: null };

  /** One statement: the post leaves 'sending' (if this attempt still holds it) with its outcome recorded. */
  const settleSimply = (sent: PostRow, change: Parameters<typeof publishStatements.settle>[2]) => publishStatements.settle(db, sent, change);

  /** In a transaction, with the post locked, if this attempt still holds it. */
  const whileSending = (sent: PostRow, act: (tx: Db, post: PostRow) => Promise<void>) =>
    inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, sent.id);
      if (post && post.status === 'sending' && post.attempt === sent.attempt) await act(tx, post);
    });

  async function wait(sent: PostRow, outcome: Extract<PublishOutcome, { kind: 'retry_after' | 'quota_exhausted' }>): Promise<void> {
    await whileSending(sent, async (tx, post) => {
      const t = now();
      const quota = outcome.kind === 'quota_exhausted';
      const until = quota ? (outcome.until ?? nextQuotaDay(post.network, new Date(t))) : new Date(t + outcome.seconds * 1000);
      const key = quota
        ? limitKey(post.network, 'posts', post.accountId!)
        : retryKey(post.network, outcome.scope, { address: post.address!, accountId: post.accountId! });
      await deps.limiter.block(tx, key, until, outcome.reason);
      // A quota is not the post's fault: it waits for the next day however many days that takes.
      if (!quota && post.attempt >= deps.maxAttempts) {
        await postRepo.transition(tx, post, ['sending'], { to: 'failed', set: LEFT, error: `gave up after ${post.attempt} attempts: ${outcome.reason}` });
        return;
      }
      await postRepo.transition(tx, post, ['sending'], {
        to: 'retry_scheduled',
        set: { ...LEFT, dueAt: until },
        error: outcome.reason,
        note: quota ? `the account's daily quota is spent: next try ${until.toISOString()}` : `asked to wait ${outcome.seconds} s`,
      });
      await queue.enqueueAt(tx, post.id, until.getTime());
    });
  }

  /**
   * Marks the post's group broken for a refusal about it, and records the change; answers whether it
   * did. Left alone: a group a person disabled (it stays disabled), one already broken, and one whose
   * address changed since the post was sent (the refusal is about the old address).
   */
  async function markGroupBroken(tx: Db, post: PostRow, refusal: GroupRefusal): Promise<boolean> {
    const group = await lockGroup(tx, post.workspaceId, post.groupId);
    if (!group || group.status !== 'active' || group.address !== post.address) return false;
    await groupRepo.update(tx, group.workspaceId, group.id, { status: 'broken', brokenCode: refusal.code, brokenReason: refusal.reason });
    await recordStatusChange(tx, group, 'broken', { code: refusal.code, reason: refusal.reason, source: 'publish' });
    return true;
  }

  return {
    async settle(sent: PostRow, outcome: PublishOutcome): Promise<void> {
      switch (outcome.kind) {
        case 'published':
        case 'suggested': {
          const suggested = outcome.kind === 'suggested';
          const moved = await settleSimply(sent, {
            to: outcome.kind,
            error: null,
            note: suggested ? "sent to the group's moderation queue" : null,
            networkPostId: outcome.networkPostId ?? null,
            permalink: suggested ? null : (outcome.permalink ?? null),
            messageKind: outcome.messageKind ?? null,
            publishedAt: new Date(now()),
          });
          // The vacancy closed while this post was in flight: it gets the same edit or delete as the others.
          if (moved?.vacancyStatus === 'closed') {
            await inTransaction(db, (tx) => planClosingChanges(tx, jobs, moved.workspaceId, eq(posts.id, moved.id)));
          }
          return;
        }
        case 'unknown':
          await settleSimply(sent, { to: 'unknown', error: outcome.reason, note: 'the outcome could not be known: not re-sent automatically' });
          return;
        case 'permanent': {
          const refusal = groupRefusal(sent.network, outcome);
          if (!refusal) {
            await settleSimply(sent, { to: 'failed', error: outcome.reason, note: null });
            return;
          }
          // A refusal about the group changes more than the post, so it leaves the one-statement
          // path: the post's failure and the group's mark commit together, in one transaction, and
          // no post of the group is ever let through on a refusal only half recorded.
          await whileSending(sent, async (tx, post) => {
            const marked = await markGroupBroken(tx, post, refusal);
            const note = marked ? `refused for a reason about the group (${refusal.code}): the group is marked broken` : null;
            await postRepo.transition(tx, post, ['sending'], { to: 'failed', set: LEFT, error: outcome.reason, ...(note ? { note } : {}) });
          });
          return;
        }
        case 'needs_person':
          await settleSimply(sent, { to: 'awaiting_manual', error: outcome.reason, note: 'the network wants a person (e.g. a captcha): post it by hand, or re-send' });
          return;
        case 'retry_after':
        case 'quota_exhausted':
          await wait(sent, outcome);
          return;
        case 'needs_reauth':
          await whileSending(sent, async (tx, post) => {
            const accountId = post.accountId!;
            await accountRepo.update(tx, post.workspaceId, accountId, { status: 'needs_reauth', lastCheckError: outcome.reason, lastCheckedAt: new Date(now()) });
            await postRepo.transition(tx, post, ['sending'], { to: 'queued', set: LEFT, error: outcome.reason, note: 'the account was refused' });
            await holdAccountPosts(tx, post.workspaceId, accountId);
          });
          return;
        case 'target_moved':
          await whileSending(sent, async (tx, post) => {
            const group = await groupRepo.findById(tx, post.workspaceId, post.groupId);
            if (group) {
              const edited = group.editedFields.includes('address') ? group.editedFields : [...group.editedFields, 'address'];
              await groupRepo.update(tx, post.workspaceId, group.id, { address: outcome.newAddress, editedFields: edited });
            }
            await postRepo.transition(tx, post, ['sending'], {
              to: 'queued',
              set: { ...LEFT, address: outcome.newAddress },
              note: `the chat moved to ${outcome.newAddress}: the group's address is updated and the post re-sent there`,
            });
            await queue.enqueueAt(tx, post.id, now());
          });
          return;
      }
    },
  };
}
