// Publishes one post: the handler behind every 'post.publish' job. It may run more than once for a
// post (a retried job, a duplicate), so every change it makes is guarded by the status it read and
// is recorded with the post's history. The one rule above all: a post whose call may have reached
// the network is never sent again by itself. It becomes 'unknown' for a person to resolve.
//
// The hot path is five statements, none of them holding anything across a round trip:
//   read the post and all around it → admit the call (rate_admit, one statement under the keys'
//   locks) → mark the post 'sending' (guarded) → call → record the answer on the limiter → settle.
// Anything but "ready" (a pause, a closed vacancy, a lease to check…) is re-read under the post's
// lock and acted on in a transaction.
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Db } from '../db/database.js';
import { posts } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { sleepUntil } from '../lib/sleep.js';
import { adapterFor, type Adapters, type Credentials, type PostContent } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import { keysForCall, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { Admission, CallRef, RateLimiter } from '../ratelimit/rate-limiter.js';
import type { Renderer } from '../rendering/renderer.js';
import { accountRepo, type AccountRow } from '../repositories/account-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { publishStatements } from '../repositories/publish-statements.js';
import type { AddressResolver } from '../services/address-resolution.js';
import { toVacancy } from '../services/vacancy-mapping.js';
import { holdAccountPosts } from './account-holds.js';
import { INLINE_WAIT_MS, LEASE_GRACE_MS } from './engine-timing.js';
import { renderPostContent } from './post-content.js';
import { createSettler } from './publish-settle.js';
import { STARTABLE, verdictFor, type PublishContext } from './publish-verdict.js';
import { publishOwner, type PublishQueue } from './publish-queue.js';
import { waitForTurn, type TurnWait } from './waiting.js';

export interface PublisherDeps {
  db: Db;
  jobs: JobQueue;
  queue: PublishQueue;
  adapters: Adapters;
  renderer: Renderer;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  /** The credentials of an account row, in clear (no database round trip). */
  unseal(account: AccountRow): Credentials;
  resolver: AddressResolver;
  log: FastifyBaseLogger;
  /** How long a post waited for its turn, from its due time to going out (metrics). */
  observeTurnWait?(network: NetworkName, purpose: 'publish', seconds: number): void;
  maxAttempts: number;
  /** The longest one call can last (EngineTiming.callBoundMs): a post's lease covers it. */
  callBoundMs: number;
  /** The longest a job waits in-process for its turn, all its asks together (INLINE_WAIT_MS). */
  inlineWaitMs?: number;
  now?: () => number;
}

type Claim =
  | { kind: 'go'; post: PostRow; at: number; ref: CallRef; content: PostContent; credentials: Credentials }
  | { kind: 'soon'; at: number }
  // The group's address is a VK screen name (set before addresses were resolved when set): resolve it first.
  | { kind: 'resolve'; post: PostRow; group: GroupRow; account: AccountRow }
  | { kind: 'stop' };

// How long a post waits for a rate-limit turn to resolve its group's address before trying later.
const RESOLVE_MAX_WAIT_MS = 10_000;
// A claim that finds, under the lock, that another job changed the post meanwhile reads it again;
// more than this many rounds would mean two jobs chasing each other, which the guards make harmless.
const MAX_CLAIM_ROUNDS = 3;

const STOP = { kind: 'stop' } as const;

export function createPublisher(deps: PublisherDeps) {
  const { db, queue } = deps;
  const now = deps.now ?? Date.now;
  const inlineWaitMs = deps.inlineWaitMs ?? INLINE_WAIT_MS;
  const settler = createSettler({ db, jobs: deps.jobs, queue, limiter: deps.limiter, maxAttempts: deps.maxAttempts, now });

  const refFor = (post: PostRow, group: GroupRow, account: AccountRow): CallRef => ({
    owner: publishOwner(post.id),
    postId: post.id,
    keys: keysForCall(deps.limits, { network: group.network, accountId: account.id, address: group.address!, isNewPost: true }),
  });

  const render = (tx: Db, ctx: PublishContext) =>
    renderPostContent(tx, deps.renderer, {
      workspaceId: ctx.post.workspaceId,
      vacancy: toVacancy(ctx.vacancy),
      group: ctx.group,
      workspaceTemplate: ctx.workspaceTemplate,
      ...(ctx.post.applyUrl ? { applyUrl: ctx.post.applyUrl } : {}),
    });

  /** Up to the call: decide, take the rate-limit turn, mark the post 'sending'. */
  async function claim(postId: string, booked: boolean, wait: TurnWait): Promise<Claim> {
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const ctx = await publishStatements.context(db, postId);
      const verdict = verdictFor(ctx, now());
      if (verdict.kind === 'idle') return STOP;
      if (verdict.kind === 'resolve') return { kind: 'resolve', post: ctx!.post, group: ctx!.group, account: ctx!.account! };
      if (verdict.kind !== 'ready') {
        const acted = await act(postId);
        if (acted === 'again') continue;
        return acted;
      }
      const { post, group, account } = ctx!;
      const content = await render(db, ctx!);
      const ref = refFor(post, group, account!);
      // Committed on its own, in one statement: the keys' locks are never held across a round trip.
      const admission = await deps.limiter.admit(db, ref);
      if (admission.kind === 'not_yet') return inTransaction(db, (tx) => waitForSlot(tx, post, ref, admission, booked, wait));
      // Committed before the call, so a crash from here on leaves 'sending' behind, which the next
      // job turns into 'unknown' instead of sending again.
      const sending = await publishStatements.claimSending(db, post, {
        attempt: post.attempt + 1,
        leaseUntil: new Date(now() + deps.callBoundMs + LEASE_GRACE_MS),
        accountId: account!.id,
        address: group.address!,
        text: content.text,
      });
      if (!sending) {
        // Another job moved the post (or it was paused, cancelled…) since it was read: no call.
        await deps.limiter.abandon(db, ref, admission.at);
        continue;
      }
      return { kind: 'go', post: sending, at: admission.at, ref, content, credentials: deps.unseal(account!) };
    }
    return STOP;
  }

  /** Anything but "ready": re-read under the post's lock and act on what it says now. */
  async function act(postId: string): Promise<Claim | 'again'> {
    return inTransaction(db, async (tx) => {
      const ctx = await postRepo.publishContext(tx, postId, { lock: true });
      const verdict = verdictFor(ctx, now());
      if (!ctx) return STOP;
      const { post } = ctx;
      switch (verdict.kind) {
        case 'idle':
          return STOP;
        case 'ready':
        case 'resolve':
          return 'again';
        case 'in_flight':
          await queue.enqueueAt(tx, post.id, verdict.leaseUntil + 1000);
          return STOP;
        case 'interrupted':
          await postRepo.transition(tx, post, ['sending'], {
            to: 'unknown',
            set: { leaseUntil: null },
            note: 'the worker stopped during the call: it is not known whether the post went out',
            error: 'interrupted during the network call',
          });
          return STOP;
        case 'cancel':
          await postRepo.transition(tx, post, STARTABLE, { to: 'cancelled', note: verdict.note });
          return STOP;
        case 'pause':
          await postRepo.setHold(tx, eq(posts.id, post.id), 'campaign_paused', 'held: the campaign is paused');
          return STOP;
        case 'early':
          await queue.enqueueAt(tx, post.id, verdict.dueAt);
          return STOP;
        case 'fail':
          await postRepo.transition(tx, post, STARTABLE, { to: 'failed', error: verdict.error, note: verdict.note ?? 'not sent' });
          return STOP;
        case 'assisted': {
          const content = await render(tx, ctx);
          await postRepo.transition(tx, post, STARTABLE, {
            to: 'awaiting_manual',
            set: { text: content.text, address: ctx.group.address },
            note: 'ready for a person to post by hand',
          });
          return STOP;
        }
        case 'reauth_hold':
          await postRepo.setHold(tx, eq(posts.id, post.id), 'account_needs_reauth', `held: the ${ctx.group.network} account needs new credentials`);
          return STOP;
        case 'outside_hours':
          await postRepo.update(tx, post.id, { dueAt: new Date(verdict.opensAt) });
          await postRepo.recordEvent(tx, post, post.status, `outside the group's posting hours: moved to ${new Date(verdict.opensAt).toISOString()}`);
          await deps.limiter.release(tx, [publishOwner(post.id)]);
          await queue.enqueueAt(tx, post.id, verdict.opensAt);
          return STOP;
      }
    });
  }

  /** The post may not go yet: it waits in-process (soon), or keeps its place in a later booking. */
  async function waitForSlot(
    tx: Db,
    read: PostRow,
    ref: CallRef,
    admission: Extract<Admission, { kind: 'not_yet' }>,
    booked: boolean,
    wait: TurnWait,
  ): Promise<Claim> {
    const post = await postRepo.lock(tx, read.id);
    if (!post || !(STARTABLE as readonly string[]).includes(post.status) || post.hold) return STOP;
    const turn = await deps.limiter.wait(tx, ref, admission, wait);
    const waiting = post.status === 'planned' ? ((await postRepo.transition(tx, post, ['planned'], { to: 'queued', note: 'due' })) ?? post) : post;
    if (turn.kind === 'soon') return turn;
    const why = turn.blockedUntil > now() ? 'the network asked to wait' : booked ? 'the calls before it ran late' : 'the rate limits are busy';
    await postRepo.recordEvent(tx, waiting, waiting.status, `${why}: rate-limit slot booked for ${new Date(turn.at).toISOString()}`);
    await queue.enqueueForSlot(tx, post.id, turn.at);
    return STOP;
  }

  /**
   * Resolves the group's address (a VK screen name) before its post: stored for the group, so it
   * is asked once. Answers whether the post may be claimed again now.
   */
  async function resolveFirst(c: Extract<Claim, { kind: 'resolve' }>): Promise<boolean> {
    const from = c.group.address!;
    const resolution = await deps.resolver.resolve(c.account, from, RESOLVE_MAX_WAIT_MS);
    return inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, c.post.id);
      if (!post || !(STARTABLE as readonly string[]).includes(post.status) || post.hold) return false;
      if (resolution.ok) {
        await groupRepo.resolveAddress(tx, c.group.workspaceId, c.group.id, from, resolution.address);
        await postRepo.recordEvent(tx, post, post.status, `the group's address "${from}" is ${resolution.what}: stored for the group`);
        return true;
      }
      if (resolution.kind === 'later') {
        await postRepo.recordEvent(tx, post, post.status, `the group's address "${from}" could not be resolved yet: ${resolution.reason}`);
        await queue.enqueueAt(tx, post.id, resolution.retryAt);
        return false;
      }
      if (resolution.kind === 'needs_reauth') {
        await accountRepo.update(tx, post.workspaceId, c.account.id, { status: 'needs_reauth', lastCheckError: resolution.reason, lastCheckedAt: new Date() });
        await holdAccountPosts(tx, post.workspaceId, c.account.id);
        return false;
      }
      await postRepo.transition(tx, post, STARTABLE, {
        to: 'failed',
        error: `the group's address "${from}" ${resolution.reason}`,
        note: "not sent: fix the group's address",
      });
      return false;
    });
  }

  return {
    /** `slot`: the instant booked for the post when its job was enqueued, if one was. */
    async run(postId: string, slot?: number): Promise<void> {
      let claimed = await waitForTurn(slot, (wait) => claim(postId, slot !== undefined, wait), inlineWaitMs, now);
      if (claimed.kind === 'resolve') {
        if (!(await resolveFirst(claimed))) return;
        claimed = await waitForTurn(undefined, (wait) => claim(postId, false, wait), inlineWaitMs, now);
      }
      if (claimed.kind !== 'go') return;
      deps.observeTurnWait?.(claimed.post.network, 'publish', Math.max(0, claimed.at - claimed.post.dueAt.getTime()) / 1000);
      await sleepUntil(claimed.at, now);
      const outcome = await adapterFor(deps.adapters, claimed.credentials).publish({
        ...claimed.content,
        target: { address: claimed.post.address!, mode: claimed.post.mode === 'suggest' ? 'suggest' : 'api' },
      });
      // On its own, at once: the next call on these keys waits for exactly this.
      await deps.limiter.answered(db, claimed.ref, now());
      deps.log.debug({ postId, outcome: outcome.kind }, 'publish answered');
      if (outcome.kind !== 'published' && outcome.kind !== 'suggested') {
        deps.log.info({ postId, outcome: outcome.kind, reason: 'reason' in outcome ? outcome.reason : undefined }, 'publish not done');
      }
      await settler.settle(claimed.post, outcome);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
