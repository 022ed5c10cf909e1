// The engine's time budgets, derived from the configuration in one place so that the job queue's
// expiry, the rate limiter's in-flight bound and the workers' lead all agree with each other.
import { longestTurnWaitMs } from './waiting.js';

// Margin on top of the network timeout before a 'sending' post's worker is presumed dead.
export const LEASE_GRACE_MS = 15_000;
// A rate-limit turn this close is waited for in-process; a later one is booked and gets its own job.
export const INLINE_WAIT_MS = 2_000;
// How long before its slot a job becomes due, beyond one polling interval: the worker picks it up
// (at most a polling interval after it is due) and must still be ready before the slot.
const LEAD_SLACK_MS = 500;

export interface EngineTiming {
  /** How long before its rate-limit slot a publish or close job becomes due. */
  leadMs: number;
  /** How long an unanswered call may be out: the whole call's deadline plus grace for its process. */
  inFlightMs: number;
  /** The longest a publish or close job may legitimately run (its job must not expire before). */
  longestRunMs: number;
}

export function engineTiming(config: { NETWORK_TIMEOUT_MS: number; JOB_POLL_SECONDS: number }): EngineTiming {
  const leadMs = config.JOB_POLL_SECONDS * 1000 + LEAD_SLACK_MS;
  const inFlightMs = config.NETWORK_TIMEOUT_MS + LEASE_GRACE_MS;
  // A close job may make two calls (a delete refused as too old, then an edit), each after a turn.
  const oneCall = longestTurnWaitMs(INLINE_WAIT_MS) + config.NETWORK_TIMEOUT_MS;
  return { leadMs, inFlightMs, longestRunMs: leadMs + 2 * oneCall + LEASE_GRACE_MS };
}
