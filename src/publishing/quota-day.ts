// When a spent daily posting quota comes back. VK counts days in Moscow time; the others publish
// no day boundary, so their "day" is treated the same way.
import { DateTime } from 'luxon';
import type { NetworkName } from '../networks/types.js';

const QUOTA_ZONE: Readonly<Record<NetworkName, string>> = {
  telegram: 'UTC',
  vk: 'Europe/Moscow',
  facebook: 'UTC',
  linkedin: 'UTC',
  ok: 'Europe/Moscow',
};

// A minute past midnight, so a clock a little behind the network's does not hit the old day.
export function nextQuotaDay(network: NetworkName, now: Date): Date {
  return DateTime.fromJSDate(now, { zone: QUOTA_ZONE[network] }).startOf('day').plus({ days: 1, minutes: 1 }).toJSDate();
}
