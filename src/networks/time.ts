// Daily quotas reset at a network's local midnight (VK: Moscow, UTC+3 with no DST since 2014;
// LinkedIn: UTC). Fixed offsets are enough for both.
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const MOSCOW_UTC_OFFSET_HOURS = 3;

export function nextMidnight(now: Date, utcOffsetHours: number): Date {
  const localMs = now.getTime() + utcOffsetHours * HOUR_MS;
  const nextLocalMidnight = (Math.floor(localMs / DAY_MS) + 1) * DAY_MS;
  return new Date(nextLocalMidnight - utcOffsetHours * HOUR_MS);
}

export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
