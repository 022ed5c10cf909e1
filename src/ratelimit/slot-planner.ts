// Pure slot planning for network rate limits shared by many worker processes. A worker locks the
// limit keys of a call, reads the instants already reserved on them (by any worker, past or future)
// and asks for the earliest instant >= now at which one more call fits every limit; it then stores
// that instant on every key. No I/O here, so the arithmetic can be tested exhaustively.
//
// Semantics (those of the networks and our wire fakes): a window limit allows at most `limit` calls
// in any half-open window [x, x + W). Widening W by `marginMs` absorbs latency jitter: calls that
// reach the network up to `marginMs` late still never put `limit + 1` calls in a real window.

/** At most `limit` calls in any window of length `windowMs`. */
export interface WindowLimit { limit: number; windowMs: number }

export interface KeyState {
  key: string;
  /** All limits that apply to this key, e.g. 1 per 1000 ms and 20 per 60000 ms. */
  limits: WindowLimit[];
  /** Epoch ms of reservations already made on this key, in any order; may lie in the future. */
  reserved: number[];
  /** Epoch ms before which nothing may happen on this key (a retry_after or a spent daily quota). */
  blockedUntil?: number;
}

/**
 * The earliest instant t >= now (and >= every blockedUntil) at which one more call keeps every
 * window containing t legal on every key, with windows widened by marginMs.
 *
 * For one limit, t is refused exactly when some `limit` reservations together with t fit in a span
 * shorter than W; for `limit` consecutive sorted reservations r_i..r_j that forbids the open interval
 * (r_j - W, r_i + W). So the earliest feasible t is the lower bound itself or the right end r + W of
 * one of those intervals: those are the only candidates worth testing. The largest candidate is
 * always feasible (it lies >= W past every reservation), so the search ends.
 */
export function earliestSlot(keys: KeyState[], now: number, marginMs: number): number {
  if (!Number.isFinite(now)) throw new RangeError(`now must be finite, got ${now}`);
  if (!Number.isFinite(marginMs) || marginMs < 0) throw new RangeError(`marginMs must be >= 0, got ${marginMs}`);

  let lower = now;
  const checks: { sorted: number[]; limit: number; w: number }[] = [];
  for (const k of keys) {
    if (k.blockedUntil !== undefined) {
      if (Number.isNaN(k.blockedUntil)) throw new RangeError(`${k.key}: blockedUntil is NaN`);
      lower = Math.max(lower, k.blockedUntil);
    }
    for (const r of k.reserved) if (!Number.isFinite(r)) throw new RangeError(`${k.key}: reserved time ${r} is not finite`);
    const sorted = [...k.reserved].sort((a, b) => a - b);
    for (const { limit, windowMs } of k.limits) {
      // limit 0 would never admit a call; a non-integer limit has no meaning for a call count.
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`${k.key}: limit must be an integer >= 1, got ${limit}`);
      if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`${k.key}: windowMs must be > 0, got ${windowMs}`);
      checks.push({ sorted, limit, w: windowMs + marginMs });
    }
  }
  if (!Number.isFinite(lower)) throw new RangeError(`blockedUntil ${lower} leaves no slot`);

  const candidates = [lower];
  for (const { sorted, w } of checks) for (const r of sorted) if (r + w > lower) candidates.push(r + w);
  candidates.sort((a, b) => a - b);

  for (const t of candidates) if (checks.every((c) => fits(c.sorted, c.limit, c.w, t))) return t;
  throw new Error('unreachable: the last candidate is always feasible');
}

/**
 * How far back reservations still matter: those older than now minus this can be pruned. Pass the
 * same marginMs as to earliestSlot — a reservation constrains new calls for windowMs + marginMs.
 */
export function pruneHorizonMs(limits: WindowLimit[], marginMs = 0): number {
  return limits.reduce((max, l) => Math.max(max, l.windowMs), 0) + (limits.length > 0 ? marginMs : 0);
}

/**
 * Whether t fits one limit given its sorted reservations. Only reservations in (t - W, t + W) can
 * share a window with t, and only runs of limit + 1 times that include t are judged: an existing
 * overload elsewhere (say after a limit was lowered) is not this call's to fix and must not block it.
 */
function fits(sorted: number[], limit: number, w: number, t: number): boolean {
  const lo = firstIndex(sorted, (r) => r > t - w);
  const at = firstIndex(sorted, (r) => r > t);
  const hi = firstIndex(sorted, (r) => r >= t + w);
  const times = [...sorted.slice(lo, at), t, ...sorted.slice(at, hi)];
  const p = at - lo; // index of t in times
  for (let i = Math.max(0, p - limit); i <= p && i + limit < times.length; i++) {
    if (times[i + limit]! - times[i]! < w) return false;
  }
  return true;
}

/** Binary search: the first index whose element satisfies a predicate that is monotone over sorted. */
function firstIndex(sorted: number[], pred: (r: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
