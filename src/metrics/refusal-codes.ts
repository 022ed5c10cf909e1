// The error codes a refusal may be labelled with. A network can send any number it likes; a label
// value per distinct code would let one odd reply grow a series for good, so codes outside these
// lists are counted as "other" (the post's history keeps the exact reason).
import type { NetworkName } from '../networks/types.js';

// HTTP statuses any network can answer with before its own error format applies.
const HTTP_REFUSALS = [429, 500, 502, 503, 504];

export const KNOWN_REFUSAL_CODES: Readonly<Record<NetworkName, readonly number[]>> = {
  // Bot API error_code follows HTTP: 400 bad request / chat not found, 403 kicked or not admin, 409 conflict.
  telegram: [400, 403, 409, ...HTTP_REFUSALS],
  // 6 too many requests per second, 9 flood control, 214 posting quota (or wall closed), 219/224 ads,
  // 29 method's daily limit, 15 access denied, 18 user deleted, 27 community token, 100 bad parameter,
  // 203 no access to group, 210/220 wall access, 222 hyperlinks forbidden.
  vk: [6, 9, 10, 15, 18, 27, 29, 100, 203, 210, 214, 219, 220, 222, 224, ...HTTP_REFUSALS],
  // 4 app limit, 17 user limit, 32 page limit, 613 calls/time, 80001 page business use case limit,
  // 100 bad parameter, 200 permissions, 368 blocked as abusive, 506 duplicate post.
  facebook: [4, 17, 32, 100, 200, 368, 506, 613, 80001, ...HTTP_REFUSALS],
  // LinkedIn answers with HTTP statuses (string service codes land in "other").
  linkedin: [400, 403, 404, 409, 422, 426, ...HTTP_REFUSALS],
  // 7 action blocked, 8 flood blocked, 9 IP blocked, 10 permission denied, 11 limit reached,
  // 50 not admin, 100 bad parameter, 300 not found.
  ok: [7, 8, 9, 10, 11, 50, 100, 300, ...HTTP_REFUSALS],
};

// The codes that mean "too fast" or "too many": counted as 0 from the start, so the first one
// shows up in increase()/rate() instead of being the invisible birth of a series.
export const RATE_REFUSAL_CODES: Readonly<Record<NetworkName, readonly number[]>> = {
  telegram: [429],
  vk: [6, 9, 214],
  facebook: [4, 17, 32, 613],
  linkedin: [429],
  ok: [8, 11],
};

export function refusalCodeLabel(network: NetworkName, code: number | string): string {
  const text = String(code).trim();
  if (!/^\d{1,6}$/.test(text)) return 'other';
  return KNOWN_REFUSAL_CODES[network].includes(Number(text)) ? String(Number(text)) : 'other';
}
