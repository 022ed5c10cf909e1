// Rate limits shared by every worker process, with their state in PostgreSQL (rate_reservations).
// Two kinds of writes, held to different standards:
//  - admission (may this call go now?) is exact: one statement (the rate_admit function, in
//    migrations/) locks the call's keys, reads the database's clock, counts the calls admitted or made on
//    them by any process, and records the call as out if every window has room. Nothing else
//    happens under those locks, so a key every call of a bot shares is held for microseconds.
//  - bookings (when does a waiting call mean to go?) are plans, made without locks: two processes
//    may plan the same instant, and admission then sends one and lets the other wait a moment.
// Processes never talk to each other, only to the tables. See the table's comment in src/db/schema.ts.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database.js';
import { rateBlocks } from '../db/schema.js';
import { earliestSlot, pruneHorizonMs, type KeyState, type WindowLimit } from './slot-planner.js';

export interface KeyLimits {
  key: string;
  limits: WindowLimit[];
}

/** One call's identity on the limiter: its owner holds at most one booking per key. */
export interface CallRef {
  /** "publish:<post id>", "close:<post id>", "check:<random id>", … */
  owner: string;
  /** A publish booking's post: the booking counts for others only while the post still waits to go out. */
  postId?: string;
  keys: KeyLimits[];
}

/**
 * What a caller about to make a call may do now (see `turn`):
 *   now   — go: the call is recorded as out from `at` (now, or a few ms on); wait until then and call;
 *   soon  — the calls before it ran late: its booking moved to `at` (within the inline wait); ask again then;
 *   later — its booking moved to `at`, too far to wait in-process; `blockedUntil` > 0 when a network's
 *           "wait" is why.
 */
export type Turn =
  | { kind: 'now'; at: number }
  | { kind: 'soon'; at: number }
  | { kind: 'later'; at: number; blockedUntil: number };

/** `admit`'s answer: 'now' (the call is recorded as out), or not yet: the first instant the calls made allow. */
export type Admission =
  | { kind: 'now'; at: number }
  // judged: the calls it was judged against, by key (with every live booking for a background call).
  | { kind: 'not_yet'; at: number; blockedUntil: number; judged: KeyState[] };

// A waiting call asks again at its instant: one this long past it has gone, or its job has died.
const WAITING_STALE_MS = 1000;

// Statuses in which a publish booking is still a plan someone will act on.
const LIVE_POST_STATUSES = sql.raw(`('planned', 'queued', 'retry_scheduled')`);

export interface RateLimiterOptions {
  /** Extra gap on every window, for latency jitter and clock skew between processes. */
  marginMs: number;
  /** The longest a call can be out (network timeout plus grace): an unanswered call counts as "now" this long. */
  inFlightMs: number;
  /**
   * Whether admission must take advisory locks on the keys. Embedded PGlite runs one transaction
   * at a time in one process, so there is nothing to lock against there.
   */
  lockKeys: boolean;
  /**
   * A clock for tests. Without it admission reads the database's clock once it holds the keys (one
   * clock for every process, on any host), and bookings read this process's.
   */
  now?: () => number;
}

// Instants come back as epoch milliseconds: both drivers agree on numbers, not on timestamp text.
type Row = { key: string; at: number; state: string; in_flight_until: number | null };
const limited = (keys: KeyLimits[]) => keys.filter((k) => k.limits.length > 0);

export function createRateLimiter(options: RateLimiterOptions) {
  const { marginMs, inFlightMs } = options;
  const clock = options.now ?? Date.now;

  /**
   * The calls admitted or made on the keys, and every key's block; with `bookings`, also the live
   * bookings of owners other than `exclude`. One statement. An out call counts as happening now: it
   * may reach the network at any moment until answered, however late its process got it going.
   */
  async function read(tx: Db, keys: KeyLimits[], now: number, bookings: false | { exclude: string[]; aheadOf?: string }): Promise<KeyState[]> {
    const withLimits = limited(keys);
    const since = withLimits.map((k) => new Date(now - pruneHorizonMs(k.limits, marginMs)).toISOString());
    const nowTs = sql`${new Date(now).toISOString()}::timestamptz`;
    // aheadOf: only the bookings before that owner's own (all of them if it has none) — the calls
    // ahead of it in line. The ones behind it were planned after it and give way when their turn comes.
    // Ties in line go by owner, so that two calls booked for one instant are not each behind the other.
    const ahead = bookings && bookings.aheadOf !== undefined
      ? sql`and not exists (select 1 from rate_reservations mine where mine.owner = ${bookings.aheadOf}
          and mine.state = 'booked' and mine.key = r.key and (mine.at, mine.owner) < (r.at, r.owner))`
      : sql``;
    const wanted = bookings
      ? sql`(r.state <> 'booked' or (r.owner <> all(${sql.param(bookings.exclude)}::text[]) ${ahead} and (r.post_id is null or exists (
          select 1 from posts p where p.id = r.post_id and p.status in ${LIVE_POST_STATUSES} and p.hold is null))))`
      : sql`r.state <> 'booked'`;
    const result = await tx.execute(sql`
      select r.key, (extract(epoch from r.at) * 1000)::float8 as at, r.state,
             (extract(epoch from r.in_flight_until) * 1000)::float8 as in_flight_until
        from unnest(${sql.param(withLimits.map((k) => k.key))}::text[], ${sql.param(since)}::timestamptz[]) as k(key, since)
        join rate_reservations r on r.key = k.key and (r.at > k.since or r.in_flight_until > ${nowTs})
       where ${wanted}
      union all
      select b.key, (extract(epoch from b.until) * 1000)::float8, 'block', null
        from rate_blocks b where b.key = any(${sql.param(keys.map((k) => k.key))}::text[])`);
    const rows = rowsOf<Row>(result);
    const effective = (r: Row) => (r.state === 'out' && r.in_flight_until !== null && r.in_flight_until > now ? Math.max(r.at, now) : r.at);
    return keys.map((k) => ({
      key: k.key,
      limits: k.limits,
      reserved: rows.filter((r) => r.key === k.key && r.state !== 'block').map(effective),
      blockedUntil: rows.find((r) => r.key === k.key && r.state === 'block')?.at,
    }));
  }

  /** Puts the owner's booking on every limited key at `at` (moving the one it had). */
  async function setBooking(tx: Db, ref: CallRef, at: number, waiting = false): Promise<void> {
    const names = limited(ref.keys).map((k) => k.key);
    if (names.length === 0) return;
    await tx.execute(sql`insert into rate_reservations (key, at, state, owner, post_id, waiting)
      select k, ${new Date(at).toISOString()}::timestamptz, 'booked', ${ref.owner}, ${ref.postId ?? null}::uuid, ${waiting}::boolean
        from unnest(${sql.param(names)}::text[]) k
      on conflict (key, owner) where state = 'booked' do update set at = excluded.at, post_id = excluded.post_id, waiting = excluded.waiting`);
  }

  /**
   * The first instant >= `from` at which the call fits the calls it was judged against (`judged`)
   * and the calls of other owners already waiting in-process on its keys, each at the instant it was
   * told, with admission's half margin. First come, first told, as admission itself goes.
   */
  async function behindTheWaiting(tx: Db, ref: CallRef, judged: KeyState[], from: number, now: number): Promise<number> {
    const names = limited(ref.keys).map((k) => k.key);
    const rows = rowsOf<{ key: string; at: number }>(
      await tx.execute(sql`select key, (extract(epoch from at) * 1000)::float8 as at from rate_reservations
        where state = 'booked' and waiting and owner <> ${ref.owner} and key = any(${sql.param(names)}::text[])
          and at > ${new Date(now - WAITING_STALE_MS).toISOString()}::timestamptz`),
    );
    if (rows.length === 0) return from;
    const states = judged.map((k) => ({ ...k, reserved: [...k.reserved, ...rows.filter((r) => r.key === k.key).map((r) => Number(r.at))] }));
    return Math.max(from, earliestSlot(states, from, marginMs / 2));
  }

  async function release(tx: Db, owners: string[]): Promise<void> {
    if (owners.length === 0) return;
    await tx.execute(sql`delete from rate_reservations where state = 'booked' and owner = any(${sql.param(owners)}::text[])`);
  }

  /** The earliest instant >= from at which one more call fits every key with the full margin, behind every live booking. */
  const behindEveryBooking = (states: KeyState[], from: number) => earliestSlot(states, from, marginMs);

  /**
   * May the call go now? One statement (rate_admit): under the keys' locks, a publish is judged
   * against the calls admitted or made by any process, with half the margin; a background call
   * (`withBookings`) also against every live booking, with the full margin. On 'now' the call is
   * recorded as out; otherwise the calls it was judged against come back, to say when it may go.
   */
  async function judge(tx: Db, ref: CallRef, withBookings: boolean) {
    const keys = [...new Map(limited(ref.keys).map((k) => [k.key, k])).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    const margin = withBookings ? marginMs : marginMs / 2;
    const windows = keys.flatMap((k) => k.limits.map((l) => ({ key: k.key, limit: l.limit, window_ms: l.windowMs + margin })));
    const pinned = options.now ? new Date(options.now()).toISOString() : null;
    const [row] = rowsOf<{ r: { admitted: boolean; now: number; calls: Array<{ key: string; at: number }>; blocked_until: number | null } }>(
      await tx.execute(sql`select rate_admit(
        ${sql.param(ref.keys.map((k) => k.key))}::text[], ${sql.param(keys.map((k) => k.key))}::text[],
        ${sql.param(keys.map((k) => pruneHorizonMs(k.limits, marginMs)))}::float8[], ${JSON.stringify(windows)}::jsonb,
        ${ref.owner}, ${ref.postId ?? null}::uuid, ${withBookings}::boolean, ${inFlightMs}::float8,
        ${pinned}::timestamptz, ${options.lockKeys}::boolean) as r`),
    );
    const { admitted, now, calls, blocked_until: blockedUntil } = row!.r;
    if (admitted) return { now, admission: { kind: 'now', at: now } as const };
    const states: KeyState[] = ref.keys.map((k) => ({
      key: k.key,
      limits: k.limits,
      reserved: calls.filter((c) => c.key === k.key).map((c) => c.at),
      ...(blockedUntil !== null ? { blockedUntil } : {}),
    }));
    // The function's count and earliestSlot agree but for calls dated ahead of now (clock skew):
    // ask again a moment later rather than at once.
    const at = Math.max(earliestSlot(states, now, margin), now + 1);
    return { now, admission: { kind: 'not_yet', at, blockedUntil: blockedUntil ?? 0, judged: states } as const };
  }

  /**
   * A call that may not go yet: within the inline wait (and `maySoon`) its booking moves to the
   * instant it may go, to ask again then; otherwise it is booked properly, with the full margin,
   * behind the live bookings ahead of its own. `known`: the clock `judge` read, and whether it judged
   * a background call (against every live booking already).
   */
  async function wait(
    tx: Db,
    ref: CallRef,
    admission: Extract<Admission, { kind: 'not_yet' }>,
    opts: { inlineWaitMs: number; maySoon: boolean },
    known?: { now: number; background: boolean },
  ): Promise<Exclude<Turn, { kind: 'now' }>> {
    const now = known?.now ?? clock();
    const background = known?.background ?? false;
    if (opts.maySoon && admission.at <= now + opts.inlineWaitMs) {
      // Behind the calls already waiting on these keys: told only the first instant the calls made
      // leave free, calls waiting on one key all woke at once, one went, and the rest asked again
      // (VK posts in herds of three to five, up to 18 rounds each, on the 3000-post campaign:
      // BENCHMARKS.md). A background call's admission has judged every booking already.
      const at = background ? admission.at : await behindTheWaiting(tx, ref, admission.judged, admission.at, now);
      if (at <= now + opts.inlineWaitMs) {
        // A background call's wait is not one a publish should queue behind.
        await setBooking(tx, ref, at, !background);
        return { kind: 'soon', at };
      }
    }
    // A call that ran late keeps its place in line: behind the calls made and the bookings ahead of
    // its own, not behind every booking (those planned after it, maybe for tomorrow on a daily quota,
    // would otherwise push it past them).
    const line = background ? admission.judged : await read(tx, ref.keys, now, { exclude: [ref.owner], aheadOf: ref.owner });
    const later = behindEveryBooking(line, Math.max(now, admission.blockedUntil));
    await setBooking(tx, ref, later);
    return { kind: 'later', at: later, blockedUntil: admission.blockedUntil };
  }

  return {
    /**
     * Books the owner's call at the earliest instant >= `notBefore` that keeps every window legal,
     * with the full margin, against the calls admitted or made and every other live booking. A
     * second booking by the same owner moves the first: a booking belongs to its call.
     */
    async book(tx: Db, ref: CallRef, notBefore: number): Promise<number> {
      const now = clock();
      const slot = behindEveryBooking(await read(tx, ref.keys, now, { exclude: [ref.owner] }), Math.max(now, notBefore));
      await setBooking(tx, ref, slot);
      return slot;
    },

    /**
     * Books several calls at once (a campaign's posts), each behind the ones booked before it in
     * the list: one lock, one read and one write for all of them.
     */
    async bookMany(tx: Db, refs: Array<CallRef & { notBefore: number }>): Promise<number[]> {
      if (refs.length === 0) return [];
      const allKeys = [...new Map(refs.flatMap((r) => r.keys).map((k) => [k.key, k])).values()];
      const now = clock();
      const owners = [...new Set(refs.map((r) => r.owner))];
      const byKey = new Map((await read(tx, allKeys, now, { exclude: owners })).map((s) => [s.key, s]));
      const slots = refs.map((ref) => {
        const mine = ref.keys.map((k) => byKey.get(k.key)!);
        const slot = behindEveryBooking(mine, Math.max(now, ref.notBefore));
        for (const s of mine) if (s.limits.length > 0) s.reserved.push(slot);
        return slot;
      });
      await release(tx, owners);
      const rows = refs.flatMap((ref, i) =>
        limited(ref.keys).map((k) => ({ key: k.key, at: new Date(slots[i]!).toISOString(), owner: ref.owner, post_id: ref.postId ?? null })),
      );
      if (rows.length > 0) {
        await tx.execute(sql`insert into rate_reservations (key, at, state, owner, post_id)
          select key, at, 'booked', owner, post_id from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(key text, at timestamptz, owner text, post_id uuid)`);
      }
      return slots;
    },

    /**
     * Asked right before a call: may it go out now?
     *
     * A booking is a plan made earlier, with the full margin to every other booking. By the time a
     * worker gets there it may be late (a slow database, a busy process), and its neighbours may have
     * been late too. So bookings are not the test: a publish may go now when it keeps every window
     * legal against the calls admitted or made — by any process, each at its answer, or at "now"
     * while it is still out — with half the margin (arriving after its predecessor was answered, a
     * call cannot crowd it). Bookings ahead are judged the same way when their own turn comes, so a
     * late call moves the ones behind it on a little instead of being sent to the back of the line.
     *
     * `respectBookings` (checks, polling): the call must also fit between the live bookings, with the
     * full margin: it takes only what publishing leaves free.
     *
     * On 'now' the owner's call is recorded as out; otherwise its booking moves to `at`.
     * `maySoon: false` turns a short wait into `later`. Admission and the wait each commit on their
     * own when called outside a transaction.
     */
    async turn(tx: Db, ref: CallRef, opts: { inlineWaitMs: number; maySoon: boolean; respectBookings?: boolean }): Promise<Turn> {
      const background = opts.respectBookings === true;
      const { now, admission } = await judge(tx, ref, background);
      if (admission.kind === 'now') return admission;
      return wait(tx, ref, admission, opts, { now, background });
    },

    /**
     * The publish half of `turn`: on 'now' the call is recorded as out, and nothing else is written;
     * on 'not_yet' the caller records the wait with `wait`. Called outside a transaction (with the
     * pool), it commits on its own, so the keys' locks are released the moment it is decided.
     */
    async admit(tx: Db, ref: CallRef): Promise<Admission> {
      return (await judge(tx, ref, false)).admission;
    },

    /** Records a call that may not go yet: a short wait (its booking moves), or a booking behind every other. */
    async wait(tx: Db, ref: CallRef, admission: Extract<Admission, { kind: 'not_yet' }>, opts: { inlineWaitMs: number; maySoon: boolean }): Promise<Exclude<Turn, { kind: 'now' }>> {
      return wait(tx, ref, admission, opts);
    },

  /**
     * The owner's out call was answered at `answeredAt`: it reached the network at or before then. It
     * stops counting as "now" and is recorded at its answer, the latest instant it could have
     * arrived, so the calls after it keep their distance whatever stalled on the way. No lock is
     * needed: this only ever relaxes what a reader under the lock saw.
     */
    async answered(tx: Db, ref: CallRef, answeredAt: number = clock()): Promise<void> {
      const names = limited(ref.keys).map((k) => k.key);
      if (names.length === 0) return;
      // This process's clock, read as the answer came: the database's, read when this statement
      // runs, would be later by however long the process took to get here (a busy event loop),
      // and every next call on the keys would wait that much longer. The two clocks are one on a
      // single host; across hosts, half the margin covers their skew.
      await tx.execute(sql`update rate_reservations set state = 'made', at = greatest(at, ${new Date(answeredAt).toISOString()}::timestamptz), in_flight_until = null
        where owner = ${ref.owner} and state = 'out' and key = any(${sql.param(names)}::text[])`);
    },

    /** Drops the owners' bookings (calls that will not be made). */
    release,

    /**
     * The owner's call admitted at `at` will not be made after all (what it was for changed
     * meanwhile): it stops counting. Only that admission's rows: another job's call for the same
     * owner, admitted at another instant, may be on its way.
     */
    async abandon(tx: Db, ref: CallRef, at: number): Promise<void> {
      await tx.execute(sql`delete from rate_reservations where owner = ${ref.owner} and state = 'out'
        and (extract(epoch from at) * 1000)::float8 = ${at}::float8`);
    },

    /** Nothing goes through `key` before `until` (a network's retry_after, a spent quota). */
    async block(tx: Db, key: string, until: Date, reason: string): Promise<void> {
      await tx
        .insert(rateBlocks)
        .values({ key, until, reason })
        .onConflictDoUpdate({
          target: rateBlocks.key,
          set: { until: sql`greatest(${rateBlocks.until}, excluded.until)`, reason: sql`excluded.reason` },
        });
    },

    /**
     * Forgets what no window can still see: calls older than the horizon, bookings of posts that no
     * longer wait, other bookings long past (their owner gave up), and lapsed blocks.
     */
    async prune(tx: Db, now: number, horizonMs: number): Promise<void> {
      const horizon = new Date(now - horizonMs).toISOString();
      await tx.execute(sql`delete from rate_reservations r where
        (r.state <> 'booked' and r.at < ${horizon}::timestamptz and (r.in_flight_until is null or r.in_flight_until < ${new Date(now).toISOString()}::timestamptz))
        or (r.state = 'booked' and r.post_id is not null and not exists (
          select 1 from posts p where p.id = r.post_id and p.status in ${LIVE_POST_STATUSES} and p.hold is null))
        or (r.state = 'booked' and r.post_id is null and r.at < ${horizon}::timestamptz)`);
      await tx.delete(rateBlocks).where(sql`${rateBlocks.until} < ${new Date(now).toISOString()}::timestamptz`);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
