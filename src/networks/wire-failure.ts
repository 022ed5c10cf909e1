// What a failed exchange proves about its request, the single most important judgement an adapter
// makes: did the request reach the network?
//  - provably not (DNS failure, connection refused, connect timeout, the deadline running out before
//    a connection was made) → retry_after, safe to resend;
//  - maybe (no reply or no complete reply in time, a reset after sending, a reply too big to read)
//    → unknown, because a publish may already be live and resending could duplicate it;
//  - unless the status line had already come and proves a refusal (429, 503, 408: reply-status.ts).
import { notProcessed, type StatusLine } from './reply-status.js';
import type { RetryAfter, Unknown } from './types.js';

// How long to wait after the network was unreachable; the whole network is down for us, not one target.
export const UNREACHABLE_RETRY_SECONDS = 30;

// Errors raised before a single byte of the request left this machine.
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  // TLS handshake failures happen before the HTTP request is written.
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodes(err: unknown): string[] {
  if (!err || typeof err !== 'object') return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  // Happy-eyeballs connects raise an AggregateError holding one error per address tried.
  const inner = Array.isArray(e.errors) ? e.errors.flatMap(errorCodes) : [];
  return [...own, ...inner, ...errorCodes(e.cause)];
}

const unreachable = (reason: string): RetryAfter => ({ kind: 'retry_after', seconds: UNREACHABLE_RETRY_SECONDS, scope: 'account', reason });

// Judged by the error's codes only: a dispatcher that fails a request without announcing it first
// (undici's MockAgent does) must not make a maybe-sent request look unsent.
export function classifyTransportError(err: unknown): RetryAfter | Unknown {
  const codes = errorCodes(err);
  const message = err instanceof Error ? err.message : String(err);
  const label = codes[0] ? `${codes[0]}: ${message}` : message;
  if (codes.length > 0 && codes.every((c) => NEVER_SENT.has(c))) {
    return unreachable(`network unreachable, request not sent (${label})`);
  }
  return { kind: 'unknown', reason: `no reliable reply, the request may have taken effect (${label})` };
}

// Where an exchange stood when it stopped: what it proves about the request. 'written' starts when
// undici begins writing the request on a connection (write-watch.ts).
export type Progress =
  | { stage: 'not_written' }
  | { stage: 'written' }
  | { stage: 'reading'; head: StatusLine; bytes: number };

const timeoutLabel = (ms: number) => `${ms} ms (NETWORK_TIMEOUT_MS)`;

// The deadline ran out, or the reply passed `cap` bytes: the outcome follows from how far the exchange got.
export function abandoned(progress: Progress, ms: number, cap?: number): RetryAfter | Unknown {
  if (progress.stage === 'not_written') return unreachable(`no connection within ${timeoutLabel(ms)}: the request was not sent`);
  if (progress.stage === 'written') return { kind: 'unknown', reason: `no reply within ${timeoutLabel(ms)}: the request may have taken effect` };
  const { head, bytes } = progress;
  const what = cap !== undefined
    ? `reply over the ${cap}-byte cap (HTTP ${head.status}): connection closed after ${bytes} bytes of body`
    : `no complete reply within ${timeoutLabel(ms)} (HTTP ${head.status}, ${bytes} bytes of body read)`;
  return notProcessed(head, `HTTP ${head.status}: the network did not process the call (${what})`) ?? {
    kind: 'unknown',
    reason: `${what}: the request may have taken effect`,
  };
}

// The connection broke after the status line came: the status may still prove a refusal.
export function brokenReply(progress: Progress, err: unknown): RetryAfter | Unknown {
  if (progress.stage !== 'reading') return classifyTransportError(err);
  const { head, bytes } = progress;
  const cause = classifyTransportError(err).reason;
  return notProcessed(head, `HTTP ${head.status}: the network did not process the call (reply cut off: ${cause})`) ?? {
    kind: 'unknown',
    reason: `connection lost mid-reply (HTTP ${head.status}, ${bytes} bytes of body read): ${cause}`,
  };
}
