// When a campaign posts: right away, at one wall-clock time, spread over a window, or on a
// repeating schedule. Pure validation plus the parsers the occurrence code shares with it.
import { z } from 'zod';
import { DateTime, IANAZone } from 'luxon';
import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { RRuleTemporal } from 'rrule-temporal';
import { isValidTimeZone } from '../registry/channel-schema.js';

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const timeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Moscow"');
const localTime = z
  .string()
  .regex(LOCAL_TIME, 'must be a local time "YYYY-MM-DDTHH:MM" such as "2026-11-25T10:00"')
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'is not a real calendar date and time');

/**
 * The instant a wall-clock time (given as if it were UTC milliseconds) names in `timeZone`, or
 * null when the clocks jump over it. A time repeated by the clocks falling back resolves to the
 * earlier instant, as Temporal's "compatible" (and so rrule-temporal) does; luxon alone would
 * pick the later one.
 */
export function zonedWallTimeToDate(wallMs: number, timeZone: string): Date | null {
  const zone = IANAZone.create(timeZone);
  // A day either side covers any offset change that can touch this wall time.
  const offsets = new Set([wallMs - DAY_MS, wallMs, wallMs + DAY_MS].map((ms) => zone.offset(ms)));
  const fits = [...offsets].map((o) => wallMs - o * 60_000).filter((ms) => zone.offset(ms) * 60_000 === wallMs - ms);
  return fits.length === 0 ? null : new Date(Math.min(...fits));
}

/** A schema-valid `localTime` as an instant in `timeZone`; null inside a daylight-saving gap. */
export function localTimeToDate(local: string, timeZone: string): Date | null {
  const m = LOCAL_TIME.exec(local);
  if (!m) throw new RangeError(`not a local time: ${local}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  return zonedWallTimeToDate(Date.UTC(y, mo - 1, d, h, mi, s), timeZone);
}

// Both halves valid is required first: an invalid zone already has its own issue.
function checkLocalTimeExists(v: { localTime: string; timeZone: string }, ctx: z.RefinementCtx): void {
  if (!LOCAL_TIME.test(v.localTime) || !isValidTimeZone(v.timeZone)) return;
  if (!DateTime.fromISO(v.localTime, { zone: 'utc' }).isValid) return;
  if (localTimeToDate(v.localTime, v.timeZone) === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['localTime'],
      message: `does not exist in ${v.timeZone}: the clocks skip it when daylight saving time starts`,
    });
  }
}

const localTimeFields = { localTime, timeZone };
export const localTimeSchema = z.strictObject(localTimeFields).superRefine(checkLocalTimeExists);

/** Cron as five fields only: a seconds field or a macro would be a different dialect to explain. */
export function parseCron(expr: string, timeZone: string, currentDate: Date): CronExpression {
  if (expr.trim().split(/\s+/).length !== 5) {
    throw new Error('must be a 5-field cron expression: minute hour day-of-month month day-of-week, e.g. "0 10 * * 1"');
  }
  return CronExpressionParser.parse(expr, { currentDate, tz: timeZone });
}

const RRULE_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST']);
// rrule-temporal silently accepts unknown parts and out-of-range times; catch those typos here.
const TIME_PART_MAX: Record<string, number> = { BYHOUR: 23, BYMINUTE: 59, BYSECOND: 59 };

/**
 * The user's RRULE with DTSTART at `dtstart` (already floored to the minute) in `timeZone`.
 * DTSTART is ours, never the user's: it is the campaign's creation time.
 */
export function buildRRule(rrule: string, timeZone: string, dtstart: Date): RRuleTemporal {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  if (/[\n\r:]/.test(body)) {
    throw new Error('must be only the RRULE line such as "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0"; the start is the campaign creation time');
  }
  for (const part of body.split(';')) {
    const [key = '', value = ''] = part.split('=');
    const name = key.toUpperCase();
    if (!RRULE_PARTS.has(name)) throw new Error(`unknown RRULE part "${part}"`);
    const max = TIME_PART_MAX[name];
    if (max !== undefined && !value.split(',').every((v) => /^\d+$/.test(v) && Number(v) <= max)) {
      throw new Error(`${name} must be numbers from 0 to ${max}`);
    }
  }
  const iso = DateTime.fromJSDate(dtstart, { zone: timeZone }).toISO({ suppressMilliseconds: true });
  // Passing the offset as well keeps a DTSTART in a repeated (fall-back) hour unambiguous.
  const start = { timeZoneId: timeZone, toString: () => `${iso}[${timeZone}]` };
  return new RRuleTemporal({ rruleString: `RRULE:${body}`, dtstart: start, strict: true });
}

// Parsing does not depend on the start; a fixed one keeps validation deterministic.
const VALIDATION_START = new Date(Date.UTC(2026, 0, 1));

const recurringSchema = z
  .strictObject({
    type: z.literal('recurring'),
    timeZone,
    cron: z.string().min(1, 'must not be empty').optional(),
    rrule: z.string().min(1, 'must not be empty').optional(),
    // A recurring campaign also always ends when its vacancy closes; that is not modelled here.
    ends: z
      .strictObject({
        at: z.iso.datetime({ offset: true, message: 'must be an ISO date-time with an offset, e.g. "2026-12-31T18:00:00+03:00"' }).optional(),
        count: z.number().int().min(1).max(365).optional(),
      })
      .refine((e) => e.at !== undefined || e.count !== undefined, 'must give "at", "count" or both')
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.cron !== undefined && v.rrule !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['rrule'], message: 'give either "cron" or "rrule", not both' });
      return;
    }
    if (v.cron === undefined && v.rrule === undefined) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give a "cron" expression or an "rrule"' });
      return;
    }
    if (!isValidTimeZone(v.timeZone)) return;
    const field = v.cron !== undefined ? 'cron' : 'rrule';
    try {
      if (v.cron !== undefined) parseCron(v.cron, v.timeZone, VALIDATION_START);
      else buildRRule(v.rrule!, v.timeZone, VALIDATION_START);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [field], message: err instanceof Error ? err.message : String(err) });
    }
  });

export const timingSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('now') }),
  z.strictObject({ type: z.literal('at'), ...localTimeFields }).superRefine(checkLocalTimeExists),
  z.strictObject({
    type: z.literal('staggered'),
    // Absent: the window starts when the campaign is created.
    start: localTimeSchema.optional(),
    windowMinutes: z.number().int().min(1).max(10080),
    minGapMinutes: z.number().int().min(0).max(1440),
  }),
  recurringSchema,
]);

export type Timing = z.infer<typeof timingSchema>;
export type RecurringTiming = Extract<Timing, { type: 'recurring' }>;
export type StaggeredTiming = Extract<Timing, { type: 'staggered' }>;
export type OneOffTiming = Exclude<Timing, RecurringTiming>;
