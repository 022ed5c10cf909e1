// A group's posting window ("09:00"–"21:00" in its own zone; from > to crosses midnight) and
// the first instant a post may go out in it.
import { IANAZone } from 'luxon';
import { zonedWallTimeToDate } from './timing.js';

export interface PostingHours {
  from: string;
  to: string;
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

// `at`'s wall clock in the zone, as if it were UTC milliseconds.
function wallMs(at: Date, timeZone: string): number {
  return at.getTime() + IANAZone.create(timeZone).offset(at.getTime()) * MINUTE_MS;
}

export function isWithinPostingHours(at: Date, hours: PostingHours): boolean {
  const ofDay = (((wallMs(at, hours.timeZone) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS;
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  return from < to ? ofDay >= from && ofDay < to : ofDay >= from || ofDay < to;
}

// The window opens at the first instant the wall clock shows `from` or later: when daylight
// saving skips `from`, that is the moment the clocks jump (gaps are whole minutes in practice).
function opening(wall: number, timeZone: string): Date {
  for (let w = wall; ; w += MINUTE_MS) {
    const at = zonedWallTimeToDate(w, timeZone);
    if (at) return at;
  }
}

/** `at` if it is inside the window, else the next time the window opens (today's or tomorrow's `from`). */
export function fitToPostingHours(at: Date, hours: PostingHours): Date {
  if (isWithinPostingHours(at, hours)) return at;
  const wall = wallMs(at, hours.timeZone);
  const todayFrom = Math.floor(wall / DAY_MS) * DAY_MS + minutesOf(hours.from) * MINUTE_MS;
  const today = opening(todayFrom, hours.timeZone);
  return today > at ? today : opening(todayFrom + DAY_MS, hours.timeZone);
}
