// Rate limits shared by every worker process, with their state in PostgreSQL: a worker locks the
// keys a call passes through, reads what other workers reserved, and reserves the earliest legal
// instant on all of them in one transaction. Processes never talk to each other, only to the table.
import { and, gt, inArray, lt, sql } from 'drizzle-orm';
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

export function createRateLimiter(options: { marginMs: number }) {
  const { marginMs } = options;
  // The margin is split: half is kept between a call and the calls already made when it is admitted
  // (see `turn`), half is left for the time from that check to the call reaching the network.
  const jitterMs = marginMs / 2;

  /**
   * Locks the keys that have limits (until `tx` ends, so a reservation made in the same transaction
   * cannot be raced) and reads their reservations and every key's block.
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
            .select({ key: rateReservations.key, at: rateReservations.at })
            .from(rateReservations)
            .where(and(inArray(rateReservations.key, limited), gt(rateReservations.at, new Date(now - horizon)))),
      tx.select().from(rateBlocks).where(inArray(rateBlocks.key, keys.map((k) => k.key))),
    ]);
    return keys.map((k) => ({
      key: k.key,
      limits: k.limits,
      reserved: reserved.filter((r) => r.key === k.key).map((r) => r.at.getTime()),
      blockedUntil: blocks.find((b) => b.key === k.key)?.until.getTime(),
    }));
  }

  async function move(tx: Db, keys: KeyLimits[], from: number | undefined, to: number): Promise<void> {
    if (from === to) return;
    if (from !== undefined) await release(tx, keys, from);
    await reserve(tx, keys, to);
  }

  async function reserve(tx: Db, keys: KeyLimits[], at: number): Promise<void> {
    const rows = keys.filter((k) => k.limits.length > 0).map((k) => ({ key: k.key, at: new Date(at) }));
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
    /** How long after its admitted instant a call may still go out; later, it must ask again. */
    jitterMs,

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
     * window legal against the calls already made or under way — reservations at or before now,
     * ours excluded — with half the margin (the other half is the jitter between this check and the
     * call reaching the network). Bookings still ahead are not ours to respect here: each is judged
     * the same way when its own turn comes, so a late call moves the ones behind it on a little
     * instead of being sent to the back of the line, and a late worker can never cycle.
     *
     * Our booking is moved to the answer in `tx`. `maySoon: false` turns a short wait into `later`.
     */
    async turn(tx: Db, keys: KeyLimits[], booked: number | undefined, now: number, opts: { inlineWaitMs: number; maySoon: boolean }): Promise<Turn> {
      const states = await readKeys(tx, keys, now);
      const withoutOurs = (reserved: number[]) => {
        const i = booked === undefined ? -1 : reserved.indexOf(booked);
        return i < 0 ? reserved : [...reserved.slice(0, i), ...reserved.slice(i + 1)];
      };
      // A call admitted a few ms ahead (NOW_SLACK_MS) is as good as made.
      const made = states.map((s) => ({ ...s, reserved: withoutOurs(s.reserved).filter((at) => at <= now + NOW_SLACK_MS) }));
      const at = earliestSlot(made, now, marginMs - jitterMs);
      if (at <= now + NOW_SLACK_MS) {
        await move(tx, keys, booked, at);
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
     * A call admitted at `admittedAt` was answered at `answeredAt`: it reached the network somewhere
     * in between, later than admitted if the process or the wire stalled. Calls admitted from now on
     * keep their distance from the latest instant it could have arrived, so a stall cannot bunch two.
     */
    async answered(tx: Db, keys: KeyLimits[], admittedAt: number, answeredAt: number): Promise<void> {
      if (answeredAt > admittedAt) await move(tx, keys, admittedAt, answeredAt);
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
