// What the HTTP status of a reply proves about a call when the body does not say more, the one
// table all five adapters share (README, "Posts and their states", has it for users):
//
//   429 (any body), 503          → retry_after: the network refused to process the call.
//   408                          → retry_after: the server never received the whole request.
//   413, other 4xx               → permanent: refused as sent (an HTML 403 from a proxy, a 404 page…);
//                                  HTTP says a 4xx was not acted on, and sending the same bytes again
//                                  meets the same refusal, so a person looks at it (and may re-send).
//   2xx, 3xx, 500, 502, 504, …   → unknown: the call may have taken effect. A 2xx we cannot read may
//                                  be a live post; a 500 is the application failing, maybe after the
//                                  post was written; a 502/504 is a gateway that may have passed the
//                                  request on before its upstream failed or went silent.
//
// A clean error body (Telegram {ok:false}, VK/Facebook {error}, OK {error_code}, LinkedIn's JSON) is
// read by its adapter first; only when that reading is 'unknown' does a 429/503/408 status override it
// (the status proves the call was not processed, whatever the network's code says).
import type { FailureOutcome, RetryAfter } from './types.js';

export interface StatusLine {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

// No Retry-After on a 429: our own pacing kept the limits we know of, so an unknown limit tripped
// (a proxy's, a per-minute window). A minute covers the per-minute windows networks use.
export const RATE_LIMITED_RETRY_SECONDS = 60;
// No Retry-After on a 503: an overloaded or restarting service; half a minute before trying again.
export const UNAVAILABLE_RETRY_SECONDS = 30;
// 408: the server gave up waiting for our request; it was not processed and can go again soon.
export const REQUEST_TIMEOUT_RETRY_SECONDS = 10;
// A Retry-After further away than this is taken as a mistake (or a hostile proxy): a key blocked for
// a year would silently stop the account. A day covers every daily quota; the engine's attempt limit
// ends the post if the network keeps asking.
export const MAX_RETRY_AFTER_SECONDS = 86_400;

function header(reply: StatusLine, name: string): string | undefined {
  const v = reply.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

// Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored.
export function retryAfterSeconds(reply: StatusLine, now = new Date()): number | undefined {
  const raw = header(reply, 'retry-after')?.trim();
  if (!raw) return undefined;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : (Date.parse(raw) - now.getTime()) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
}

// The statuses that prove the call was not processed. Scope 'account': a 429 that does not come with
// a network's own flood reply (Telegram's per-chat JSON 429) is a proxy's or the API's limit on us as
// a client, and a 503 is the service being down; pacing one chat would let every other chat of the
// same token run into the same wall, one refused call each.
export function notProcessed(reply: StatusLine, reason: string, now = new Date()): RetryAfter | undefined {
  const fallback =
    reply.status === 429 ? RATE_LIMITED_RETRY_SECONDS
    : reply.status === 503 ? UNAVAILABLE_RETRY_SECONDS
    : reply.status === 408 ? REQUEST_TIMEOUT_RETRY_SECONDS
    : undefined;
  if (fallback === undefined) return undefined;
  const seconds = retryAfterSeconds(reply, now) ?? fallback;
  return { kind: 'retry_after', seconds, scope: 'account', reason, code: reply.status };
}

// A reply whose body is not one the network's API sends (an HTML page, garbage, empty): the status alone decides.
export function unreadableReply(reply: StatusLine, reason: string, now = new Date()): FailureOutcome {
  const refused = notProcessed(reply, reason, now);
  if (refused) return refused;
  if (reply.status >= 400 && reply.status < 500) return { kind: 'permanent', reason, code: reply.status, statusOnly: true };
  return { kind: 'unknown', reason };
}

// A network's clean error body read as 'unknown' (VK 10, Facebook 1/2, OK 1/2: "failed midway") behind
// a 429, 503 or 408: the status is the stronger evidence, the call was not processed.
export function cleanRefusal(reply: StatusLine, outcome: FailureOutcome, now = new Date()): FailureOutcome {
  if (outcome.kind !== 'unknown') return outcome;
  return notProcessed(reply, outcome.reason, now) ?? outcome;
}
