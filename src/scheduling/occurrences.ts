// Turns a validated timing into the instants posts go out at. Pure: "now" and the campaign's
// creation time (the anchor) are always passed in.
import { buildRRule, localTimeToDate, parseCron, type OneOffTiming, type RecurringTiming, type StaggeredTiming } from './timing.js';

// Anything more frequent is spam to a job group, whatever the schedule says.
export const MIN_RECURRENCE_GAP_MS = 60 * 60 * 1000;
export const MAX_OCCURRENCES = 365;

// How many leading occurrences checkRecurrence() looks at for the minimum gap.
const GAP_SAMPLE = 10;

function localOrNow(start: { localTime: string; timeZone: string } | undefined, now: Date): Date {
  if (!start) return now;
  const at = localTimeToDate(start.localTime, start.timeZone);
  // The schema rejects daylight-saving gaps, so null means unvalidated input.
  if (!at) throw new RangeError(`${start.localTime} does not exist in ${start.timeZone}`);
  return at;
}

/** When a one-off campaign's first post is due. A time already past is returned as is: the caller decides. */
export function firstTimes(timing: OneOffTiming, now: Date): Date {
  switch (timing.type) {
    case 'now':
      return now;
    case 'at':
      return localOrNow(timing, now);
    case 'staggered':
      return localOrNow(timing.start, now);
  }
}

/** `count` posts spread evenly from the window's start to its end, never closer than minGapMinutes. */
export function staggerTimes(
  timing: StaggeredTiming,
  count: number,
  now: Date,
): { times: Date[] } | { error: { field: string; message: string } } {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`post count must be a non-negative integer, got ${count}`);
  const start = firstTimes(timing, now);
  if (count <= 1) return { times: count === 1 ? [start] : [] };
  const needed = (count - 1) * timing.minGapMinutes;
  if (needed > timing.windowMinutes) {
    return {
      error: {
        field: 'timing.minGapMinutes',
        message: `${count} posts at a ${timing.minGapMinutes}-minute gap need at least ${needed} minutes, but the window is ${timing.windowMinutes}`,
      },
    };
  }
  // Given the check above, spreading over the whole window already keeps every gap >= minGapMinutes.
  const gapMs = (timing.windowMinutes * 60_000) / (count - 1);
  return { times: Array.from({ length: count }, (_, i) => new Date(start.getTime() + Math.round(i * gapMs))) };
}

/** A recurrence as "first occurrence strictly after this instant", plus where the series starts. */
interface Cursor {
  start: number;
  after(ms: number): Date | null;
}

function cursor(timing: RecurringTiming, anchor: Date): Cursor {
  // Seconds zeroed: cron has minute resolution and DTSTART is the creation minute, so a schedule
  // matching the creation minute counts even though `anchor` is a few seconds into it.
  const start = Math.floor(anchor.getTime() / 60_000) * 60_000;
  if (timing.rrule !== undefined) {
    const rule = buildRRule(timing.rrule, timing.timeZone, new Date(start));
    return {
      start,
      after(ms) {
        try {
          const next = ms < start ? rule.next(new Date(start), true) : rule.next(new Date(ms), false);
          return next ? new Date(next.epochMilliseconds) : null;
        } catch {
          // rrule-temporal gives up ("Maximum iterations") on rules that never match again.
          return null;
        }
      },
    };
  }
  const cron = timing.cron ?? '';
  return {
    start,
    after(ms) {
      try {
        // cron-parser's next() is strictly after currentDate; 1 ms earlier makes `start` itself eligible.
        return parseCron(cron, timing.timeZone, new Date(Math.max(ms, start - 1))).next().toDate();
      } catch {
        // cron-parser throws when it finds no match within its search limit.
        return null;
      }
    },
  };
}

function endsAt(timing: RecurringTiming): number {
  return timing.ends?.at !== undefined ? Date.parse(timing.ends.at) : Infinity;
}

/** Occurrences from the anchor's minute on, respecting ends.at and ends.count. */
export function firstOccurrences(timing: RecurringTiming, anchor: Date, limit: number): Date[] {
  const c = cursor(timing, anchor);
  const max = Math.min(limit, timing.ends?.count ?? Infinity, MAX_OCCURRENCES);
  const end = endsAt(timing);
  const out: Date[] = [];
  for (let d = c.after(c.start - 1); d && d.getTime() <= end && out.length < max; d = c.after(d.getTime())) out.push(d);
  return out;
}

/** The first occurrence strictly after `after`, or null when the series has ended. */
export function nextOccurrence(timing: RecurringTiming, anchor: Date, after: Date): Date | null {
  const count = timing.ends?.count;
  let next: Date | null;
  if (count === undefined) {
    next = cursor(timing, anchor).after(after.getTime());
  } else {
    // The count runs from the first occurrence, so walk from there (at most 365 steps).
    next = firstOccurrences(timing, anchor, count).find((d) => d > after) ?? null;
  }
  return next && next.getTime() <= endsAt(timing) ? next : null;
}

/** Rejects schedules that never fire, fire too often, or end before they begin. */
export function checkRecurrence(timing: RecurringTiming, anchor: Date): { ok: true } | { ok: false; field: string; message: string } {
  const field = timing.rrule !== undefined ? 'timing.rrule' : 'timing.cron';
  if (timing.ends?.at !== undefined && endsAt(timing) <= anchor.getTime()) {
    return { ok: false, field: 'timing.ends.at', message: `must be after the campaign starts (${anchor.toISOString()})` };
  }
  let sample: Date[];
  try {
    sample = firstOccurrences(timing, anchor, GAP_SAMPLE);
  } catch (err) {
    // Only reachable with unvalidated input: the schema already parsed the rule.
    return { ok: false, field, message: err instanceof Error ? err.message : String(err) };
  }
  if (sample.length === 0) {
    return { ok: false, field: 'timing', message: 'the schedule has no occurrence after the campaign starts' };
  }
  for (let i = 1; i < sample.length; i++) {
    const gap = sample[i]!.getTime() - sample[i - 1]!.getTime();
    if (gap < MIN_RECURRENCE_GAP_MS) {
      const minutes = Math.round(gap / 60_000);
      return {
        ok: false,
        field,
        message: `posts ${sample[i - 1]!.toISOString()} and ${sample[i]!.toISOString()} are ${minutes} minute${minutes === 1 ? '' : 's'} apart; the minimum is 1 hour`,
      };
    }
  }
  return { ok: true };
}
