// The engine's time budgets, derived from the configuration in one place so that the job queue's
// expiry, the rate limiter's in-flight bound and the workers' lead all agree with each other.
import { MAX_STRETCH } from '../networks/deadline.js';

// Margin on top of the network timeout before a 'sending' post's worker is presumed dead.
export const LEASE_GRACE_MS = 15_000;
// The longest a job waits in-process for its rate-limit turn, all its asks together: a turn further
// off is booked and gets its own job (see waitForTurn).
export const INLINE_WAIT_MS = 10_000;
// How long before its slot a job becomes due, beyond one polling interval: the worker picks it up
// (at most a polling interval after it is due) and must still be ready before the slot.
const LEAD_SLACK_MS = 500;

export interface EngineTiming {
  /** The longest one call to a network can last: its deadline, stretched by this process's stalls at most MAX_STRETCH times. */
  callBoundMs: number;
  /** How long before its rate-limit slot a publish or close job becomes due. */
  leadMs: number;
  /** How long an unanswered call may be out: the whole call's deadline plus grace for its process. */
  inFlightMs: number;
  /** The longest a publish or close job may legitimately run (its job must not expire before). */
  longestRunMs: number;
}

export function engineTiming(config: { NETWORK_TIMEOUT_MS: number; JOB_POLL_SECONDS: number }): EngineTiming {
  const leadMs = config.JOB_POLL_SECONDS * 1000 + LEAD_SLACK_MS;
  const callBoundMs = MAX_STRETCH * config.NETWORK_TIMEOUT_MS;
  const inFlightMs = callBoundMs + LEASE_GRACE_MS;
  // A close job may make two calls (a delete refused as too old, then an edit), each after a turn.
  const oneCall = INLINE_WAIT_MS + callBoundMs;
  return { callBoundMs, leadMs, inFlightMs, longestRunMs: leadMs + 2 * oneCall + LEASE_GRACE_MS };
}
