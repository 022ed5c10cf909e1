// One attempt at delivering one event to one endpoint: the address checked (SSRF guard) and the
// connection pinned to it, one deadline for the whole exchange, redirects not followed, and no more
// of the answer read than an excerpt for the delivery log.
import { request } from 'undici';
import { startDeadline } from '../networks/deadline.js';
import { checkWebhookUrl, pinnedDispatcher, WebhookAddressError } from './address-guard.js';
import { retryAfterMs } from './retry-schedule.js';

export const ATTEMPT_TIMEOUT_MS = 15_000;
// What is read of an answer: enough for an error page's gist; the rest is not waited for.
const READ_CAP_BYTES = 64 * 1024;
const EXCERPT_CHARS = 1000;

export type AttemptOutcome = 'delivered' | 'failed' | 'gone' | 'throttled' | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
  /** The receiver's Retry-After (429 and 5xx), in ms. */
  retryAfterMs?: number;
}

export interface AttemptPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
  timeoutMs?: number;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= READ_CAP_BYTES) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, READ_CAP_BYTES).toString('utf8');
}

function outcomeOf(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 429 || status === 502 || status === 503 || status === 504) return 'throttled';
  return 'failed';
}

export async function sendAttempt(url: string, headers: Record<string, string>, body: string, policy: AttemptPolicy): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  // One deadline from the address lookup to the last byte: a slow resolver must not stretch an
  // attempt past the delivery's lease.
  const deadline = startDeadline(policy.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
  let target: Awaited<ReturnType<typeof checkWebhookUrl>>;
  try {
    const checked = await Promise.race([checkWebhookUrl(url, { allowHttp: policy.allowHttp, allowPrivate: policy.allowPrivate }), deadline.expired]);
    if (checked === 'expired') {
      deadline.cancel();
      return { outcome: 'failed', httpStatus: null, durationMs: took(), excerpt: null, error: 'the address did not resolve in time' };
    }
    target = checked;
  } catch (err) {
    deadline.cancel();
    const message = err instanceof WebhookAddressError ? err.message : `the address could not be checked: ${(err as Error).message}`;
    return { outcome: 'refused', httpStatus: null, durationMs: took(), excerpt: null, error: message };
  }
  const dispatcher = pinnedDispatcher(target.address, target.family);
  try {
    const res = await request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'vacancy-crossposter-webhooks/1' },
      body,
      dispatcher,
      signal: deadline.signal,
    });
    // The status decides; an answer whose body then stalls past the deadline keeps its status.
    const text = await readCapped(res.body).catch(() => '');
    const outcome = outcomeOf(res.statusCode);
    const wait = outcome === 'throttled' ? retryAfterMs(res.headers['retry-after']) : undefined;
    return {
      outcome,
      httpStatus: res.statusCode,
      durationMs: took(),
      excerpt: text.length > 0 ? text.slice(0, EXCERPT_CHARS) : null,
      error: res.statusCode >= 300 && res.statusCode < 400 ? `redirect to ${String(res.headers.location ?? '?')} not followed` : null,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  } catch (err) {
    const reason = deadline.signal.aborted ? `no answer within ${(policy.timeoutMs ?? ATTEMPT_TIMEOUT_MS) / 1000} s` : ((err as { code?: string }).code ?? (err as Error).message);
    return { outcome: 'failed', httpStatus: null, durationMs: took(), excerpt: null, error: reason };
  } finally {
    deadline.cancel();
    void dispatcher.close().catch(() => undefined);
  }
}
