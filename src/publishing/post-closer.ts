// Edits or deletes one published post of a closed vacancy: the handler behind 'post.close'.
// Edits and deletes are idempotent on every network (a second delete finds nothing, a second edit
// changes nothing), so unlike a publish they may be retried after an unclear outcome.
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { adapterFor, type Adapters, type ChangeOutcome, type Credentials } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import { keysForCall, retryKey, type NetworkLimits } from '../ratelimit/network-limits.js';
import type { KeyLimits, RateLimiter } from '../ratelimit/rate-limiter.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo } from '../repositories/group-repo.js';
import { postRepo, type PostRow } from '../repositories/post-repo.js';
import { vacancyRepo } from '../repositories/vacancy-repo.js';
import { closedText } from './post-content.js';
import { closePolicyOf, type ClosePolicy } from './vacancy-closing.js';
import { sleepUntil, waitForTurn } from './waiting.js';

export interface PostCloserDeps {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  openCredentials(workspaceId: string, accountId: string): Promise<Credentials>;
  log: FastifyBaseLogger;
  inlineWaitMs?: number;
}

// A bot may delete a Telegram message for 48 hours; a little less, so the call never races the limit.
const TELEGRAM_DELETE_WINDOW_MS = 47.5 * 60 * 60 * 1000;

function tooOldToDelete(post: PostRow): boolean {
  return post.network === 'telegram' && post.publishedAt !== null && Date.now() - post.publishedAt.getTime() > TELEGRAM_DELETE_WINDOW_MS;
}

// Retries of an unclear or refused change before it is left to a person (recorded on the post).
const MAX_CLOSE_TRIES = 5;

type Plan = { go: false } | { go: true; post: PostRow; policy: Exclude<ClosePolicy, 'leave'>; slot: number; text: string; accountId: string; keys: KeyLimits[] };

export function createPostCloser(deps: PostCloserDeps) {
  const { db, jobs } = deps;
  const inlineWaitMs = deps.inlineWaitMs ?? 2_000;

  async function plan(postId: string, tries: number, booked: number | undefined): Promise<Plan> {
    return inTransaction(db, async (tx) => {
      const post = await postRepo.lock(tx, postId);
      if (!post || !['published', 'suggested'].includes(post.status) || post.closedEditAt || !post.networkPostId) return { go: false };
      const policy = await closePolicyOf(tx, post.workspaceId);
      if (policy === 'leave') return { go: false };
      const vacancy = await vacancyRepo.findById(tx, post.workspaceId, post.vacancyId);
      const group = await groupRepo.findById(tx, post.workspaceId, post.groupId);
      const accountId = post.accountId ?? group?.accountId;
      const account = accountId ? await accountRepo.findById(tx, post.workspaceId, accountId) : undefined;
      if (!vacancy || !account) {
        await postRepo.recordEvent(tx, post, post.status, 'the vacancy closed but the post cannot be changed: its account is gone', 'no account');
        return { go: false };
      }
      const now = Date.now();
      const keys = keysForCall(deps.limits, { network: post.network, accountId: account.id, address: post.address!, isNewPost: false });
      let slot = booked;
      if (slot === undefined) {
        slot = await deps.limiter.earliest(tx, keys, now);
        await deps.limiter.reserve(tx, keys, slot);
        if (slot > now + inlineWaitMs) {
          await jobs.enqueue(tx, 'post.close', { postId, tries, slot }, { startAfter: new Date(slot - inlineWaitMs) });
          return { go: false };
        }
      }
      const language = group?.language ?? 'ru';
      return { go: true, post, policy, slot, text: closedText(post.network, language, vacancy.title), accountId: account.id, keys };
    });
  }

  // Right before the call: the limits decide whether it goes now (see RateLimiter.turn). An edit has
  // no 'sending' state to guard, so this is its own short transaction.
  // `booked` undefined: no booking yet (a second call of one change), the turn books it. Answers the
  // instant the call was admitted at, or undefined when it was booked for later (a new job).
  async function awaitTurn(p: Extract<Plan, { go: true }>, tries: number, booked: number | undefined): Promise<number | undefined> {
    const turn = await waitForTurn(booked, (slot, maySoon) =>
      inTransaction(db, async (tx) => {
        const t = await deps.limiter.turn(tx, p.keys, slot, Date.now(), { inlineWaitMs, maySoon });
        if (t.kind === 'later') await jobs.enqueue(tx, 'post.close', { postId: p.post.id, tries, slot: t.at }, { startAfter: new Date(t.at - inlineWaitMs) });
        return t;
      }),
    );
    if (turn.kind === 'later') return undefined;
    await sleepUntil(turn.at);
    return turn.at;
  }

  type Changed = { outcome: ChangeOutcome; did: 'edited' | 'removed'; admittedAt: number };

  async function change(p: Extract<Plan, { go: true }>, creds: Credentials, tries: number, admittedAt: number): Promise<Changed | undefined> {
    const adapter = adapterFor(deps.adapters, creds);
    const ref = { address: p.post.address!, networkPostId: p.post.networkPostId! };
    // A second call through the same keys (a delete refused as too old) waits for a turn of its own,
    // counted from the first call's answer.
    const secondTurn = async () => {
      await inTransaction(db, (tx) => deps.limiter.answered(tx, p.keys, admittedAt, Date.now()));
      return awaitTurn(p, tries, undefined);
    };
    // A suggested post is not on the wall yet: withdraw it rather than edit it. A Telegram message
    // past the 48 hours in which a bot may delete it is edited straight away.
    const wantDelete = (p.policy === 'delete' || p.post.status === 'suggested') && !tooOldToDelete(p.post);
    if (wantDelete) {
      const removed = await adapter.remove(ref);
      if (removed.kind !== 'too_old' && removed.kind !== 'not_supported') return { outcome: removed, did: 'removed', admittedAt };
      const again = removed.kind === 'too_old' ? await secondTurn() : admittedAt;
      if (again === undefined) return undefined;
      return { outcome: await adapter.edit({ ...ref, text: p.text }), did: 'edited', admittedAt: again };
    }
    const edited = await adapter.edit({ ...ref, text: p.text });
    // OK has no edit: the post goes instead, which is what a reader of a closed vacancy needs.
    // 'not_supported' is decided without a call, so the turn taken is still unused.
    if (edited.kind === 'not_supported') return { outcome: await adapter.remove(ref), did: 'removed', admittedAt };
    return { outcome: edited, did: 'edited', admittedAt };
  }

  async function settle(p: Extract<Plan, { go: true }>, result: Changed, tries: number, answeredAt: number): Promise<void> {
    await inTransaction(db, async (tx) => {
      await deps.limiter.answered(tx, p.keys, result.admittedAt, answeredAt);
      const post = await postRepo.lock(tx, p.post.id);
      if (!post) return;
      const { outcome, did } = result;
      const now = new Date();
      if (outcome.kind === 'done') {
        if (did === 'removed') {
          await postRepo.transition(tx, post, ['published', 'suggested'], { to: 'removed', set: { closedEditAt: now }, note: 'deleted: the vacancy closed' });
        } else {
          await postRepo.update(tx, post.id, { closedEditAt: now, text: p.text });
          await postRepo.recordEvent(tx, post, post.status, 'edited to the "vacancy closed" text');
        }
        return;
      }
      if (outcome.kind === 'retry_after') {
        const key = retryKey(post.network, outcome.scope, { address: post.address!, accountId: p.accountId });
        const until = new Date(now.getTime() + outcome.seconds * 1000);
        await deps.limiter.block(tx, key, until, outcome.reason);
        await jobs.enqueue(tx, 'post.close', { postId: post.id, tries }, { startAfter: until });
        return;
      }
      if (outcome.kind === 'needs_reauth') {
        await accountRepo.update(tx, post.workspaceId, p.accountId, { status: 'needs_reauth', lastCheckError: outcome.reason, lastCheckedAt: now });
      }
      const reason = 'reason' in outcome ? outcome.reason : outcome.kind;
      const retry = outcome.kind === 'unknown' && tries < MAX_CLOSE_TRIES;
      await postRepo.recordEvent(tx, post, post.status, retry ? 'could not change the post yet: will try again' : 'could not change the post: change it by hand', reason);
      if (retry) await jobs.enqueue(tx, 'post.close', { postId: post.id, tries: tries + 1 }, { startAfter: new Date(now.getTime() + 30_000 * tries) });
    });
  }

  return {
    async run(postId: string, tries = 1, booked?: number): Promise<void> {
      const p = await plan(postId, tries, booked);
      if (!p.go) return;
      // Opened before the turn: nothing that waits on the database between the turn and the call.
      const creds = await deps.openCredentials(p.post.workspaceId, p.accountId);
      const admittedAt = await awaitTurn(p, tries, p.slot);
      if (admittedAt === undefined) return;
      const result = await change(p, creds, tries, admittedAt);
      // Its second call was booked for later: the new job carries on from the start.
      if (!result) return;
      const answeredAt = Date.now();
      if (result.outcome.kind !== 'done') deps.log.info({ postId, outcome: result.outcome.kind }, 'closing change not done');
      await settle(p, result, tries, answeredAt);
    },
  };
}
