// Rate limits shared by every worker process, with their state in PostgreSQL: a worker locks the
// keys a call passes through, reads what other workers reserved, and reserves the earliest legal
// instant on all of them in one transaction. Processes never talk to each other, only to the table.
import { randomUUID } from 'node:crypto';
import { and, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { rateBlocks, rateReservations } from '../db/schema.js';
import { earliestSlot, pruneHorizonMs, type KeyState, type WindowLimit } from './slot-planner.js';

export interface KeyLimits {
  key: string;
  limits: WindowLimit[];
}

/**
 * What a caller about to make a call may do now (see `turn`):
 *   now   — go; its booking sits at `at` (now, or a few ms on), so wait until then and call;
 *   soon  — the calls before it ran late: its booking moved to `at` (within the inline wait); ask again then;
 *   later — its booking moved to `at`, too far to wait in-process; `blockedUntil` > 0 when a network's
 *           "wait" is why.
 */
export type Turn =
  | { kind: 'now'; at: number }
  | { kind: 'soon'; at: number }
  | { kind: 'later'; at: number; blockedUntil: number };

// A call judged legal this close ahead is waited for rather than asked again.
const NOW_SLACK_MS = 20;

export interface RateLimiterOptions {
  /** Extra gap on every window, for latency jitter and clock skew between processes. */
  marginMs: number;
  /** The longest a call can be out (network timeout plus grace): an unanswered call counts as "now" this long. */
  inFlightMs: number;
}

export function createRateLimiter(options: RateLimiterOptions) {
  const { marginMs, inFlightMs } = options;

  /**
   * Locks the keys that have limits (until `tx` ends, so a reservation made in the same transaction
   * cannot be raced) and reads their reservations and every key's block. A call still out counts as
   * happening now: it may reach the network at any moment, however late its process got it going.
   */
  async function readKeys(tx: Db, keys: KeyLimits[], now: number): Promise<KeyState[]> {
    // A key without limits never gets a reservation: locking it would only serialise unrelated calls.
    const limited = [...new Set(keys.filter((k) => k.limits.length > 0).map((k) => k.key))].sort();
    // Sorted, so two workers locking overlapping sets never wait on each other in a cycle.
    for (const name of limited) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 7))`);
    const horizon = Math.max(0, ...keys.map((k) => pruneHorizonMs(k.limits, marginMs)));
    const [reserved, blocks] = await Promise.all([
      limited.length === 0
        ? []
        : tx
            .select({ key: rateReservations.key, at: rateReservations.at, inFlightUntil: rateReservations.inFlightUntil })
            .from(rateReservations)
            .where(
              and(
                inArray(rateReservations.key, limited),
                or(gt(rateReservations.at, new Date(now - horizon)), gt(rateReservations.inFlightUntil, new Date(now))),
              ),
            ),
      tx.select().from(rateBlocks).where(inArray(rateBlocks.key, keys.map((k) => k.key))),
    ]);
    const effective = (r: (typeof reserved)[number]) =>
      r.inFlightUntil && r.inFlightUntil.getTime() > now ? Math.max(r.at.getTime(), now) : r.at.getTime();
    return keys.map((k) => ({
      key: k.key,
      limits: k.limits,
      reserved: reserved.filter((r) => r.key === k.key).map(effective),
      blockedUntil: blocks.find((b) => b.key === k.key)?.until.getTime(),
    }));
  }

  async function move(tx: Db, keys: KeyLimits[], from: number | undefined, to: number, inFlightUntil?: number): Promise<void> {
    if (from !== undefined) await release(tx, keys, from);
    await reserve(tx, keys, to, inFlightUntil);
  }

  async function reserve(tx: Db, keys: KeyLimits[], at: number, inFlightUntil?: number): Promise<void> {
    const rows = keys
      .filter((k) => k.limits.length > 0)
      .map((k) => ({
        key: k.key,
        at: new Date(at),
        // Interim: states and owners are not read yet (the limiter that uses them replaces this).
        state: (inFlightUntil === undefined ? 'booked' : 'out') as 'booked' | 'out',
        owner: `interim:${randomUUID()}`,
        inFlightUntil: inFlightUntil === undefined ? null : new Date(inFlightUntil),
      }));
    if (rows.length > 0) await tx.insert(rateReservations).values(rows);
  }

  async function release(tx: Db, keys: KeyLimits[], at: number): Promise<void> {
    for (const k of keys.filter((key) => key.limits.length > 0)) {
      await tx.execute(
        sql`delete from rate_reservations where ctid in (select ctid from rate_reservations where key = ${k.key} and at = ${new Date(at)} limit 1)`,
      );
    }
  }

  return {
    /** The earliest instant (epoch ms, >= now) one more call fits every key, with the full margin. */
    async earliest(tx: Db, keys: KeyLimits[], now: number): Promise<number> {
      return earliestSlot(await readKeys(tx, keys, now), now, marginMs);
    },

    /**
     * Asked right before a call that booked `booked` (or nothing): may it go out now?
     *
     * A booking is a plan made earlier, with the full margin to every other booking. By the time a
     * worker gets there it may be late (a slow database, a busy process), and its neighbours may have
     * been late too. So the booking itself is not the test: a call may go now when it keeps every
     * window legal against the calls already made — reservations at or before now, ours excluded,
     * each at its answer, or at "now" while it is still out — with half the margin (clock skew
     * between processes; arriving after its predecessor was answered, a call cannot crowd it).
     * Bookings still ahead are not ours to respect here: each is judged the same way when its own
     * turn comes, so a late call moves the ones behind it on a little instead of being sent to the
     * back of the line, and a late worker can never cycle.
     *
     * Our booking is moved to the answer in `tx` (marked out, on 'now'). `maySoon: false` turns a
     * short wait into `later`.
     */
    async turn(tx: Db, keys: KeyLimits[], booked: number | undefined, now: number, opts: { inlineWaitMs: number; maySoon: boolean }): Promise<Turn> {
      const states = await readKeys(tx, keys, now);
      const withoutOurs = (reserved: number[]) => {
        const i = booked === undefined ? -1 : reserved.indexOf(booked);
        return i < 0 ? reserved : [...reserved.slice(0, i), ...reserved.slice(i + 1)];
      };
      // A call admitted a few ms ahead (NOW_SLACK_MS) is as good as made.
      const made = states.map((s) => ({ ...s, reserved: withoutOurs(s.reserved).filter((at) => at <= now + NOW_SLACK_MS) }));
      const at = earliestSlot(made, now, marginMs / 2);
      if (at <= now + NOW_SLACK_MS) {
        // Out from now until answered (see `answered`), or until it cannot be out any more.
        await move(tx, keys, booked, at, at + inFlightMs);
        return { kind: 'now', at };
      }
      if (opts.maySoon && at <= now + opts.inlineWaitMs) {
        await move(tx, keys, booked, at);
        return { kind: 'soon', at };
      }
      // Too far to wait in a worker: book properly, behind every booking already made.
      const full = states.map((s) => ({ ...s, reserved: withoutOurs(s.reserved) }));
      const later = earliestSlot(full, now, marginMs);
      await move(tx, keys, booked, later);
      return { kind: 'later', at: later, blockedUntil: Math.max(0, ...states.map((s) => s.blockedUntil ?? 0)) };
    },

    /**
     * The call admitted at `admittedAt` was answered at `answeredAt`: it reached the network somewhere
     * in between. It stops counting as "now" and is recorded at its answer, the latest instant it
     * could have arrived, so the calls after it keep their distance whatever stalled on the way.
     */
    async answered(tx: Db, keys: KeyLimits[], admittedAt: number, answeredAt: number): Promise<void> {
      await move(tx, keys, admittedAt, Math.max(admittedAt, answeredAt));
    },

    /** Records a call at `at` on every key that has a limit. */
    reserve,

    /** Gives back one reservation per key made at `at` (a booking that will not be used). */
    release,

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

    /** Forgets reservations no window can still see, and lapsed blocks. */
    async prune(tx: Db, now: number, horizonMs: number): Promise<void> {
      await tx.delete(rateReservations).where(lt(rateReservations.at, new Date(now - horizonMs)));
      await tx.delete(rateBlocks).where(lt(rateBlocks.until, new Date(now)));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
