// The deadline of one exchange with a network (NETWORK_TIMEOUT_MS): one clock for connecting,
// writing, waiting and reading, that aborts the exchange when it runs out.
//
// It measures the network's slowness, not ours. When this process is blocked (a saturated thread:
// embedded PGlite, a CPU-bound neighbour), a reply can sit unread in the socket while a wall clock
// runs out, and a healthy call would become 'unknown', a post for a person to check. So the clock
// advances in ticks, and a tick that comes far later than asked counts as two ticks at most: time
// spent blocked is (mostly) not charged to the network. Two guards keep it a real bound:
//  - whatever the stalls, the deadline fires by MAX_STRETCH × timeout of wall time, so a caller can
//    size what depends on a call's length (a job's expiry) from the timeout;
//  - when it runs out, it fires only after the event loop has handled pending I/O once
//    (setImmediate runs after the poll phase), so a reply that did arrive in time is read first.

// The longest a call can last, as a multiple of its timeout, however blocked this process is.
export const MAX_STRETCH = 2;
const MIN_TICK_MS = 25;
const MAX_TICK_MS = 500;

export interface Deadline {
  signal: AbortSignal;
  // Resolves when the deadline runs out (never, once cancelled).
  expired: Promise<'expired'>;
  cancel(): void;
}

export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const expired = new Promise<'expired'>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve('expired'), { once: true }),
  );
  const tick = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.round(timeoutMs / 20)));
  const started = performance.now();
  let last = started;
  let left = timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const expire = () => controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  const step = () => {
    const now = performance.now();
    left -= Math.min(now - last, 2 * tick);
    last = now;
    if (left <= 0 || now - started >= timeoutMs * MAX_STRETCH) {
      immediate = setImmediate(expire);
      return;
    }
    timer = setTimeout(step, Math.min(tick, left));
  };
  timer = setTimeout(step, Math.min(tick, left));

  return {
    signal: controller.signal,
    expired,
    cancel() {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
