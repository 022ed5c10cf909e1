// When a failed delivery is tried again: the Standard Webhooks / Svix schedule, counted from each
// failure (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with jitter so that the
// deliveries an outage failed together do not all come back at the same second.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait before each attempt; attempt 1 is the first (immediate), attempt 8 the last. */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;
// A receiver's Retry-After is honoured up to this: beyond, the endpoint is as good as down.
const MAX_RETRY_AFTER_MS = 24 * HOUR;
const JITTER = 0.2;

/**
 * The wait before attempt `attempts + 1` after attempt `attempts` failed; undefined when that was the
 * last. A Retry-After the receiver sent replaces the schedule's wait.
 */
export function nextAttemptDelayMs(attempts: number, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
  if (attempts >= MAX_ATTEMPTS) return undefined;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const base = RETRY_SCHEDULE_MS[attempts]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * SECOND;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
