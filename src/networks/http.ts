// One HTTP exchange with a network, and the single most important judgement an
// adapter makes: when the exchange fails, did the request reach the network?
//  - provably not (DNS failure, connection refused, connect timeout) → retry_after, safe to resend;
//  - maybe (timeout waiting for the reply, connection reset after sending) → unknown,
//    because a publish may already be live and resending could duplicate it.
import { request } from 'undici';
import type { AdapterOptions, RetryAfter, Unknown } from './types.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Parsed body, or undefined when it is not JSON.
  json: unknown;
}

export type Exchange = { ok: true; res: HttpResponse } | { ok: false; outcome: RetryAfter | Unknown };

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

export function classifyTransportError(err: unknown): RetryAfter | Unknown {
  const codes = errorCodes(err);
  const message = err instanceof Error ? err.message : String(err);
  const label = codes[0] ? `${codes[0]}: ${message}` : message;
  if (codes.length > 0 && codes.every((c) => NEVER_SENT.has(c))) {
    return {
      kind: 'retry_after',
      seconds: UNREACHABLE_RETRY_SECONDS,
      scope: 'account',
      reason: `network unreachable, request not sent (${label})`,
    };
  }
  return { kind: 'unknown', reason: `no reliable reply, the request may have taken effect (${label})` };
}

export async function exchange(opts: AdapterOptions, req: HttpRequest): Promise<Exchange> {
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { ok: true, res: { status: res.statusCode, headers: res.headers, text, json } };
  } catch (err) {
    return { ok: false, outcome: classifyTransportError(err) };
  }
}

export function formBody(params: Record<string, string | undefined>): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, v);
  return form.toString();
}

export const FORM = 'application/x-www-form-urlencoded';

export function headerValue(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Short, single-line excerpt of a body for reasons (never the whole page of an HTML error).
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
