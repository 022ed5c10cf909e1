import t from 'tap';
import { timingSchema, localTimeToDate, type RecurringTiming, type StaggeredTiming } from '../../src/scheduling/timing.js';
import {
  checkRecurrence,
  firstOccurrences,
  firstTimes,
  nextOccurrence,
  staggerTimes,
  MIN_RECURRENCE_GAP_MS,
} from '../../src/scheduling/occurrences.js';
import { fitToPostingHours, isWithinPostingHours } from '../../src/scheduling/posting-hours.js';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
// Friday 2026-11-20 14:37:42 in Moscow (UTC+3, no DST).
const ANCHOR = new Date('2026-11-20T11:37:42.000Z');

function parse(input: unknown) {
  return timingSchema.parse(input);
}
function recurring(input: Omit<RecurringTiming, 'type'>): RecurringTiming {
  const parsed = parse({ type: 'recurring', ...input });
  if (parsed.type !== 'recurring') throw new Error('expected recurring');
  return parsed;
}
function firstIssue(input: unknown) {
  const r = timingSchema.safeParse(input);
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return r.error.issues[0]!;
}

t.test('"at" is a wall-clock time in its zone', async (t) => {
  const at = parse({ type: 'at', localTime: '2026-11-25T10:00', timeZone: 'Europe/Moscow' });
  if (at.type !== 'at') throw new Error('expected at');
  t.equal(firstTimes(at, ANCHOR).toISOString(), '2026-11-25T07:00:00.000Z');
  const withSeconds = parse({ type: 'at', localTime: '2026-11-25T10:00:30', timeZone: 'Europe/Moscow' });
  if (withSeconds.type !== 'at') throw new Error('expected at');
  t.equal(firstTimes(withSeconds, ANCHOR).toISOString(), '2026-11-25T07:00:30.000Z');
  const past = parse({ type: 'at', localTime: '2020-01-01T10:00', timeZone: 'UTC' });
  if (past.type !== 'at') throw new Error('expected at');
  t.equal(firstTimes(past, ANCHOR).toISOString(), '2020-01-01T10:00:00.000Z', 'a past time is returned as is');
  t.equal(firstTimes({ type: 'now' }, ANCHOR), ANCHOR);
});

t.test('a local time the clocks skip is rejected; a repeated one means the earlier instant', async (t) => {
  const gap = firstIssue({ type: 'at', localTime: '2026-03-29T02:30', timeZone: 'Europe/Berlin' });
  t.same(gap.path, ['localTime']);
  t.match(gap.message, /does not exist in Europe\/Berlin/);
  const staggeredGap = firstIssue({
    type: 'staggered',
    start: { localTime: '2026-03-29T02:30', timeZone: 'Europe/Berlin' },
    windowMinutes: 60,
    minGapMinutes: 0,
  });
  t.same(staggeredGap.path, ['start', 'localTime']);
  t.ok(timingSchema.safeParse({ type: 'at', localTime: '2026-03-29T03:00', timeZone: 'Europe/Berlin' }).success);
  // 02:30 happens twice on 2026-10-25 in Berlin: 00:30Z (CEST) and 01:30Z (CET).
  t.equal(localTimeToDate('2026-10-25T02:30', 'Europe/Berlin')?.toISOString(), '2026-10-25T00:30:00.000Z');
  t.equal(localTimeToDate('2026-03-29T02:30', 'Europe/Berlin'), null);
});

t.test('schema rejections name the offending path', async (t) => {
  const cases: Array<[unknown, PropertyKey[], RegExp?]> = [
    [{ type: 'at', localTime: '2026-11-25T10:00', timeZone: 'Mars/Olympus' }, ['timeZone'], /IANA time zone such as "Europe\/Moscow"/],
    [{ type: 'at', localTime: '2026-13-01T10:00', timeZone: 'UTC' }, ['localTime'], /real calendar date/],
    [{ type: 'at', localTime: '25.11.2026 10:00', timeZone: 'UTC' }, ['localTime'], /YYYY-MM-DDTHH:MM/],
    [{ type: 'staggered', windowMinutes: 0, minGapMinutes: 0 }, ['windowMinutes']],
    [{ type: 'staggered', windowMinutes: 10081, minGapMinutes: 0 }, ['windowMinutes']],
    [{ type: 'staggered', windowMinutes: 60, minGapMinutes: 1.5 }, ['minGapMinutes']],
    [{ type: 'soon' }, ['type']],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', rrule: 'FREQ=DAILY' }, ['rrule'], /not both/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow' }, ['cron']],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '61 10 * * 1' }, ['cron'], /0-59/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 0 10 * * 1' }, ['cron'], /5-field/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'FREQ=FOO' }, ['rrule'], /FREQ/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'FREQ=DAILY;BYHOUR=25' }, ['rrule'], /BYHOUR/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'FREQ=DAILY;FOO=1' }, ['rrule'], /unknown/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'DTSTART:20260101T000000\nRRULE:FREQ=DAILY' }, ['rrule'], /only the RRULE line/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { count: 0 } }, ['ends', 'count']],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { count: 366 } }, ['ends', 'count']],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { at: '2026-12-31T18:00' } }, ['ends', 'at'], /offset/],
    [{ type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: {} }, ['ends']],
  ];
  for (const [input, path, message] of cases) {
    const issue = firstIssue(input);
    t.same(issue.path, path, JSON.stringify(input));
    if (message) t.match(issue.message, message, JSON.stringify(input));
  }
  // Strict objects: a stray key is an error, not silently dropped.
  const extra = firstIssue({ type: 'now', when: 'soon' });
  t.equal(extra.code, 'unrecognized_keys');
  t.ok(timingSchema.safeParse({ type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO' }).success, 'RRULE: prefix accepted');
});

t.test('staggered posts spread over the window', async (t) => {
  const timing = parse({
    type: 'staggered',
    start: { localTime: '2026-11-25T10:00', timeZone: 'Europe/Moscow' },
    windowMinutes: 60,
    minGapMinutes: 10,
  }) as StaggeredTiming;
  const five = staggerTimes(timing, 5, ANCHOR);
  if (!('times' in five)) throw new Error('expected times');
  t.same(iso(five.times), ['07:00', '07:15', '07:30', '07:45', '08:00'].map((hm) => `2026-11-25T${hm}:00.000Z`));
  t.same(staggerTimes(timing, 1, ANCHOR), { times: [new Date('2026-11-25T07:00:00.000Z')] });
  t.same(staggerTimes(timing, 0, ANCHOR), { times: [] });

  const fromNow = parse({ type: 'staggered', windowMinutes: 30, minGapMinutes: 0 }) as StaggeredTiming;
  t.equal(firstTimes(fromNow, ANCHOR), ANCHOR, 'no start: the window starts now');
  const three = staggerTimes(fromNow, 3, ANCHOR);
  if (!('times' in three)) throw new Error('expected times');
  t.same(iso(three.times), ['2026-11-20T11:37:42.000Z', '2026-11-20T11:52:42.000Z', '2026-11-20T12:07:42.000Z']);
});

t.test('a minimum gap the window cannot hold is an error on minGapMinutes', async (t) => {
  const timing = parse({ type: 'staggered', windowMinutes: 60, minGapMinutes: 20 }) as StaggeredTiming;
  const r = staggerTimes(timing, 5, ANCHOR);
  if (!('error' in r)) throw new Error('expected an error');
  t.equal(r.error.field, 'timing.minGapMinutes');
  t.match(r.error.message, /5 posts at a 20-minute gap need at least 80 minutes, but the window is 60/);
  t.ok('times' in staggerTimes(timing, 4, ANCHOR), '3 gaps of 20 minutes fit exactly');
});

t.test('cron runs in the timing zone', async (t) => {
  const timing = recurring({ timeZone: 'Europe/Moscow', cron: '0 10 * * 1' });
  t.same(iso(firstOccurrences(timing, ANCHOR, 3)), ['2026-11-23T07:00:00.000Z', '2026-11-30T07:00:00.000Z', '2026-12-07T07:00:00.000Z']);
  t.equal(nextOccurrence(timing, ANCHOR, new Date('2026-11-23T07:00:00.000Z'))?.toISOString(), '2026-11-30T07:00:00.000Z', 'strictly after');
  t.equal(nextOccurrence(timing, ANCHOR, new Date('2026-11-23T06:59:59.999Z'))?.toISOString(), '2026-11-23T07:00:00.000Z');
  t.equal(nextOccurrence(timing, ANCHOR, new Date('2026-01-01T00:00:00.000Z'))?.toISOString(), '2026-11-23T07:00:00.000Z', 'never before the anchor');
  t.same(checkRecurrence(timing, ANCHOR), { ok: true });

  // 10:00 Berlin keeps its wall time across the spring-forward change.
  const berlin = recurring({ timeZone: 'Europe/Berlin', cron: '0 10 * * *' });
  t.same(iso(firstOccurrences(berlin, new Date('2026-03-28T12:00:00.000Z'), 2)), ['2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
});

t.test('rrule is anchored at the creation time in the timing zone', async (t) => {
  const expected = ['2026-11-23T07:00:00.000Z', '2026-11-26T07:00:00.000Z', '2026-11-30T07:00:00.000Z', '2026-12-03T07:00:00.000Z'];
  const plain = recurring({ timeZone: 'Europe/Moscow', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0' });
  t.same(iso(firstOccurrences(plain, ANCHOR, 4)), expected);
  const prefixed = recurring({ timeZone: 'Europe/Moscow', rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0' });
  t.same(iso(firstOccurrences(prefixed, ANCHOR, 4)), expected);
  t.equal(nextOccurrence(plain, ANCHOR, new Date('2026-11-26T07:00:00.000Z'))?.toISOString(), '2026-11-30T07:00:00.000Z');

  // Without BYHOUR the time of day comes from DTSTART: the creation minute, seconds zeroed.
  const daily = recurring({ timeZone: 'Europe/Moscow', rrule: 'FREQ=DAILY' });
  t.same(iso(firstOccurrences(daily, ANCHOR, 2)), ['2026-11-20T11:37:00.000Z', '2026-11-21T11:37:00.000Z']);

  const counted = recurring({ timeZone: 'Europe/Moscow', rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0;COUNT=2' });
  t.equal(nextOccurrence(counted, ANCHOR, new Date('2026-11-30T07:00:00.000Z')), null, 'the rule\'s own COUNT is exhausted');
});

t.test('ends.count stops the series after that many occurrences', async (t) => {
  for (const schedule of [{ cron: '0 10 * * 1' }, { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0' }]) {
    const timing = recurring({ timeZone: 'Europe/Moscow', ...schedule, ends: { count: 3 } });
    const all = firstOccurrences(timing, ANCHOR, 100);
    t.same(iso(all), ['2026-11-23T07:00:00.000Z', '2026-11-30T07:00:00.000Z', '2026-12-07T07:00:00.000Z']);
    t.equal(nextOccurrence(timing, ANCHOR, all[1]!)?.toISOString(), '2026-12-07T07:00:00.000Z');
    t.equal(nextOccurrence(timing, ANCHOR, all[2]!), null);
  }
});

t.test('ends.at stops the series; an occurrence exactly at it still counts', async (t) => {
  const timing = recurring({ timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { at: '2026-11-30T10:00:00+03:00' } });
  t.same(iso(firstOccurrences(timing, ANCHOR, 10)), ['2026-11-23T07:00:00.000Z', '2026-11-30T07:00:00.000Z']);
  t.equal(nextOccurrence(timing, ANCHOR, new Date('2026-11-23T07:00:00.000Z'))?.toISOString(), '2026-11-30T07:00:00.000Z');
  t.equal(nextOccurrence(timing, ANCHOR, new Date('2026-11-30T07:00:00.000Z')), null);
});

t.test('checkRecurrence rejects schedules that are too frequent, empty or already over', async (t) => {
  t.equal(MIN_RECURRENCE_GAP_MS, 3_600_000);
  const everyMinute = checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '* * * * *' }), ANCHOR);
  t.same(everyMinute.ok ? null : everyMinute.field, 'timing.cron');
  t.match(everyMinute, { ok: false, message: /minimum is 1 hour/ });
  t.match(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '0,30 10 * * 1' }), ANCHOR), { ok: false, field: 'timing.cron' });
  t.match(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', rrule: 'FREQ=MINUTELY;INTERVAL=30' }), ANCHOR), {
    ok: false,
    field: 'timing.rrule',
    message: /30 minutes apart/,
  });
  t.same(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '0 * * * *' }), ANCHOR), { ok: true }, 'hourly is exactly the minimum');
  t.same(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '* * * * *', ends: { count: 1 } }), ANCHOR), { ok: true }, 'a single post has no gap');

  t.match(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { at: '2026-11-20T14:00:00+03:00' } }), ANCHOR), {
    ok: false,
    field: 'timing.ends.at',
  });
  t.match(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { at: '2026-11-22T00:00:00+03:00' } }), ANCHOR), {
    ok: false,
    field: 'timing',
  }, 'ends before the first Monday');
  t.match(checkRecurrence(recurring({ timeZone: 'Europe/Moscow', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }), ANCHOR), {
    ok: false,
    field: 'timing',
    message: /no occurrence/,
  });
});

t.test('posting hours: inside the window the time stands, outside it waits for the opening', async (t) => {
  const day = { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' };
  const at = (s: string) => new Date(s);
  // 22:30 Moscow -> next day 09:00 Moscow.
  t.equal(fitToPostingHours(at('2026-11-20T19:30:00Z'), day).toISOString(), '2026-11-21T06:00:00.000Z');
  // 07:00 Moscow -> 09:00 the same day.
  t.equal(fitToPostingHours(at('2026-11-20T04:00:00Z'), day).toISOString(), '2026-11-20T06:00:00.000Z');
  t.equal(fitToPostingHours(at('2026-11-20T12:00:00Z'), day).toISOString(), '2026-11-20T12:00:00.000Z');
  t.ok(isWithinPostingHours(at('2026-11-20T06:00:00Z'), day), '"from" is inside');
  t.notOk(isWithinPostingHours(at('2026-11-20T18:00:00Z'), day), '"to" is outside');
  t.ok(isWithinPostingHours(at('2026-11-20T17:59:59Z'), day));

  const night = { from: '22:00', to: '02:00', timeZone: 'Europe/Moscow' };
  // 23:30 and 01:00 Moscow are inside a window crossing midnight.
  t.equal(fitToPostingHours(at('2026-11-20T20:30:00Z'), night).toISOString(), '2026-11-20T20:30:00.000Z');
  t.ok(isWithinPostingHours(at('2026-11-20T22:00:00Z'), night));
  // 03:00 Moscow -> 22:00 the same day.
  t.equal(fitToPostingHours(at('2026-11-20T00:00:00Z'), night).toISOString(), '2026-11-20T19:00:00.000Z');
});

t.test('posting hours follow daylight saving in the group zone', async (t) => {
  const berlin = { from: '09:00', to: '18:00', timeZone: 'Europe/Berlin' };
  // 20:00 CET on Saturday -> 09:00 CEST on Sunday, the day the clocks go forward.
  t.equal(fitToPostingHours(new Date('2026-03-28T19:00:00Z'), berlin).toISOString(), '2026-03-29T07:00:00.000Z');
  // A window opening at 02:30, which that Sunday does not have, opens when the clocks jump to 03:00.
  const skipped = { from: '02:30', to: '05:00', timeZone: 'Europe/Berlin' };
  t.equal(fitToPostingHours(new Date('2026-03-29T00:30:00Z'), skipped).toISOString(), '2026-03-29T01:00:00.000Z');
});
