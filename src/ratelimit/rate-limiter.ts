// Rate limits shared by every worker process, with their state in PostgreSQL: a worker locks the
// keys a call passes through, reads what other workers reserved, and reserves the earliest legal
// instant on all of them in one transaction. Processes never talk to each other, only to the table.
import { and, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { rateBlocks, rateReservations } from '../db/schema.js';
import { earliestSlot, pruneHorizonMs, type WindowLimit } from './slot-planner.js';

export interface KeyLimits {
  key: string;
  limits: WindowLimit[];
}

export function createRateLimiter(options: { marginMs: number }) {
  return {
    /**
     * The earliest instant (epoch ms, >= now) one more call fits every key. The keys stay locked
     * until `tx` ends, so a `reserve` in the same transaction cannot be raced.
     */
    async earliest(tx: Db, keys: KeyLimits[], now: number): Promise<number> {
      const names = [...new Set(keys.map((k) => k.key))].sort();
      // Sorted, so two workers locking overlapping sets never wait on each other in a cycle.
      for (const name of names) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 7))`);
      const horizon = Math.max(0, ...keys.map((k) => pruneHorizonMs(k.limits, options.marginMs)));
      const [reserved, blocks] = await Promise.all([
        tx
          .select({ key: rateReservations.key, at: rateReservations.at })
          .from(rateReservations)
          .where(and(inArray(rateReservations.key, names), gt(rateReservations.at, new Date(now - horizon)))),
        tx.select().from(rateBlocks).where(inArray(rateBlocks.key, names)),
      ]);
      const states = keys.map((k) => ({
        key: k.key,
        limits: k.limits,
        reserved: reserved.filter((r) => r.key === k.key).map((r) => r.at.getTime()),
        blockedUntil: blocks.find((b) => b.key === k.key)?.until.getTime(),
      }));
      return earliestSlot(states, now, options.marginMs);
    },

    /** Records a call at `at` on every key that has a limit. */
    async reserve(tx: Db, keys: KeyLimits[], at: number): Promise<void> {
      const rows = keys.filter((k) => k.limits.length > 0).map((k) => ({ key: k.key, at: new Date(at) }));
      if (rows.length > 0) await tx.insert(rateReservations).values(rows);
    },

    /** Gives back one reservation per key made at `at` (a booked slot that came too late to use). */
    async release(tx: Db, keys: KeyLimits[], at: number): Promise<void> {
      for (const k of keys.filter((key) => key.limits.length > 0)) {
        await tx.execute(
          sql`delete from rate_reservations where ctid in (select ctid from rate_reservations where key = ${k.key} and at = ${new Date(at)} limit 1)`,
        );
      }
    },

    /** The latest block on any of the keys (epoch ms), 0 when none. */
    async blockedUntil(tx: Db, keys: KeyLimits[]): Promise<number> {
      const blocks = await tx.select({ until: rateBlocks.until }).from(rateBlocks).where(inArray(rateBlocks.key, keys.map((k) => k.key)));
      return Math.max(0, ...blocks.map((b) => b.until.getTime()));
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

    /** Forgets reservations no window can still see, and lapsed blocks. */
    async prune(tx: Db, now: number, horizonMs: number): Promise<void> {
      await tx.delete(rateReservations).where(lt(rateReservations.at, new Date(now - horizonMs)));
      await tx.delete(rateBlocks).where(lt(rateBlocks.until, new Date(now)));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
