// Publishes one post: the handler behind every 'post.publish' job. It may run more than once for a
// post (a retried job, a duplicate), so each step re-reads the post under a row lock and acts only
// from the status it expects. The one rule above all: a post whose call may have reached the
// network is never sent again by itself. It becomes 'unknown' for a person to resolve.
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Db } from '../db/database.js';
import { posts } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { adapterFor, type Adapters, type Credentials, type PublishOutcome, type PostContent } from '../networks/index.js';
import { keysForCall, limitKey, retryKey, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { KeyLimits, RateLimiter } from '../ratelimit/rate-limiter.js';
import type { GroupRules } from '../registry/channel-schema.js';
import type { Renderer } from '../rendering/renderer.js';
import { accountRepo } from '../repositories/account-repo.js';
import { campaignRepo } from '../repositories/campaign-repo.js';
import { groupRepo } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { fitToPostingHours } from '../scheduling/posting-hours.js';
import type { NetworkName } from '../networks/types.js';
import { toVacancy } from '../services/vacancy-mapping.js';
import { holdAccountPosts } from './account-holds.js';
import { renderPostContent } from './post-content.js';
import { planClosingChanges } from './vacancy-closing.js';
import { nextQuotaDay } from './quota-day.js';
import { sleepUntil, waitForTurn } from './waiting.js';

export interface PublisherDeps {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  renderer: Renderer;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  openCredentials(workspaceId: string, accountId: string): Promise<Credentials>;
  log: FastifyBaseLogger;
  maxAttempts: number;
  networkTimeoutMs: number;
  inlineWaitMs?: number;
  now?: () => number;
}

// Statuses a publish job may start from.
const STARTABLE = ['planned', 'queued', 'retry_scheduled'] as const;
// Margin on top of the network timeout before a 'sending' post's worker is presumed dead.
export const LEASE_GRACE_MS = 15_000;

type Claim = { kind: 'go'; post: PostRow; at: number } | { kind: 'soon'; at: number } | { kind: 'stop' };

type Prepared =
  | { go: false }
  | { go: true; post: PostRow; slot: number; content: PostContent; accountId: string; address: string; keys: KeyLimits[] };

export function createPublisher(deps: PublisherDeps) {
  const { db, jobs } = deps;
  const now = deps.now ?? Date.now;
  // A slot this close is waited for in-process; a later one is booked and its job set to fire this
  // much before it (pg-boss picks a due job up within its polling interval).
  const inlineWaitMs = deps.inlineWaitMs ?? 2_000;

  const requeue = (tx: Db, postId: string, at: number) => jobs.enqueue(tx, 'post.publish', { postId }, { startAfter: new Date(at) });

  // Step 1: decide what this job does with the post, and reserve a rate-limit slot if it sends.
  async function prepare(postId: string, booked: number | undefined): Promise<Prepared> {
    return inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, postId);
      if (!post) return { go: false };
      const t = now();

      if (post.status === 'sending') {
        // Another worker is (or was) in the middle of the call.
        if (post.leaseUntil && post.leaseUntil.getTime() > t) {
          await requeue(tx, post.id, post.leaseUntil.getTime() + 1000);
        } else {
          await postRepo.transition(tx, post, ['sending'], {
            to: 'unknown',
            set: { leaseUntil: null },
            note: 'the worker stopped during the call: it is not known whether the post went out',
            error: 'interrupted during the network call',
          });
        }
        return { go: false };
      }
      if (!(STARTABLE as readonly string[]).includes(post.status) || post.hold) return { go: false };

      const campaign = await campaignRepo.find(tx, post.workspaceId, post.campaignId);
      const vacancyRow = await vacancyRepo.findById(tx, post.workspaceId, post.vacancyId);
      if (!campaign || !vacancyRow || campaign.status === 'cancelled' || vacancyRow.status === 'closed') {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'cancelled',
          note: vacancyRow?.status === 'closed' ? 'the vacancy was closed' : 'the campaign was cancelled',
        });
        return { go: false };
      }
      if (campaign.status === 'paused') {
        await postRepo.setHold(tx, eq(posts.id, post.id), 'campaign_paused', 'held: the campaign is paused');
        return { go: false };
      }
      if (post.dueAt.getTime() > t + 500) {
        // Early (a duplicate job, or the due time moved): come back on time.
        await requeue(tx, post.id, post.dueAt.getTime());
        return { go: false };
      }

      const group = await groupRepo.findById(tx, post.workspaceId, post.groupId);
      if (!group || group.status !== 'active' || !group.address) {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'failed',
          error: !group ? 'the group no longer exists' : group.status === 'disabled' ? 'the group is disabled' : 'the group has no address',
          note: 'not sent',
        });
        return { go: false };
      }
      const vacancy = toVacancy(vacancyRow);
      const content = await renderPostContent(tx, deps.renderer, {
        workspaceId: post.workspaceId,
        vacancy,
        group,
        ...(post.applyUrl ? { applyUrl: post.applyUrl } : {}),
      });

      if (post.mode === 'assisted') {
        await postRepo.transition(tx, post, STARTABLE, {
          to: 'awaiting_manual',
          set: { text: content.text, address: group.address },
          note: 'ready for a person to post by hand',
        });
        return { go: false };
      }

      const account = group.accountId ? await accountRepo.findById(tx, post.workspaceId, group.accountId) : undefined;
      if (!account) {
        await postRepo.transition(tx, post, STARTABLE, { to: 'failed', error: `no ${group.network} account is set for the group`, note: 'not sent' });
        return { go: false };
      }
      if (account.status === 'needs_reauth') {
        await postRepo.setHold(tx, eq(posts.id, post.id), 'account_needs_reauth', `held: the ${group.network} account needs new credentials`);
        return { go: false };
      }

      const open = fitToPostingHours(new Date(t), (group.rules as GroupRules).postingHours).getTime();
      if (open > t) {
        await postRepo.update(tx, post.id, { dueAt: new Date(open) });
        await postRepo.recordEvent(tx, post, post.status, `outside the group's posting hours: moved to ${new Date(open).toISOString()}`);
        await requeue(tx, post.id, open);
        return { go: false };
      }

      let current = post;
      if (post.status === 'planned') current = (await postRepo.transition(tx, post, ['planned'], { to: 'queued', note: 'due' })) ?? post;

      const keys = keysForCall(deps.limits, { network: group.network, accountId: account.id, address: group.address, isNewPost: true });
      // A slot booked by an earlier run of this job is ours, even if we come late for it: whether the
      // call may still go is decided at the claim, against the calls really made by then.
      if (booked !== undefined) return { go: true, post: current, slot: booked, content, accountId: account.id, address: group.address, keys };
      const slot = await deps.limiter.earliest(tx, keys, t);
      // Booked now even when far off: posts queued behind each other on one chat each get their own
      // slot once, instead of all waking for the same free second and retrying.
      await deps.limiter.reserve(tx, keys, slot);
      if (slot > t + inlineWaitMs) {
        await jobs.enqueue(tx, 'post.publish', { postId: post.id, slot }, { startAfter: new Date(slot - inlineWaitMs) });
        return { go: false };
      }
      return { go: true, post: current, slot, content, accountId: account.id, address: group.address, keys };
    });
  }

  // Step 2: claim the post for one call, if the rate limits let it go now. Committed before the call,
  // so a crash from here on leaves 'sending' behind, which the next job turns into 'unknown' instead
  // of sending again.
  async function claim(p: Extract<Prepared, { go: true }>, slot: number, maySoon: boolean): Promise<Claim> {
    return inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, p.post.id);
      const { keys } = p;
      if (!post || post.hold || !(['queued', 'retry_scheduled'] as const).includes(post.status as 'queued')) {
        await deps.limiter.release(tx, keys, slot);
        return { kind: 'stop' };
      }
      const turn = await deps.limiter.turn(tx, keys, slot, now(), { inlineWaitMs, maySoon });
      if (turn.kind === 'soon') return turn;
      if (turn.kind === 'later') {
        // A network's "wait" (a 429, a spent quota) recorded since the slot was booked, or calls ahead
        // of this one that ran late: the post keeps its place in a later booking.
        const why = turn.blockedUntil > now() ? 'the network asked to wait' : 'the calls before it ran late';
        await postRepo.recordEvent(tx, post, post.status, `${why}: rate-limit slot moved to ${new Date(turn.at).toISOString()}`);
        await jobs.enqueue(tx, 'post.publish', { postId: post.id, slot: turn.at }, { startAfter: new Date(turn.at - inlineWaitMs) });
        return { kind: 'stop' };
      }
      const sending = await postRepo.transition(tx, post, ['queued', 'retry_scheduled'], {
        to: 'sending',
        set: {
          attempt: post.attempt + 1,
          leaseUntil: new Date(now() + deps.networkTimeoutMs + LEASE_GRACE_MS),
          accountId: p.accountId,
          address: p.address,
          text: p.content.text,
        },
      });
      return sending ? { kind: 'go', post: sending, at: turn.at } : { kind: 'stop' };
    });
  }

  // The vacancy closed while this post was in flight: it gets the same edit or delete as the others.
  async function closeIfVacancyClosed(tx: Db, post: PostRow): Promise<void> {
    const vacancy = await vacancyRepo.findById(tx, post.workspaceId, post.vacancyId);
    if (vacancy?.status === 'closed') await planClosingChanges(tx, jobs, post.workspaceId, eq(posts.id, post.id));
  }

  // Step 3: record what the network said.
  async function settle(sent: PostRow, outcome: PublishOutcome, call: { keys: KeyLimits[]; admittedAt: number; answeredAt: number }): Promise<void> {
    await inTransaction(db, async (tx) => {
      await deps.limiter.answered(tx, call.keys, call.admittedAt, call.answeredAt);
      const post = await postRepo.lock(tx, sent.id);
      if (!post || post.status !== 'sending' || post.attempt !== sent.attempt) return;
      const t = now();
      const base = { leaseUntil: null };
      const network = post.network;
      switch (outcome.kind) {
        case 'published':
          await postRepo.transition(tx, post, ['sending'], {
            to: 'published',
            error: null,
            set: { ...base, networkPostId: outcome.networkPostId, permalink: outcome.permalink ?? null, publishedAt: new Date(t) },
          });
          await closeIfVacancyClosed(tx, post);
          return;
        case 'suggested':
          await postRepo.transition(tx, post, ['sending'], {
            to: 'suggested',
            error: null,
            set: { ...base, networkPostId: outcome.networkPostId ?? null, publishedAt: new Date(t) },
            note: "sent to the group's moderation queue",
          });
          await closeIfVacancyClosed(tx, post);
          return;
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
          await requeue(tx, post.id, t);
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
          await requeue(tx, post.id, until.getTime());
          return;
        }
      }
    });
  }

  return {
    async run(postId: string, booked?: number): Promise<void> {
      const prepared = await prepare(postId, booked);
      if (!prepared.go) return;
      const credentials = await deps.openCredentials(prepared.post.workspaceId, prepared.accountId);
      // prepared.slot is always a number, so every slot asked about is one.
      const claimed = await waitForTurn(prepared.slot, (slot, maySoon) => claim(prepared, slot!, maySoon), now);
      if (claimed.kind === 'stop') return;
      const sending = claimed.post;
      const at = claimed.at;
      await sleepUntil(at, now);
      const outcome = await adapterFor(deps.adapters, credentials).publish({
        ...prepared.content,
        target: { address: prepared.address, mode: sending.mode === 'suggest' ? 'suggest' : 'api' },
      });
      const answeredAt = now();
      if (outcome.kind !== 'published' && outcome.kind !== 'suggested') {
        deps.log.info({ postId, outcome: outcome.kind, reason: 'reason' in outcome ? outcome.reason : undefined }, 'publish not done');
      }
      await settle(sending, outcome, { keys: prepared.keys, admittedAt: at, answeredAt });
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
