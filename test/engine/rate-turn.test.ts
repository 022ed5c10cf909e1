// The shared rate limiter on a real database: a call goes when it fits the calls admitted or made
// (by any process), whatever its booking says; bookings belong to their owner and count only while
// their post still waits; the clock is read once the keys are locked; checks take only what
// publishing leaves free.
import t from 'tap';
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Database, type Db } from '../../src/db/database.js';
import { rateReservations } from '../../src/db/schema.js';
import { createRateLimiter, type CallRef, type KeyLimits } from '../../src/ratelimit/rate-limiter.js';
import { currentLane, openTestDatabase } from '../helpers/database-lanes.js';

const MARGIN = 250;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const chat: KeyLimits = { key: 'telegram:target:@chat', limits: [{ limit: 1, windowMs: 1000 }, { limit: 20, windowMs: 60_000 }] };
const bot: KeyLimits = { key: 'telegram:account:bot', limits: [{ limit: 30, windowMs: 1000 }] };
const quota: KeyLimits = { key: 'vk:posts:token', limits: [{ limit: 3, windowMs: 86_400_000 }] };
const free: KeyLimits = { key: 'facebook:target:page', limits: [] };
const opts = { inlineWaitMs: 2000, maySoon: true };
const IN_FLIGHT = 17_000;

let database: Database;
t.before(async () => {
  database = await openTestDatabase();
});
t.teardown(() => database.close());

// The limiter reads this clock once it holds the keys; each test sets it.
let clock = NOW;
const limiter = createRateLimiter({ marginMs: MARGIN, inFlightMs: IN_FLIGHT, lockKeys: currentLane() === 'postgres', now: () => clock });

type Row = { key: string; at: number; state: 'booked' | 'out' | 'made'; owner?: string; postId?: string; inFlightUntil?: number };
async function reset(rows: Row[]) {
  await database.db.delete(rateReservations);
  if (rows.length === 0) return;
  await database.db.insert(rateReservations).values(
    rows.map((r, i) => ({
      key: r.key,
      at: new Date(r.at),
      state: r.state,
      owner: r.owner ?? `seed:${i}`,
      postId: r.postId ?? null,
      inFlightUntil: r.inFlightUntil === undefined ? null : new Date(r.inFlightUntil),
    })),
  );
}
const made = (key: string, at: number): Row => ({ key, at, state: 'made' });
const booking = (key: string, at: number, owner = `other:${at}`): Row => ({ key, at, state: 'booked', owner });

async function rows(key: string) {
  const all = await database.db.select().from(rateReservations);
  return all
    .filter((r) => r.key === key)
    .map((r) => ({ at: r.at.getTime(), state: r.state, owner: r.owner }))
    .sort((a, b) => a.at - b.at);
}
const times = async (key: string) => (await rows(key)).map((r) => r.at);
const ref = (owner: string, ...keys: KeyLimits[]): CallRef => ({ owner, keys });
const turn = (r: CallRef, now: number, o: Parameters<typeof limiter.turn>[2] = opts) => {
  clock = now;
  return inTransaction(database.db, (tx) => limiter.turn(tx, r, o));
};
const answered = (r: CallRef, at: number) => {
  clock = at;
  return inTransaction(database.db, (tx) => limiter.answered(tx, r));
};
const book = (r: CallRef, now: number, notBefore = now) => {
  clock = now;
  return inTransaction(database.db, (tx) => limiter.book(tx, r, notBefore));
};

t.test('late for its booking, with nobody close behind: it goes now, and its booking becomes the call', async (t) => {
  await reset([made(chat.key, NOW - 8000), booking(chat.key, NOW - 3000, 'mine')]);
  t.same(await turn(ref('mine', chat), NOW), { kind: 'now', at: NOW });
  t.same(await rows(chat.key), [
    { at: NOW - 8000, state: 'made', owner: 'seed:0' },
    { at: NOW, state: 'out', owner: 'mine' },
  ]);
});

t.test('bookings of others ahead do not hold a call back: only calls admitted or made do', async (t) => {
  await reset([made(chat.key, NOW - 1550), booking(chat.key, NOW - 300, 'mine'), booking(chat.key, NOW + 950), booking(chat.key, NOW + 2200)]);
  t.same(await turn(ref('mine', chat), NOW), { kind: 'now', at: NOW });
  await answered(ref('mine', chat), NOW);
  // The next one, when its turn comes, is judged against our real call and waits the half margin out.
  t.same(await turn(ref(`other:${NOW + 950}`, chat), NOW + 950), { kind: 'soon', at: NOW + 1000 + MARGIN / 2 });
  t.same(await times(chat.key), [NOW - 1550, NOW, NOW + 1125, NOW + 2200], 'its booking moved, nobody gained a second one');
});

t.test('a call made late ahead of us: wait in-process until it is a window and half a margin behind', async (t) => {
  await reset([made(chat.key, NOW - 600)]);
  t.same(await turn(ref('mine', chat), NOW), { kind: 'soon', at: NOW - 600 + 1000 + MARGIN / 2 });
  t.same(await turn(ref('mine', chat), NOW + 525), { kind: 'now', at: NOW + 525 }, 'asked again at that time: it goes');
  t.same((await rows(chat.key)).map((r) => r.state), ['made', 'out'], 'one row for the call, none left for its booking');
});

t.test('without leave to wait in-process, the call is booked behind every booking, with the full margin', async (t) => {
  await reset([made(chat.key, NOW - 600), booking(chat.key, NOW + 1500)]);
  t.same(await turn(ref('mine', chat), NOW, { inlineWaitMs: 2000, maySoon: false }), { kind: 'later', at: NOW + 1500 + 1000 + MARGIN, blockedUntil: 0 });
  t.same(await times(chat.key), [NOW - 600, NOW + 1500, NOW + 2750]);
});

t.test('a call that ran late keeps its place in line: the bookings planned after it (tomorrow, on a daily quota) do not push it back', async (t) => {
  const DAY = 86_400_000;
  // Today: one call made (late: it was planned for -9 s and went at -5 s), one booking ahead of
  // ours, ours (due -2 s, late). Tomorrow: a booking planned against today's plan, so it sits less
  // than a day after the late call. Our chat had a call 600 ms ago, and we may not wait in-process.
  await reset([
    made(quota.key, NOW - 5000),
    booking(quota.key, NOW - 3000, 'publish:ahead'),
    booking(quota.key, NOW - 2000, 'mine'),
    booking(quota.key, NOW - 9000 + DAY + MARGIN, 'publish:tomorrow'),
    made(chat.key, NOW - 600),
  ]);
  const later = await turn(ref('mine', chat, quota), NOW, { inlineWaitMs: 2000, maySoon: false });
  t.same(later, { kind: 'later', at: NOW - 600 + 1000 + MARGIN, blockedUntil: 0 }, 'today, as soon as its chat allows: third of three today');
  t.same(
    (await rows(quota.key)).map((r) => [r.at - NOW, r.owner]),
    [[-5000, 'seed:0'], [-3000, 'publish:ahead'], [650, 'mine'], [DAY + MARGIN - 9000, 'publish:tomorrow']],
    'its booking moved on a little; the one behind it gives way when its own turn comes',
  );
  // Without a booking of its own (a job that lost it), every live booking is ahead of it.
  await reset([made(quota.key, NOW - 5000), booking(quota.key, NOW - 3000, 'publish:ahead'), booking(quota.key, NOW - 9000 + DAY + MARGIN, 'publish:tomorrow'), made(chat.key, NOW - 600)]);
  const behind = await turn(ref('mine', chat, quota), NOW, { inlineWaitMs: 2000, maySoon: false });
  t.ok(behind.kind === 'later' && behind.at > NOW + DAY / 2, 'behind every booking, tomorrow');
});

t.test('a full minute window: later, at the first instant the minute allows', async (t) => {
  // 20 calls in the last minute, 3 s apart; the oldest leaves the widened window at -57 s + 60.25 s.
  await reset(Array.from({ length: 20 }, (_, i) => made(chat.key, NOW - 57_000 + i * 3000)));
  t.same(await turn(ref('mine', chat), NOW), { kind: 'later', at: NOW - 57_000 + 60_000 + MARGIN, blockedUntil: 0 });
});

t.test("a network's block beats any booking", async (t) => {
  await reset([]);
  await inTransaction(database.db, (tx) => limiter.block(tx, bot.key, new Date(NOW + 30_000), 'retry_after 30'));
  t.same(await turn(ref('mine', chat, bot), NOW), { kind: 'later', at: NOW + 30_000, blockedUntil: NOW + 30_000 });
  await database.db.execute(sql`delete from rate_blocks`);
});

t.test('keys without limits: always now, and nothing is recorded', async (t) => {
  await reset([]);
  for (const at of [NOW, NOW + 500, NOW + 60_000]) t.same(await turn(ref('mine', free), at), { kind: 'now', at });
  t.same(await rows(free.key), []);
});

t.test('many late workers on one chat: every call goes, none closer than a window and half a margin', async (t) => {
  // Ten posts booked 1.25 s apart; the workers arrive up to 600 ms late. Each asks again when told to.
  const lateness = [400, 0, 600, 100, 550, 0, 300, 600, 50, 450];
  const booked = Array.from({ length: 10 }, (_, i) => NOW + i * 1250);
  await reset(booked.map((at, i) => booking(chat.key, at, `post:${i}`)));
  const sent: number[] = [];
  for (const [i, slot] of booked.entries()) {
    let now = slot + lateness[i]!;
    for (let round = 0; round < 5; round++) {
      const answer = await turn(ref(`post:${i}`, chat), now);
      if (answer.kind === 'now') {
        await answered(ref(`post:${i}`, chat), answer.at);
        sent.push(answer.at);
        break;
      }
      t.equal(answer.kind, 'soon', 'a short wait, never the back of the line');
      now = answer.at;
    }
  }
  t.equal(sent.length, 10);
  for (let i = 1; i < sent.length; i++) t.ok(sent[i]! - sent[i - 1]! >= 1000 + MARGIN / 2, `gap ${i}: ${sent[i]! - sent[i - 1]!} ms`);
  for (const [i, at] of sent.entries()) t.ok(at - booked[i]! <= 600, `call ${i} is ${at - booked[i]!} ms after its booking: lateness does not pile up`);
});

t.test('calls waiting on one key are each told their own instant: first come, first told', async (t) => {
  // A token's 3 calls a second are taken (answered a little late); three posts booked for now ask
  // one after the other. Told only the first instant the calls made leave free, all three would
  // wake together, one would go, and the others would ask again, and again.
  const token: KeyLimits = { key: 'vk:account:token', limits: [{ limit: 3, windowMs: 1000 }] };
  await reset([made(token.key, NOW - 200), made(token.key, NOW - 150), made(token.key, NOW - 100), ...['a', 'b', 'c'].map((o) => booking(token.key, NOW, `publish:${o}`))]);
  const told: number[] = [];
  for (const o of ['a', 'b', 'c']) {
    const answer = await turn(ref(`publish:${o}`, token), NOW);
    t.equal(answer.kind, 'soon', `${o} waits in-process`);
    told.push(answer.kind === 'soon' ? answer.at - NOW : NaN);
  }
  t.same(told, [-200 + 1125, -150 + 1125, -100 + 1125], 'each behind the one told before it, a window and half a margin after the call it replaces');
  for (const [i, o] of ['a', 'b', 'c'].entries()) {
    t.same(await turn(ref(`publish:${o}`, token), NOW + told[i]!), { kind: 'now', at: NOW + told[i]! }, `${o} goes at its instant, in one round`);
  }
  // A check waiting on the key (a background call) is not a wait a post queues behind.
  await reset([made(token.key, NOW - 200), made(token.key, NOW - 150), made(token.key, NOW - 100)]);
  const check = await turn(ref('check:1', token), NOW, { ...opts, respectBookings: true });
  t.equal(check.kind, 'soon');
  t.same(await turn(ref('publish:a', token), NOW), { kind: 'soon', at: NOW - 200 + 1125 }, 'the post is told the first free instant');
});

t.test('a call answered late counts from its answer: a stall on the way cannot bunch the next call', async (t) => {
  await reset([]);
  t.same(await turn(ref('first', chat), NOW), { kind: 'now', at: NOW });
  // The process (or the wire) stalled: the answer came 600 ms after admission.
  await answered(ref('first', chat), NOW + 600);
  t.same(await rows(chat.key), [{ at: NOW + 600, state: 'made', owner: 'first' }]);
  t.same(await turn(ref('next', chat), NOW + 1250), { kind: 'soon', at: NOW + 600 + 1000 + MARGIN / 2 });
});

t.test('a call still out counts as happening now: the next waits for its answer; a dead worker stops counting', async (t) => {
  await reset([]);
  t.same(await turn(ref('first', chat), NOW), { kind: 'now', at: NOW });
  // 1.5 s on and unanswered: it may reach the network any moment, so the next call keeps its distance from now.
  t.same(await turn(ref('next', chat), NOW + 1500), { kind: 'soon', at: NOW + 1500 + 1000 + MARGIN / 2 });
  await reset([]);
  t.same(await turn(ref('first', chat), NOW), { kind: 'now', at: NOW });
  // Its worker died: once a call can no longer be out, it counts at the instant it was admitted.
  t.same(await turn(ref('next', chat), NOW + IN_FLIGHT + 1), { kind: 'now', at: NOW + IN_FLIGHT + 1 });
});

t.test('a call answered while we waited for the keys is counted, whatever the clocks say', async (t) => {
  // Another worker holds the chat: its call went out at NOW and is answered at NOW + 100, in the
  // transaction we wait behind. We asked at NOW + 50 and got the keys at NOW + 150. The limiter that
  // compared reservations with a clock read before the lock took the answer at NOW + 100 for a
  // future booking and ignored it: two calls 50 ms apart on one chat (issue 8, two workers).
  await reset([]);
  const a = ref('worker-a', chat);
  const b = ref('worker-b', chat);
  let releaseA!: () => void;
  const aHolds = new Promise<void>((r) => (releaseA = r));
  let aTurned!: () => void;
  const aTurnedP = new Promise<void>((r) => (aTurned = r));
  const first = inTransaction(database.db, async (tx: Db) => {
    clock = NOW;
    const answer = await limiter.turn(tx, a, opts);
    aTurned();
    await aHolds;
    await limiter.answered(tx, a);
    return answer;
  });
  await aTurnedP;
  clock = NOW + 50;
  const second = inTransaction(database.db, (tx) => limiter.turn(tx, b, opts));
  await new Promise((r) => setTimeout(r, 100));
  clock = NOW + 100;
  releaseA();
  t.same(await first, { kind: 'now', at: NOW });
  t.same(await second, { kind: 'soon', at: NOW + 100 + 1000 + MARGIN / 2 }, 'judged at the instant it got the keys');
});

t.test('concurrent turns on one chat: exactly one goes, the others keep their distance', async (t) => {
  await reset([]);
  clock = NOW;
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => inTransaction(database.db, (tx) => limiter.turn(tx, ref(`w${i}`, chat, bot), opts))),
  );
  t.equal(answers.filter((a) => a.kind === 'now').length, 1, JSON.stringify(answers));
  t.equal((await rows(chat.key)).filter((r) => r.state === 'out').length, 1);
});

t.test('an abandoned admission drops its own row only: another job for the same owner may be on its way', async (t) => {
  await reset([]);
  // The database's own clock (microseconds), as in production: the admission's instant names its row.
  const live = createRateLimiter({ marginMs: MARGIN, inFlightMs: IN_FLIGHT, lockKeys: currentLane() === 'postgres' });
  const mine = ref('publish:p', bot);
  const first = await live.admit(database.db, mine);
  const second = await live.admit(database.db, mine);
  t.ok(first.kind === 'now' && second.kind === 'now', 'two jobs of one post admitted (a rerun beside its first run)');
  if (first.kind !== 'now' || second.kind !== 'now') return;
  await live.abandon(database.db, mine, second.at);
  const left = await database.db.select().from(rateReservations);
  t.equal(left.length, 1, "the second job's row is gone");
  t.equal(left[0]!.at.getTime(), Math.floor(first.at), "the first job's call still counts");
});

t.test('a booking belongs to its owner: booking again moves it, and a quota counts it once', async (t) => {
  await reset([]);
  const mine = ref('publish:a', quota);
  const first = await book(mine, NOW);
  t.equal(first, NOW);
  // The job ran again (a crash, a duplicate): it books again instead of adding a second booking.
  t.equal(await book(mine, NOW + 10), NOW + 10);
  t.same(await rows(quota.key), [{ at: NOW + 10, state: 'booked', owner: 'publish:a' }]);
  // Two more owners fit the 3-a-day quota today; a fourth is pushed to tomorrow.
  t.equal(await book(ref('publish:b', quota), NOW + 20), NOW + 20);
  t.equal(await book(ref('publish:c', quota), NOW + 30), NOW + 30);
  t.equal(await book(ref('publish:d', quota), NOW + 40), NOW + 10 + 86_400_000 + MARGIN);
});

t.test("bookings of posts that no longer wait do not count; other owners' bookings do", async (t) => {
  // Two bookings for posts that do not exist (cancelled and deleted, say) and one of a check.
  await reset([
    { key: quota.key, at: NOW, state: 'booked', owner: 'publish:gone1', postId: '00000000-0000-7000-8000-000000000001' },
    { key: quota.key, at: NOW + 10, state: 'booked', owner: 'publish:gone2', postId: '00000000-0000-7000-8000-000000000002' },
    booking(quota.key, NOW + 20, 'check:x'),
  ]);
  t.equal(await book(ref('publish:a', quota), NOW), NOW, 'the dead bookings leave room today');
  t.equal(await book(ref('publish:b', quota), NOW), NOW, 'a second one fits too: two live bookings of three');
  t.equal(await book(ref('publish:c', quota), NOW), NOW + 86_400_000 + MARGIN, 'the live ones (two posts and the check) fill the quota');
});

t.test('booking many at once: each behind the ones before it, with one lock and one write', async (t) => {
  await reset([made(chat.key, NOW - 500)]);
  clock = NOW;
  const slots = await inTransaction(database.db, (tx) =>
    limiter.bookMany(tx, [0, 1, 2].map((i) => ({ ...ref(`publish:${i}`, chat, bot), notBefore: NOW }))),
  );
  t.same(slots, [NOW + 750, NOW + 2000, NOW + 3250]);
  t.same((await rows(bot.key)).map((r) => r.owner), ['publish:0', 'publish:1', 'publish:2']);
});

t.test('checks take only what publishing leaves free; a publish ignores their plans but not their calls', async (t) => {
  // Posts booked on a token's key: a check must fit between them with the full margin.
  const tight: KeyLimits = { key: 'vk:account:token', limits: [{ limit: 1, windowMs: 1000 }] };
  const background = { inlineWaitMs: 10_000, maySoon: true, respectBookings: true };
  await reset([booking(tight.key, NOW + 500, 'publish:1'), booking(tight.key, NOW + 1750, 'publish:2'), booking(tight.key, NOW + 4500, 'publish:3')]);
  t.same(await turn(ref('check:1', tight), NOW, background), { kind: 'soon', at: NOW + 1750 + 1250 }, 'the first gap wide enough is after the second post');
  // A publish due now goes now whatever the check booked.
  t.same(await turn(ref('publish:1', tight), NOW + 500), { kind: 'now', at: NOW + 500 });
  await answered(ref('publish:1', tight), NOW + 600);
  t.same(await turn(ref('check:1', tight), NOW + 3000, background), { kind: 'now', at: NOW + 3000 });
  await answered(ref('check:1', tight), NOW + 3100);
  // The check's call, once made, counts for the next publish like any other call.
  t.same(await turn(ref('publish:3', tight), NOW + 3500), { kind: 'soon', at: NOW + 3100 + 1000 + MARGIN / 2 });
});

t.test('prune forgets old calls and dead bookings, keeps what a window still sees', async (t) => {
  await reset([
    made(chat.key, NOW - 2 * 86_400_000),
    made(chat.key, NOW - 1000),
    { key: quota.key, at: NOW + 5000, state: 'booked', owner: 'publish:gone', postId: '00000000-0000-7000-8000-000000000003' },
    booking(quota.key, NOW - 2 * 86_400_000, 'check:stale'),
    booking(quota.key, NOW + 5000, 'check:live'),
  ]);
  await inTransaction(database.db, (tx) => limiter.prune(tx, NOW, 26 * 3600_000));
  const left = rowsOf<{ owner: string }>(await database.db.execute(sql`select owner from rate_reservations order by owner`)).map((r) => r.owner);
  t.same(left, ['check:live', 'seed:1']);
});
