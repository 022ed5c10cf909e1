// The claim-time rate-limit check (RateLimiter.turn) on a real database: a call goes when it fits the
// calls already made, whatever its booking says, so a worker that reaches its slot late is neither
// sent to the back of the line nor bounced forever.
import t from 'tap';
import { inTransaction, type Database } from '../../src/db/database.js';
import { rateReservations } from '../../src/db/schema.js';
import { createRateLimiter, type KeyLimits } from '../../src/ratelimit/rate-limiter.js';
import { openTestDatabase } from '../helpers/database-lanes.js';

const MARGIN = 250;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const chat: KeyLimits = { key: 'telegram:target:@chat', limits: [{ limit: 1, windowMs: 1000 }, { limit: 20, windowMs: 60_000 }] };
const bot: KeyLimits = { key: 'telegram:account:bot', limits: [{ limit: 30, windowMs: 1000 }] };
const free: KeyLimits = { key: 'facebook:target:page', limits: [] };
const opts = { inlineWaitMs: 2000, maySoon: true };

let database: Database;
t.before(async () => {
  database = await openTestDatabase();
});
t.teardown(() => database.close());

const IN_FLIGHT = 17_000;
const limiter = createRateLimiter({ marginMs: MARGIN, inFlightMs: IN_FLIGHT });

async function reset(reserved: Array<[string, number]>) {
  await database.db.delete(rateReservations);
  if (reserved.length > 0) await database.db.insert(rateReservations).values(reserved.map(([key, at]) => ({ key, at: new Date(at), state: 'booked' as const, owner: `t:${key}:${at}:${Math.random()}` })));
}
async function reservations(key: string): Promise<number[]> {
  const rows = await database.db.select().from(rateReservations);
  return rows.filter((r) => r.key === key).map((r) => r.at.getTime()).sort((a, b) => a - b);
}
const turn = (keys: KeyLimits[], booked: number | undefined, now: number, o = opts) =>
  inTransaction(database.db, (tx) => limiter.turn(tx, keys, booked, now, o));
const answered = (keys: KeyLimits[], admittedAt: number, answeredAt: number) =>
  inTransaction(database.db, (tx) => limiter.answered(tx, keys, admittedAt, answeredAt));

t.test('late for its booking, with nobody close behind: it goes now, and its booking moves to now', async (t) => {
  const booked = NOW - 3000;
  await reset([[chat.key, NOW - 8000], [chat.key, booked]]);
  t.same(await turn([chat], booked, NOW), { kind: 'now', at: NOW });
  t.same(await reservations(chat.key), [NOW - 8000, NOW], 'the old booking is gone, the call is recorded at now');
});

t.test('bookings further ahead do not push a late call to the back of the line', async (t) => {
  // A queue on one chat booked 1.25 s apart (1/s + margin); ours was at NOW - 300, the next is 950 ms away.
  const booked = NOW - 300;
  await reset([[chat.key, NOW - 1550], [chat.key, booked], [chat.key, NOW + 950], [chat.key, NOW + 2200]]);
  t.same(await turn([chat], booked, NOW), { kind: 'now', at: NOW });
  await answered([chat], NOW, NOW);
  // The next one, when its turn comes, is judged against our real call and waits the half margin out.
  const next = await turn([chat], NOW + 950, NOW + 950);
  t.same(next, { kind: 'soon', at: NOW + 1000 + MARGIN / 2 });
  t.same(await reservations(chat.key), [NOW - 1550, NOW, NOW + 1125, NOW + 2200]);
});

t.test('a call made late ahead of us: wait in-process until it is a window and half a margin behind', async (t) => {
  await reset([[chat.key, NOW - 600]]);
  t.same(await turn([chat], NOW, NOW), { kind: 'soon', at: NOW - 600 + 1000 + MARGIN / 2 });
  t.same(await reservations(chat.key), [NOW - 600, NOW + 525]);
  t.same(await turn([chat], NOW + 525, NOW + 525), { kind: 'now', at: NOW + 525 }, 'asked again at that time: it goes');
});

t.test('without leave to wait in-process, the call is booked behind every booking, with the full margin', async (t) => {
  await reset([[chat.key, NOW - 600], [chat.key, NOW + 1500]]);
  const answer = await turn([chat], NOW, NOW, { inlineWaitMs: 2000, maySoon: false });
  t.same(answer, { kind: 'later', at: NOW + 1500 + 1000 + MARGIN, blockedUntil: 0 });
  t.same(await reservations(chat.key), [NOW - 600, NOW + 1500, NOW + 2750]);
});

t.test('a full minute window: later, at the first instant the minute allows', async (t) => {
  // 20 calls in the last minute, 3 s apart; the oldest leaves the widened window at -57 s + 60.25 s.
  const made = Array.from({ length: 20 }, (_, i) => NOW - 57_000 + i * 3000);
  await reset(made.map((at) => [chat.key, at] as [string, number]));
  const answer = await turn([chat], undefined, NOW);
  t.same(answer, { kind: 'later', at: NOW - 57_000 + 60_000 + MARGIN, blockedUntil: 0 });
});

t.test("a network's block beats any booking", async (t) => {
  await reset([]);
  await inTransaction(database.db, (tx) => limiter.block(tx, bot.key, new Date(NOW + 30_000), 'retry_after 30'));
  const answer = await turn([chat, bot], NOW, NOW);
  t.same(answer, { kind: 'later', at: NOW + 30_000, blockedUntil: NOW + 30_000 });
});

t.test('keys without limits: always now, and nothing is recorded', async (t) => {
  await reset([]);
  for (const lateBy of [0, 500, 60_000]) t.same(await turn([free], NOW - lateBy, NOW), { kind: 'now', at: NOW });
  t.same(await reservations(free.key), []);
});

t.test('many late workers on one chat: every call goes, none closer than a window and half a margin', async (t) => {
  // Ten posts booked 1.25 s apart; the workers arrive up to 600 ms late (past half the margin, where
  // the old rule sent the post back in line, for ever under load). Each asks again when told to.
  const lateness = [400, 0, 600, 100, 550, 0, 300, 600, 50, 450];
  await reset([]);
  const booked = Array.from({ length: 10 }, (_, i) => NOW + i * 1250);
  await database.db.insert(rateReservations).values(booked.map((at) => ({ key: chat.key, at: new Date(at), state: 'booked' as const, owner: `t:${at}` })));
  const sent: number[] = [];
  for (const [i, slot] of booked.entries()) {
    let at = slot;
    let now = slot + lateness[i]!;
    for (let round = 0; round < 5; round++) {
      const answer = await turn([chat], at, now);
      if (answer.kind === 'now') {
        await answered([chat], answer.at, answer.at);
        break;
      }
      t.equal(answer.kind, 'soon', 'a short wait, never the back of the line');
      at = answer.at;
      now = answer.at;
    }
    sent.push(Math.max(at, now));
  }
  t.equal(sent.length, 10);
  for (let i = 1; i < sent.length; i++) t.ok(sent[i]! - sent[i - 1]! >= 1000 + MARGIN / 2, `gap ${i}: ${sent[i]! - sent[i - 1]!} ms`);
  for (const [i, at] of sent.entries()) t.ok(at - booked[i]! <= 600, `call ${i} is ${at - booked[i]!} ms after its booking: lateness does not pile up`);
});

t.test('a call answered late counts from its answer: a stall on the way cannot bunch the next call', async (t) => {
  await reset([]);
  t.same(await turn([chat], undefined, NOW), { kind: 'now', at: NOW });
  // The process (or the wire) stalled: the answer came 600 ms after admission.
  await answered([chat], NOW, NOW + 600);
  t.same(await reservations(chat.key), [NOW + 600]);
  // The next call, booked 1.25 s after the first, keeps a window and half a margin from the answer.
  t.same(await turn([chat], undefined, NOW + 1250), { kind: 'soon', at: NOW + 600 + 1000 + MARGIN / 2 });
});

t.test('a call still out counts as happening now: the next waits for its answer; a dead worker stops counting', async (t) => {
  await reset([]);
  t.same(await turn([chat], undefined, NOW), { kind: 'now', at: NOW });
  // 1.5 s on and unanswered: it may reach the network any moment, so the next call keeps its distance from now.
  t.same(await turn([chat], undefined, NOW + 1500), { kind: 'soon', at: NOW + 1500 + 1000 + MARGIN / 2 });
  await reset([]);
  t.same(await turn([chat], undefined, NOW), { kind: 'now', at: NOW });
  // Its worker died: once a call can no longer be out, it counts at the instant it was admitted.
  t.same(await turn([chat], undefined, NOW + IN_FLIGHT + 1), { kind: 'now', at: NOW + IN_FLIGHT + 1 });
});
