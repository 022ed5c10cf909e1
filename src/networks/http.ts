// One HTTP exchange with a network: a request out, a reply read whole (up to MAX_REPLY_BYTES),
// or a failure outcome saying what the failure proves about the request (wire-failure.ts).
//
// One deadline (AdapterOptions.timeoutMs, NETWORK_TIMEOUT_MS; see deadline.ts) bounds the whole
// exchange: connecting, writing, waiting for headers and reading the body. undici's own
// headersTimeout and bodyTimeout each restart per phase (and per chunk), so a server trickling a byte
// at a time would never trip them; they are left at their defaults, far behind the deadline.
import { getGlobalDispatcher, request, type Dispatcher } from 'undici';
import { startDeadline } from './deadline.js';
import { unreadableReply as byStatus } from './reply-status.js';
import type { AdapterOptions, FailureOutcome, RetryAfter, Unknown } from './types.js';
import { abandoned, brokenReply, type Progress } from './wire-failure.js';
import { watchWrites } from './write-watch.js';

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

// The replies we act on are a few kilobytes (a message, a post id, an error). A mebibyte is far
// beyond any of them, and small enough that a broken or hostile server cannot make a worker buffer
// tens of megabytes per call. A bigger reply is not read at all: its connection is closed.
export const MAX_REPLY_BYTES = 1024 * 1024;

class TooBig extends Error {}

async function readCapped(body: Dispatcher.ResponseData['body'], progress: Extract<Progress, { stage: 'reading' }>): Promise<string> {
  const declared = Number(progress.head.headers['content-length']);
  if (declared > MAX_REPLY_BYTES) {
    body.destroy();
    throw new TooBig();
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) {
    progress.bytes += chunk.length;
    // Leaving the loop destroys the stream, which closes the connection: the rest is never read.
    if (progress.bytes > MAX_REPLY_BYTES) throw new TooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function exchange(opts: AdapterOptions, req: HttpRequest): Promise<Exchange> {
  const deadline = startDeadline(opts.timeoutMs);
  const { expired } = deadline;
  let progress: Progress = { stage: 'not_written' };
  // Once the deadline passed, undici drops the request at its connection instead of writing it.
  const onWrite = () => {
    if (!deadline.signal.aborted && progress.stage === 'not_written') progress = { stage: 'written' };
  };
  try {
    const pending = request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: deadline.signal,
      dispatcher: (opts.dispatcher ?? getGlobalDispatcher()).compose(watchWrites(onWrite)),
    });
    // After the deadline nobody awaits it any more; its rejection is expected.
    pending.catch(() => undefined);
    const res = await Promise.race([pending, expired]);
    if (res === 'expired') return { ok: false, outcome: abandoned(progress, opts.timeoutMs) };
    const reading = { stage: 'reading' as const, head: { status: res.statusCode, headers: res.headers }, bytes: 0 };
    progress = reading;
    const reader = readCapped(res.body, reading);
    reader.catch(() => undefined);
    const text = await Promise.race([reader, expired]);
    if (text === 'expired') return { ok: false, outcome: abandoned(progress, opts.timeoutMs) };
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { ok: true, res: { ...reading.head, text, json } };
  } catch (err) {
    if (err instanceof TooBig) return { ok: false, outcome: abandoned(progress, opts.timeoutMs, MAX_REPLY_BYTES) };
    if (deadline.signal.aborted) return { ok: false, outcome: abandoned(progress, opts.timeoutMs) };
    return { ok: false, outcome: brokenReply(progress, err) };
  } finally {
    deadline.cancel();
  }
}

// A reply that is neither the network's success nor its error shape: the status decides (reply-status.ts).
export function unreadableReply(what: string, res: HttpResponse, now = new Date()): FailureOutcome {
  return byStatus(res, `${what}: unreadable reply HTTP ${res.status}: ${excerpt(res.text) || '(empty body)'}`, now);
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

export { isObject } from '../lib/json-values.js';

// Short, single-line excerpt of a body for reasons (never the whole page of an HTML error).
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
