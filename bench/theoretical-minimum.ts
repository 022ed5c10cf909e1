// The fastest any publisher could finish, given only the rate limits: the yardstick for the campaign
// benchmark. Deliberately independent of src/ratelimit/slot-planner.ts (a bug there must not move
// the yardstick with it); only the window semantics are shared, those of the networks and the fakes:
// at most `limit` calls in any half-open window [x, x + windowMs), so with calls in time order a new
// call at t is legal on a limit exactly when t - times[n - limit] >= windowMs.
import type { WindowLimit } from '../src/ratelimit/slot-planner.js';

export interface KeyLimits {
  key: string;
  limits: WindowLimit[];
}

/** One queue of posts that must all go out, each through every key listed (e.g. one chat). */
export interface Stream {
  name: string;
  posts: number;
  keys: KeyLimits[];
}

export interface Minimum {
  /** Lower bound: the largest over keys of that key's own earliest last call (ms after the first). */
  lowerBoundMs: number;
  bindingKey: string;
  /** An actual schedule through all keys at once (greedy, earliest feasible call first). */
  scheduleMs: number;
  /** When each stream's last post goes out in that schedule. */
  streamLastMs: Map<string, number>;
}

/** Earliest legal time >= lower for one more call on a key whose calls so far are `times` (sorted). */
function earliestOn(times: number[], limits: WindowLimit[], lower: number, marginMs: number): number {
  let t = lower;
  for (const { limit, windowMs } of limits) {
    if (times.length >= limit) t = Math.max(t, times[times.length - limit]! + windowMs + marginMs);
  }
  return t;
}

/**
 * marginMs widens every window as the engine does (RATE_LIMIT_MARGIN_MS); 0 gives the networks' own
 * floor. Time 0 is the first call.
 */
export function theoreticalMinimum(streams: Stream[], marginMs = 0): Minimum {
  // Per key alone: every call through the key, as early as its own limits allow.
  const calls = new Map<string, { limits: WindowLimit[]; n: number }>();
  for (const s of streams) {
    for (const k of s.keys) {
      if (k.limits.length === 0) continue;
      const entry = calls.get(k.key) ?? { limits: k.limits, n: 0 };
      entry.n += s.posts;
      calls.set(k.key, entry);
    }
  }
  let lowerBoundMs = 0;
  let bindingKey = '(no limits)';
  for (const [key, { limits, n }] of calls) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(earliestOn(times, limits, times.at(-1) ?? 0, marginMs));
    const last = times.at(-1) ?? 0;
    if (last > lowerBoundMs) [lowerBoundMs, bindingKey] = [last, key];
  }

  // Jointly: repeatedly send the post (of any stream) that can go out earliest. Time never goes
  // backwards, so each key's call list stays sorted and earliestOn stays valid.
  const keyTimes = new Map<string, number[]>();
  const timesOf = (key: string) => keyTimes.get(key) ?? (keyTimes.set(key, []), keyTimes.get(key)!);
  const left = streams.map((s) => s.posts);
  const streamLastMs = new Map<string, number>();
  let clock = 0;
  for (;;) {
    let best = -1;
    let bestT = Infinity;
    streams.forEach((s, i) => {
      if (left[i]! === 0) return;
      const t = s.keys.reduce((acc, k) => earliestOn(timesOf(k.key), k.limits, acc, marginMs), clock);
      if (t < bestT) [best, bestT] = [i, t];
    });
    if (best < 0) break;
    const s = streams[best]!;
    for (const k of s.keys) timesOf(k.key).push(bestT);
    left[best] = left[best]! - 1;
    streamLastMs.set(s.name, bestT);
    clock = bestT;
  }
  return { lowerBoundMs, bindingKey, scheduleMs: clock, streamLastMs };
}
