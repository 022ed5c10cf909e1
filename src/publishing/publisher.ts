// Publishes one post: the handler behind every 'post.publish' job. It may run more than once for a
// post (a retried job, a duplicate), so each step re-reads the post under a row lock and acts only
// from the status it expects. The one rule above all: a post whose call may have reached the
// network is never sent again by itself. It becomes 'unknown' for a person to resolve.
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Db } from '../db/database.js';
import { posts } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { adapterFor, type Adapters, type Credentials, type PostContent, type PublishOutcome } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import { keysForCall, limitKey, retryKey, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { Admission, CallRef, RateLimiter } from '../ratelimit/rate-limiter.js';
import type { GroupRules } from '../registry/channel-schema.js';
import type { Renderer } from '../rendering/renderer.js';
import type { AccountRow } from '../repositories/account-repo.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import type { AddressResolver } from '../services/address-resolution.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { fitToPostingHours } from '../scheduling/posting-hours.js';
import { toVacancy } from '../services/vacancy-mapping.js';
import { holdAccountPosts } from './account-holds.js';
import { INLINE_WAIT_MS, LEASE_GRACE_MS } from './engine-timing.js';
import { renderPostContent } from './post-content.js';
import { publishOwner, type PublishQueue } from './publish-queue.js';
import { nextQuotaDay } from './quota-day.js';
import { planClosingChanges } from './vacancy-closing.js';
import { sleepUntil } from '../lib/sleep.js';
import { waitForTurn } from './waiting.js';

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
  inlineWaitMs?: number;
  now?: () => number;
}

// Statuses a publish job may start from.
const STARTABLE = ['planned', 'queued', 'retry_scheduled'] as const;

type Claim =
  | { kind: 'go'; post: PostRow; at: number; ref: CallRef; content: PostContent; credentials: Credentials }
  | { kind: 'soon'; at: number }
  // The group's address is a VK screen name (set before addresses were resolved when set): resolve it first.
  | { kind: 'resolve'; post: PostRow; group: GroupRow; account: AccountRow }
  | { kind: 'stop' };

// How long a post waits for a rate-limit turn to resolve its group's address before trying later.
const RESOLVE_MAX_WAIT_MS = 10_000;

const STOP = { kind: 'stop' } as const;

// Thrown out of the claim's transaction when the rate limits say "not yet": everything it wrote
// (the post marked 'sending') rolls back with it, and the wait is recorded in a transaction of its own.
class NotYet extends Error {
  constructor(
    readonly post: PostRow,
    readonly ref: CallRef,
    readonly admission: Extract<Admission, { kind: 'not_yet' }>,
  ) {
    super('not yet');
  }
}

export function createPublisher(deps: PublisherDeps) {
  const { db, jobs, queue } = deps;
  const now = deps.now ?? Date.now;
  const inlineWaitMs = deps.inlineWaitMs ?? INLINE_WAIT_MS;

  /**
   * Everything up to the call, in one transaction: decide what this job does with the post and, if
   * it sends, mark it 'sending' and take its rate-limit turn — last, so the keys' locks are held
   * for as few statements as possible. Committed before the call, so a crash from here on leaves
   * 'sending' behind, which the next job turns into 'unknown' instead of sending again.
   */
  async function claim(postId: string, booked: boolean, maySoon: boolean): Promise<Claim> {
    try {
      return await decide(postId);
    } catch (error) {
      if (!(error instanceof NotYet)) throw error;
      return inTransaction(db, (tx) => waitForSlot(tx, error, booked, maySoon));
    }
  }

  /** The post may not go yet: it waits in-process (soon), or keeps its place in a later booking. */
  async function waitForSlot(tx: Db, notYet: NotYet, booked: boolean, maySoon: boolean): Promise<Claim> {
    const post = await postRepo.lock(tx, notYet.post.id);
    if (!post || !(STARTABLE as readonly string[]).includes(post.status) || post.hold) return STOP;
    const turn = await deps.limiter.wait(tx, notYet.ref, notYet.admission, { inlineWaitMs, maySoon });
    const waiting = post.status === 'planned' ? ((await postRepo.transition(tx, post, ['planned'], { to: 'queued', note: 'due' })) ?? post) : post;
    if (turn.kind === 'soon') return turn;
    const why = turn.blockedUntil > now() ? 'the network asked to wait' : booked ? 'the calls before it ran late' : 'the rate limits are busy';
    await postRepo.recordEvent(tx, waiting, waiting.status, `${why}: rate-limit slot booked for ${new Date(turn.at).toISOString()}`);
    await queue.enqueueForSlot(tx, post.id, turn.at);
    return STOP;
  }

  async function decide(postId: string): Promise<Claim> {
    return inTransaction(db, async (tx) => {
      const row = await postRepo.lockForPublish(tx, postId);
      if (!row) return STOP;
      const { post, campaign, vacancy: vacancyRow, group, account } = row;
      const t = now();

      if (post.status === 'sending') {
        // Another worker is (or was) in the middle of the call.
        if (post.leaseUntil && post.leaseUntil.getTime() > t) {
          await queue.enqueueAt(tx, post.id, post.leaseUntil.getTime() + 1000);
        } else {
          await postRepo.transition(tx, post, ['sending'], {
            to: 'unknown',
            set: { leaseUntil: null },
            note: 'the worker stopped during the call: it is not known whether the post went out',
            error: 'interrupted during the network call',
          });
        }
        return STOP;
      }
      if (!(STARTABLE as readonly string[]).includes(post.status) || post.hold) return STOP;

      if (campaign.status === 'cancelled' || vacancyRow.status === 'closed') {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'cancelled',
          note: vacancyRow.status === 'closed' ? 'the vacancy was closed' : 'the campaign was cancelled',
        });
        return STOP;
      }
      if (campaign.status === 'paused') {
        await postRepo.setHold(tx, eq(posts.id, post.id), 'campaign_paused', 'held: the campaign is paused');
        return STOP;
      }
      if (post.dueAt.getTime() > t + 500) {
        // Early (a duplicate job, or the due time moved): come back on time.
        await queue.enqueueAt(tx, post.id, post.dueAt.getTime());
        return STOP;
      }
      if (group.status !== 'active' || !group.address) {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'failed',
          error: group.status === 'disabled' ? 'the group is disabled' : 'the group has no address',
          note: 'not sent',
        });
        return STOP;
      }
      const content = await renderPostContent(tx, deps.renderer, {
        workspaceId: post.workspaceId,
        vacancy: toVacancy(vacancyRow),
        group,
        ...(post.applyUrl ? { applyUrl: post.applyUrl } : {}),
      });

      if (post.mode === 'assisted') {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'awaiting_manual',
          set: { text: content.text, address: group.address },
          note: 'ready for a person to post by hand',
        });
        return STOP;
      }
      if (!account) {
        await postRepo.transition(tx, post, STARTABLE, { to: 'failed', error: `no ${group.network} account is set for the group`, note: 'not sent' });
        return STOP;
      }
      if (account.status === 'needs_reauth') {
        await postRepo.setHold(tx, eq(posts.id, post.id), 'account_needs_reauth', `held: the ${group.network} account needs new credentials`);
        return STOP;
      }
      if (deps.resolver.needsResolving(group.network, group.address)) return { kind: 'resolve', post, group, account };

      const ref: CallRef = {
        owner: publishOwner(post.id),
        postId: post.id,
        keys: keysForCall(deps.limits, { network: group.network, accountId: account.id, address: group.address, isNewPost: true }),
      };
      const open = fitToPostingHours(new Date(t), (group.rules as GroupRules).postingHours).getTime();
      if (open > t) {
        await postRepo.update(tx, post.id, { dueAt: new Date(open) });
        await postRepo.recordEvent(tx, post, post.status, `outside the group's posting hours: moved to ${new Date(open).toISOString()}`);
        await deps.limiter.release(tx, [ref.owner]);
        await queue.enqueueAt(tx, post.id, open);
        return STOP;
      }

      // The lease runs from now: the call goes within NOW_SLACK of the turn, or the turn rolls this back.
      const sending = await postRepo.transition(tx, post, STARTABLE, {
        to: 'sending',
        set: {
          attempt: post.attempt + 1,
          leaseUntil: new Date(t + deps.callBoundMs + LEASE_GRACE_MS),
          accountId: account.id,
          address: group.address,
          text: content.text,
        },
      });
      if (!sending) return STOP;
      const admission = await deps.limiter.admit(tx, ref);
      if (admission.kind === 'not_yet') throw new NotYet(post, ref, admission);
      return { kind: 'go', post: sending, at: admission.at, ref, content, credentials: deps.unseal(account) };
    });
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

  // The vacancy closed while this post was in flight: it gets the same edit or delete as the others.
  async function closeIfVacancyClosed(tx: Db, post: PostRow): Promise<void> {
    const vacancy = await vacancyRepo.findById(tx, post.workspaceId, post.vacancyId);
    if (vacancy?.status === 'closed') await planClosingChanges(tx, jobs, post.workspaceId, eq(posts.id, post.id));
  }

  // Record what the network said.
  async function settle(sent: PostRow, outcome: PublishOutcome, ref: CallRef, answeredAt: number): Promise<void> {
    await inTransaction(db, async (tx) => {
      await deps.limiter.answered(tx, ref, answeredAt);
      const post = await postRepo.lock(tx, sent.id);
      if (!post || post.status !== 'sending' || post.attempt !== sent.attempt) return;
      const t = now();
      const base = { leaseUntil: null };
      const network = post.network;
      switch (outcome.kind) {
        case 'published':
        case 'suggested': {
          const suggested = outcome.kind === 'suggested';
          await postRepo.transition(tx, post, ['sending'], {
            to: outcome.kind,
            error: null,
            set: {
              ...base,
              networkPostId: outcome.networkPostId ?? null,
              permalink: suggested ? null : (outcome.permalink ?? null),
              messageKind: outcome.messageKind ?? null,
              publishedAt: new Date(t),
            },
            ...(suggested ? { note: "sent to the group's moderation queue" } : {}),
          });
          await closeIfVacancyClosed(tx, post);
          return;
        }
        case 'unknown':
          await postRepo.transition(tx, post, ['sending'], {
            to: 'unknown',
            set: base,
            error: outcome.reason,
            note: 'the outcome could not be known: not re-sent automatically',
          });
          return;
        case 'permanent':
          await postRepo.transition(tx, post, ['sending'], { to: 'failed', set: base, error: outcome.reason });
          return;
        case 'needs_person':
          await postRepo.transition(tx, post, ['sending'], {
            to: 'awaiting_manual',
            set: base,
            error: outcome.reason,
            note: 'the network wants a person (e.g. a captcha): post it by hand, or re-send',
          });
          return;
        case 'needs_reauth': {
          const accountId = post.accountId!;
          await accountRepo.update(tx, post.workspaceId, accountId, { status: 'needs_reauth', lastCheckError: outcome.reason, lastCheckedAt: new Date(t) });
          await postRepo.transition(tx, post, ['sending'], { to: 'queued', set: base, error: outcome.reason, note: 'the account was refused' });
          await holdAccountPosts(tx, post.workspaceId, accountId);
          return;
        }
        case 'target_moved': {
          const group = await groupRepo.findById(tx, post.workspaceId, post.groupId);
          if (group) {
            const edited = group.editedFields.includes('address') ? group.editedFields : [...group.editedFields, 'address'];
            await groupRepo.update(tx, post.workspaceId, group.id, { address: outcome.newAddress, editedFields: edited });
          }
          await postRepo.transition(tx, post, ['sending'], {
            to: 'queued',
            set: { ...base, address: outcome.newAddress },
            note: `the chat moved to ${outcome.newAddress}: the group's address is updated and the post re-sent there`,
          });
          await queue.enqueueAt(tx, post.id, t);
          return;
        }
        case 'retry_after':
        case 'quota_exhausted': {
          const quota = outcome.kind === 'quota_exhausted';
          const until = quota ? (outcome.until ?? nextQuotaDay(network, new Date(t))) : new Date(t + outcome.seconds * 1000);
          const key = quota
            ? limitKey(network, 'posts', post.accountId!)
            : retryKey(network, outcome.scope, { address: post.address!, accountId: post.accountId! });
          await deps.limiter.block(tx, key, until, outcome.reason);
          // A quota is not the post's fault: it waits for the next day however many days that takes.
          if (!quota && post.attempt >= deps.maxAttempts) {
            await postRepo.transition(tx, post, ['sending'], {
              to: 'failed',
              set: base,
              error: `gave up after ${post.attempt} attempts: ${outcome.reason}`,
            });
            return;
          }
          await postRepo.transition(tx, post, ['sending'], {
            to: 'retry_scheduled',
            set: { ...base, dueAt: until },
            error: outcome.reason,
            note: quota ? `the account's daily quota is spent: next try ${until.toISOString()}` : `asked to wait ${outcome.seconds} s`,
          });
          await queue.enqueueAt(tx, post.id, until.getTime());
          return;
        }
      }
    });
  }

  return {
    /** `slot`: the instant booked for the post when its job was enqueued, if one was. */
    async run(postId: string, slot?: number): Promise<void> {
      let claimed = await waitForTurn(slot, (maySoon) => claim(postId, slot !== undefined, maySoon), now);
      if (claimed.kind === 'resolve') {
        if (!(await resolveFirst(claimed))) return;
        claimed = await waitForTurn(undefined, (maySoon) => claim(postId, false, maySoon), now);
      }
      if (claimed.kind !== 'go') return;
      deps.observeTurnWait?.(claimed.post.network, 'publish', Math.max(0, claimed.at - claimed.post.dueAt.getTime()) / 1000);
      await sleepUntil(claimed.at, now);
      const outcome = await adapterFor(deps.adapters, claimed.credentials).publish({
        ...claimed.content,
        target: { address: claimed.post.address!, mode: claimed.post.mode === 'suggest' ? 'suggest' : 'api' },
      });
      const answeredAt = now();
      deps.log.debug({ postId, outcome: outcome.kind, ms: answeredAt - claimed.at }, 'publish answered');
      if (outcome.kind !== 'published' && outcome.kind !== 'suggested') {
        deps.log.info({ postId, outcome: outcome.kind, reason: 'reason' in outcome ? outcome.reason : undefined }, 'publish not done');
      }
      await settle(claimed.post, outcome, claimed.ref, answeredAt);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
