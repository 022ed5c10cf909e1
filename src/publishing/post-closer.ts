// Edits or deletes one published post of a closed vacancy: the handler behind 'post.close'.
// Edits and deletes are idempotent on every network (a second delete finds nothing, a second edit
// changes nothing), so unlike a publish they may be retried after an unclear outcome. Every call
// takes its own rate-limit turn, a second call of one change (a delete refused as too old, an edit
// of the wrong kind) included.
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Db } from '../db/database.js';
import type { JobPayloads } from '../jobs/job-types.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { adapterFor, type ChangeOutcome, type Adapters, type Credentials, type MessageKind } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import { keysForCall, retryKey, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { CallRef, RateLimiter } from '../ratelimit/rate-limiter.js';
import type { AccountRow } from '../repositories/account-repo.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { INLINE_WAIT_MS } from './engine-timing.js';
import { closedText } from './post-content.js';
import { closePolicyOf } from './vacancy-closing.js';
import { sleepUntil } from '../lib/sleep.js';
import { waitForTurn, type TurnWait } from './waiting.js';

export interface PostCloserDeps {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  unseal(account: AccountRow): Credentials;
  log: FastifyBaseLogger;
  /** How long a change waited for its turn, from its job's start to going out (metrics). */
  observeTurnWait?(network: NetworkName, purpose: 'close', seconds: number): void;
  /** How long before its slot a job fires (see PublishQueue.leadMs). */
  leadMs: number;
  inlineWaitMs?: number;
}

// A bot may delete a Telegram message for 48 hours; a little less, so the call never races the limit.
const TELEGRAM_DELETE_WINDOW_MS = 47.5 * 60 * 60 * 1000;

function tooOldToDelete(post: PostRow): boolean {
  return post.network === 'telegram' && post.publishedAt !== null && Date.now() - post.publishedAt.getTime() > TELEGRAM_DELETE_WINDOW_MS;
}

// Retries of an unclear or refused change before it is left to a person (recorded on the post).
const MAX_CLOSE_TRIES = 5;

type Job = Required<Pick<JobPayloads['post.close'], 'postId' | 'tries'>> & Pick<JobPayloads['post.close'], 'edit'>;
type Action = { do: 'remove' } | { do: 'edit'; messageKind?: MessageKind };
type Step = { post: PostRow; ref: CallRef; text: string; accountId: string; credentials: Credentials; action: Action };
type Claim = ({ kind: 'go'; at: number } & Step) | { kind: 'soon'; at: number } | { kind: 'stop' };

export const closeOwner = (postId: string) => `close:${postId}`;

export function createPostCloser(deps: PostCloserDeps) {
  const { db, jobs } = deps;
  const inlineWaitMs = deps.inlineWaitMs ?? INLINE_WAIT_MS;

  const enqueueForSlot = (tx: Db, job: Job, slot: number) =>
    jobs.enqueue(tx, 'post.close', { ...job, slot }, { startAfter: new Date(slot - deps.leadMs) });

  /**
   * Decides the change, then takes the turn for its first call — outside the transaction, so the
   * rate limiter's keys are held only while the turn is decided.
   */
  async function claim(job: Job, wait: TurnWait): Promise<Claim> {
    const planned = await plan(job);
    if (planned.kind !== 'go') return planned;
    const turn = await deps.limiter.turn(db, planned.ref, wait);
    if (turn.kind === 'soon') return turn;
    if (turn.kind === 'later') {
      await enqueueForSlot(db, job, turn.at);
      return { kind: 'stop' };
    }
    return { ...planned, at: turn.at };
  }

  async function plan(job: Job): Promise<({ kind: 'go' } & Step) | { kind: 'stop' }> {
    return inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, job.postId);
      if (!post || !['published', 'suggested'].includes(post.status) || post.closedEditAt || !post.networkPostId) return { kind: 'stop' };
      const policy = await closePolicyOf(tx, post.workspaceId);
      if (policy === 'leave') return { kind: 'stop' };
      const vacancy = await vacancyRepo.findById(tx, post.workspaceId, post.vacancyId);
      const group = await groupRepo.findById(tx, post.workspaceId, post.groupId);
      const accountId = post.accountId ?? group?.accountId;
      const account = accountId ? await accountRepo.findById(tx, post.workspaceId, accountId) : undefined;
      if (!vacancy || !account) {
        await postRepo.recordEvent(tx, post, post.status, 'the vacancy closed but the post cannot be changed: its account is gone', 'no account');
        return { kind: 'stop' };
      }
      const ref: CallRef = {
        owner: closeOwner(post.id),
        keys: keysForCall(deps.limits, { network: post.network, accountId: account.id, address: post.address!, isNewPost: false }),
      };
      // A suggested post is not on the wall yet: withdraw it rather than edit it. A Telegram message
      // past the 48 hours in which a bot may delete it is edited straight away.
      const wantDelete = !job.edit && (policy === 'delete' || post.status === 'suggested') && !tooOldToDelete(post);
      const messageKind = job.edit?.messageKind ?? post.messageKind ?? undefined;
      return {
        kind: 'go',
        post,
        ref,
        text: closedText(post.network, group?.language ?? 'ru', vacancy.title),
        accountId: account.id,
        credentials: deps.unseal(account),
        action: wantDelete ? { do: 'remove' } : { do: 'edit', ...(messageKind ? { messageKind } : {}) },
      };
    });
  }

  /** A second call of the same change: answered the first, then a turn of its own (or a new job, later). */
  async function nextTurn(step: Step, job: Job): Promise<number | undefined> {
    const turn = await waitForTurn(undefined, async (wait) => {
      const t = await deps.limiter.turn(db, step.ref, wait);
      if (t.kind === 'later') await enqueueForSlot(db, job, t.at);
      return t;
    }, inlineWaitMs);
    return turn.kind === 'now' ? turn.at : undefined;
  }

  type Called = { outcome: ChangeOutcome; removed: boolean };

  async function call(step: Step, action: Action): Promise<Called> {
    const adapter = adapterFor(deps.adapters, step.credentials);
    const ref = { address: step.post.address!, networkPostId: step.post.networkPostId! };
    if (action.do === 'remove') return { outcome: await adapter.remove(ref), removed: true };
    const edited = await adapter.edit({ ...ref, text: step.text, ...(action.messageKind ? { messageKind: action.messageKind } : {}) });
    // OK has no edit: the post goes instead, which is what a reader of a closed vacancy needs.
    // 'not_supported' is decided without a call, so the turn taken is still unused.
    if (edited.kind === 'not_supported') return { outcome: await adapter.remove(ref), removed: true };
    return { outcome: edited, removed: false };
  }

  async function answered(step: Step): Promise<void> {
    await deps.limiter.answered(db, step.ref);
  }

  async function settle(step: Step, { outcome, removed }: Called, job: Job, messageKind?: MessageKind): Promise<void> {
    await inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, step.post.id);
      if (!post) return;
      const now = new Date();
      if (outcome.kind === 'done') {
        if (removed) {
          await postRepo.transition(tx, post, ['published', 'suggested'], { to: 'removed', set: { closedEditAt: now }, note: 'deleted: the vacancy closed' });
        } else {
          await postRepo.update(tx, post.id, { closedEditAt: now, text: step.text, ...(messageKind ? { messageKind } : {}) });
          await postRepo.recordEvent(tx, post, post.status, 'edited to the "vacancy closed" text');
        }
        return;
      }
      if (outcome.kind === 'retry_after') {
        const key = retryKey(post.network, outcome.scope, { address: post.address!, accountId: step.accountId });
        const until = new Date(now.getTime() + outcome.seconds * 1000);
        await deps.limiter.block(tx, key, until, outcome.reason);
        await jobs.enqueue(tx, 'post.close', job, { startAfter: until });
        return;
      }
      if (outcome.kind === 'needs_reauth') {
        await accountRepo.update(tx, post.workspaceId, step.accountId, { status: 'needs_reauth', lastCheckError: outcome.reason, lastCheckedAt: now });
      }
      const reason = 'reason' in outcome ? outcome.reason : outcome.kind;
      const retry = outcome.kind === 'unknown' && job.tries < MAX_CLOSE_TRIES;
      await postRepo.recordEvent(tx, post, post.status, retry ? 'could not change the post yet: will try again' : 'could not change the post: change it by hand', reason);
      if (retry) await jobs.enqueue(tx, 'post.close', { ...job, tries: job.tries + 1 }, { startAfter: new Date(now.getTime() + 30_000 * job.tries) });
    });
  }

  return {
    async run(data: JobPayloads['post.close']): Promise<void> {
      const job: Job = { postId: data.postId, tries: data.tries ?? 1, ...(data.edit ? { edit: data.edit } : {}) };
      const started = Math.min(Date.now(), data.slot ?? Infinity);
      const step = await waitForTurn(data.slot, (wait) => claim(job, wait), inlineWaitMs);
      if (step.kind !== 'go') return;
      deps.observeTurnWait?.(step.post.network, 'close', Math.max(0, step.at - started) / 1000);
      await sleepUntil(step.at);
      let action = step.action;
      let result = await call(step, action);
      // The first call was refused in a way that names the second: a delete too old to be made
      // (edit instead), or an edit of the wrong kind (edit as the kind the network named).
      const first = result.outcome;
      if (first.kind === 'too_old' || first.kind === 'wrong_kind') {
        const messageKind = first.kind === 'wrong_kind' ? first.messageKind : step.post.messageKind ?? undefined;
        action = { do: 'edit', ...(messageKind ? { messageKind } : {}) };
        await answered(step);
        const at = await nextTurn(step, { ...job, edit: messageKind ? { messageKind } : {} });
        // Its second call was booked for later: the new job carries on.
        if (at === undefined) return;
        await sleepUntil(at);
        result = await call(step, action);
      }
      await answered(step);
      if (result.outcome.kind !== 'done') deps.log.info({ postId: job.postId, outcome: result.outcome.kind }, 'closing change not done');
      await settle(step, result, job, action.do === 'edit' ? action.messageKind : undefined);
    },
  };
}
