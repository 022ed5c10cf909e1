// Calls to a network that are not publishing — checking an account, resolving a group's address,
// polling a post's responses — go through the same shared limiter as posts, behind them: such a
// call takes a turn only where publishing leaves room (it respects every live booking), waits for
// one a bounded time, and says when to try again rather than crowding a campaign.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { sleepUntil } from '../lib/sleep.js';
import type { NetworkName } from '../networks/types.js';
import { limitKey, type NetworkLimits } from './network-limits.js';
import type { CallRef, RateLimiter } from './rate-limiter.js';

/** What a call is for: names its owner on the limiter (and its metrics). */
export type CallPurpose = 'check' | 'resolve' | 'poll';

export type Limited<T> = { ok: true; value: T } | { ok: false; retryAt: number; reason: string };

export interface LimitedCallDeps {
  db: Db;
  limiter: RateLimiter;
  limits: Record<NetworkName, NetworkLimits>;
  /** Called with how long a call waited for its turn (metrics). */
  onWaited?: (network: NetworkName, purpose: CallPurpose, ms: number) => void;
}

// Longest a turn is waited for in-process between two asks.
const INLINE_WAIT_MS = 2_000;

export function createLimitedCalls(deps: LimitedCallDeps) {
  const { db, limiter } = deps;

  return {
    /**
     * Runs `fn` (one call made with the account's token) when the account's limits allow it after
     * every live booking, waiting at most `maxWaitMs`; otherwise answers when to try again. When `fn`
     * answers that the network asked to wait, `waitAsked` says for how long, and the account's key is
     * blocked for everyone meanwhile.
     */
    async run<T>(
      call: { network: NetworkName; accountId: string; purpose: CallPurpose; maxWaitMs: number },
      fn: () => Promise<T>,
      waitAsked?: (value: T) => { seconds: number; reason: string } | undefined,
    ): Promise<Limited<T>> {
      const key = limitKey(call.network, 'account', call.accountId);
      const ref: CallRef = { owner: `${call.purpose}:${randomUUID()}`, keys: [{ key, limits: deps.limits[call.network].account }] };
      const started = Date.now();
      const deadline = started + call.maxWaitMs;
      for (;;) {
        const turn = await limiter.turn(db, ref, { inlineWaitMs: INLINE_WAIT_MS, maySoon: true, respectBookings: true });
        if (turn.kind !== 'now' && turn.at > deadline) {
          await limiter.release(db, [ref.owner]);
          const reason = turn.kind === 'later' && turn.blockedUntil > Date.now()
            ? `the ${call.network} account was asked to wait until ${new Date(turn.at).toISOString()}`
            : `the ${call.network} account's rate limit is taken by publishing until ${new Date(turn.at).toISOString()}`;
          return { ok: false, retryAt: turn.at, reason };
        }
        await sleepUntil(turn.at);
        if (turn.kind !== 'now') continue;
        deps.onWaited?.(call.network, call.purpose, Date.now() - started);
        let value: T;
        try {
          value = await fn();
        } finally {
          await limiter.answered(db, ref);
        }
        const asked = waitAsked?.(value);
        if (asked) await limiter.block(db, key, new Date(Date.now() + asked.seconds * 1000), asked.reason);
        return { ok: true, value };
      }
    },
  };
}

export type LimitedCalls = ReturnType<typeof createLimitedCalls>;
