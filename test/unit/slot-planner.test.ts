import t from 'tap';
import { earliestSlot, pruneHorizonMs, type KeyState, type WindowLimit } from '../../src/ratelimit/slot-planner.js';

const NOW = 1_700_000_000_000;
const perSecond: WindowLimit = { limit: 1, windowMs: 1000 };
const perMinute: WindowLimit = { limit: 20, windowMs: 60_000 };
const botPerSecond: WindowLimit = { limit: 30, windowMs: 1000 };

const key = (k: string, limits: WindowLimit[], reserved: number[], blockedUntil?: number): KeyState =>
  blockedUntil === undefined ? { key: k, limits, reserved } : { key: k, limits, reserved, blockedUntil };

t.test('no reservations: now', async (t) => {
  t.equal(earliestSlot([], NOW, 50), NOW);
  t.equal(earliestSlot([key('chat', [perSecond, perMinute], [])], NOW, 50), NOW);
});

t.test('1/s after a call 500 ms ago waits for it to leave the widened window', async (t) => {
  t.equal(earliestSlot([key('chat', [perSecond], [NOW - 500])], NOW, 0), NOW + 500);
  t.equal(earliestSlot([key('chat', [perSecond], [NOW - 500])], NOW, 50), NOW + 550);
  t.equal(earliestSlot([key('chat', [perSecond], [NOW - 1000])], NOW, 0), NOW, 'a window is half-open');
});

t.test('no squeezing between reservations closer than two windows', async (t) => {
  t.equal(earliestSlot([key('chat', [perSecond], [NOW + 1000, NOW])], NOW, 0), NOW + 2000);
  // Two windows apart there is room in between.
  t.equal(earliestSlot([key('chat', [perSecond], [NOW, NOW + 2000])], NOW, 0), NOW + 1000);
  t.equal(earliestSlot([key('chat', [perSecond], [NOW, NOW + 2000])], NOW, 1), NOW + 3001);
});

t.test('20/min full: the next call waits for the first to leave the minute', async (t) => {
  const first = NOW - 19_500;
  const reserved = Array.from({ length: 20 }, (_, i) => first + i * 1000);
  t.equal(earliestSlot([key('chat', [perMinute], reserved)], NOW, 0), first + 60_000);
  t.equal(earliestSlot([key('chat', [perSecond, perMinute], reserved.reverse())], NOW, 25), first + 60_025);
  t.equal(earliestSlot([key('chat', [perMinute], reserved.slice(1))], NOW, 25), NOW, '19 of 20 leaves room now');
});

t.test('several keys: the slot must fit all of them', async (t) => {
  const chat = key('chat', [perSecond], [NOW - 200]);
  const bot = key('bot', [botPerSecond], Array.from({ length: 30 }, (_, i) => NOW - 900 + i));
  t.equal(earliestSlot([chat], NOW, 10), NOW + 810);
  t.equal(earliestSlot([bot], NOW, 10), NOW + 110);
  t.equal(earliestSlot([chat, bot], NOW, 10), NOW + 810);
  const busyBot = key('bot', [botPerSecond], Array.from({ length: 30 }, (_, i) => NOW - 100 + i));
  t.equal(earliestSlot([chat, busyBot], NOW, 10), NOW + 910);
});

t.test('a reservation far in the future does not block now', async (t) => {
  t.equal(earliestSlot([key('chat', [perSecond], [NOW + 10_000])], NOW, 50), NOW);
  t.equal(earliestSlot([key('chat', [perSecond], [NOW + 600])], NOW, 50), NOW + 1650, 'a near one does');
});

t.test('blockedUntil is a floor for the slot', async (t) => {
  t.equal(earliestSlot([key('chat', [perSecond], [], NOW + 5000)], NOW, 50), NOW + 5000);
  t.equal(earliestSlot([key('chat', [perSecond], [], NOW - 5000)], NOW, 50), NOW, 'a past block is over');
  // Blocked until just before a reservation: the slot moves past that reservation.
  t.equal(earliestSlot([key('chat', [perSecond], [NOW + 5500], NOW + 5000)], NOW, 0), NOW + 6500);
  // Blocked on one key holds back the call on all of them.
  t.equal(earliestSlot([key('chat', [perSecond], []), key('bot', [botPerSecond], [], NOW + 7)], NOW, 0), NOW + 7);
});

t.test('an overload among existing reservations only matters if the new call joins it', async (t) => {
  t.equal(earliestSlot([key('chat', [perSecond], [NOW - 5000, NOW - 5000])], NOW, 0), NOW);
  t.equal(earliestSlot([key('chat', [perSecond], [NOW - 100, NOW - 100])], NOW, 0), NOW + 900);
});

t.test('bad limits are refused rather than looping or returning nonsense', async (t) => {
  t.throws(() => earliestSlot([key('k', [{ limit: 0, windowMs: 1000 }], [])], NOW, 0), RangeError);
  t.throws(() => earliestSlot([key('k', [{ limit: 1.5, windowMs: 1000 }], [])], NOW, 0), RangeError);
  t.throws(() => earliestSlot([key('k', [{ limit: 1, windowMs: 0 }], [])], NOW, 0), RangeError);
  t.throws(() => earliestSlot([key('k', [perSecond], [Number.NaN])], NOW, 0), RangeError);
  t.throws(() => earliestSlot([], NOW, -1), RangeError);
  t.throws(() => earliestSlot([], Number.NaN, 0), RangeError);
});

t.test('pruneHorizonMs is the longest window (plus the margin when given)', async (t) => {
  t.equal(pruneHorizonMs([perSecond, perMinute, botPerSecond]), 60_000);
  t.equal(pruneHorizonMs([perSecond, perMinute], 50), 60_050);
  t.equal(pruneHorizonMs([]), 0);
});

// ---- property checks against the wire fakes' semantics ---------------------------------------------

/** Seeded PRNG (mulberry32) so a failure is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const CHAT_LIMITS = [perSecond, perMinute];
const BOT_LIMITS = [botPerSecond];
const MARGIN = 40;
const BOTS = ['bot:a', 'bot:b'];
const CHATS = Array.from({ length: 8 }, (_, i) => ({ chat: `chat:${i}`, bot: BOTS[i % BOTS.length]! }));
const LIMITS_OF = (k: string) => (k.startsWith('bot:') ? BOT_LIMITS : CHAT_LIMITS);

interface Call { at: number; keys: string[] }

/**
 * The fake's rule, written independently of the planner: calls arrive in time order; each key keeps
 * a log and a call is allowed iff fewer than `limit` logged calls satisfy s > at - windowMs.
 * Returns a description of each refused call.
 */
function replay(calls: Call[]): string[] {
  const log = new Map<string, number[]>();
  const refused: string[] = [];
  for (const call of [...calls].sort((a, b) => a.at - b.at)) {
    for (const k of call.keys) {
      const seen = log.get(k) ?? [];
      for (const { limit, windowMs } of LIMITS_OF(k)) {
        const inWindow = seen.filter((s) => s > call.at - windowMs).length;
        if (inWindow >= limit) refused.push(`${k} at ${call.at}: ${inWindow} in ${windowMs} ms`);
      }
      seen.push(call.at);
      log.set(k, seen);
    }
  }
  return refused;
}

/** Brute force: would one more call at c put more than `limit` calls in some window [x, x + W)? */
function wouldOverload(reserved: number[], limits: WindowLimit[], c: number, margin: number): boolean {
  return limits.some(({ limit, windowMs }) => {
    const w = windowMs + margin;
    const times = [...reserved, c];
    // A window holding c and the most calls can start at a call time in (c - W, c].
    return times.some((x) => x > c - w && x <= c && times.filter((s) => s >= x && s < x + w).length > limit);
  });
}

/** Plans `count` calls on random chats; `nowOf(i)` is the clock of the worker planning call i. */
function plan(seed: number, count: number, nowOf: (i: number, rand: () => number) => number) {
  const rand = rng(seed);
  const reserved = new Map<string, number[]>();
  const calls: Call[] = [];
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const { chat, bot } = CHATS[Math.floor(rand() * CHATS.length)]!;
    const now = nowOf(i, rand);
    // What the worker would read: reservations within the prune horizon (and all future ones).
    const state = (k: string): KeyState => {
      const horizon = now - pruneHorizonMs(LIMITS_OF(k), MARGIN);
      return key(k, LIMITS_OF(k), (reserved.get(k) ?? []).filter((r) => r >= horizon));
    };
    const keys = [state(chat), state(bot)];
    const slot = earliestSlot(keys, now, MARGIN);
    if (slot < now) problems.push(`call ${i}: slot ${slot} before now ${now}`);
    for (const k of keys) {
      if (wouldOverload(k.reserved, k.limits, slot, MARGIN)) problems.push(`call ${i}: slot ${slot} overloads ${k.key}`);
    }
    // Earliest, not just safe: one ms earlier (if still >= now) must overload some key.
    if (slot > now && !keys.some((k) => wouldOverload(k.reserved, k.limits, slot - 1, MARGIN))) {
      problems.push(`call ${i}: slot ${slot} but ${slot - 1} was free`);
    }
    for (const k of [chat, bot]) reserved.set(k, [...(reserved.get(k) ?? []), slot]);
    calls.push({ at: slot, keys: [chat, bot] });
  }
  return { calls, problems, rand };
}

/** Each call reaches the network up to MARGIN ms late: still never refused. */
const jittered = (calls: Call[], rand: () => number): Call[] =>
  calls.map((c) => ({ ...c, at: c.at + Math.floor(rand() * (MARGIN + 1)) }));

t.test('200 sequential reservations with Telegram-like limits are never refused', async (t) => {
  for (const seed of [1, 2, 3]) {
    let clock = NOW;
    const { calls, problems, rand } = plan(seed, 200, (_, r) => (clock += Math.floor(r() * 400)));
    t.same(problems, [], `seed ${seed}: every slot is safe and earliest`);
    t.same(replay(calls), [], `seed ${seed}: the fake refuses nothing`);
    t.same(replay(jittered(calls, rand)), [], `seed ${seed}: nor with latency jitter up to the margin`);
    // The limits did bite: 200 calls on 8 chats at 20/min cannot all happen in the ~40 s of clock.
    t.ok(Math.max(...calls.map((c) => c.at)) > NOW + 60_000, `seed ${seed}: calls were spread out`);
  }
});

t.test('reservations planned in random (non-chronological) order are never refused', async (t) => {
  for (const seed of [11, 12, 13]) {
    const { calls, problems, rand } = plan(seed, 200, (_, r) => NOW + Math.floor(r() * 120_000));
    t.same(problems, [], `seed ${seed}: every slot is safe and earliest`);
    t.same(replay(calls), [], `seed ${seed}: the fake refuses nothing`);
    t.same(replay(jittered(calls, rand)), [], `seed ${seed}: nor with latency jitter up to the margin`);
  }
});

t.test('the replay checker does catch an overload (so the properties above mean something)', async (t) => {
  t.same(replay([{ at: NOW, keys: ['chat:0'] }, { at: NOW + 999, keys: ['chat:0'] }]).length, 1);
  t.same(replay([{ at: NOW, keys: ['chat:0'] }, { at: NOW + 1000, keys: ['chat:0'] }]), []);
  t.ok(wouldOverload([NOW], CHAT_LIMITS, NOW + 1039, MARGIN));
  t.notOk(wouldOverload([NOW], CHAT_LIMITS, NOW + 1040, MARGIN));
});
