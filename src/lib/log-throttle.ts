// The same error, again and again (a lost database fails every poll and every request), is logged
// once per interval; the next line it is allowed says how many identical ones were held back.
// Distinct errors are never held back by each other.

export interface LogThrottle {
  /**
   * Calls `log(repeats)` unless the same `text` (ids and numbers aside) was logged less than the
   * interval ago; `repeats` is how many calls with it were held back since it was last logged.
   */
  (text: string, log: (repeats: number) => void): void;
}

// Messages that differ only by an id or a number are the same error (pg-boss appends each worker's
// id: "PGlite is closed (Queue: post.publish, Worker: 5c8d…)").
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
export const sameErrorKey = (message: string) => message.replace(UUID, '<id>').replace(/\d+/g, '<n>').slice(0, 500);

export function createLogThrottle(options: { intervalMs?: number; maxKeys?: number; now?: () => number } = {}): LogThrottle {
  const intervalMs = options.intervalMs ?? 10_000;
  const maxKeys = options.maxKeys ?? 500;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { loggedAt: number; heldBack: number }>();
  return (text, log) => {
    const key = sameErrorKey(text);
    const t = now();
    const entry = seen.get(key);
    if (entry && t - entry.loggedAt < intervalMs) {
      entry.heldBack++;
      return;
    }
    const repeats = entry?.heldBack ?? 0;
    seen.delete(key); // re-inserted last: the Map's order is then the order of last logging
    seen.set(key, { loggedAt: t, heldBack: 0 });
    // Errors whose text varies (ids in messages) must not grow the map forever: forget the oldest.
    if (seen.size > maxKeys) seen.delete(seen.keys().next().value!);
    log(repeats);
  };
}
