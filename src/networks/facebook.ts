// Facebook Graph API adapter for Pages (groups cannot be posted to since 2024-04-22:
// they are 'assisted' and never reach this adapter).
// Errors: {"error":{"message","type","code","error_subcode","fbtrace_id"}}.
import { FORM, exchange, formBody, headerValue, isObject, unreadableReply, type HttpResponse } from './http.js';
import { checkFailed, unknown } from './outcomes.js';
import { guarded } from './redact.js';
import { cleanRefusal, retryAfterSeconds } from './reply-status.js';
import type {
  AdapterOptions,
  ChangeOutcome,
  CredentialCheck,
  EditRequest,
  FacebookCredentials,
  FailureOutcome,
  NetworkAdapter,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
} from './types.js';

// Graph rate limits are rolling one-hour windows; used when the usage headers give no estimate.
const RATE_LIMIT_DEFAULT_SECONDS = 900;
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
// 102: session key invalid, 190: access token expired/invalidated.
const AUTH_CODES = new Set([102, 190]);

// x-business-use-case-usage / x-app-usage carry estimated_time_to_regain_access in minutes.
function regainSeconds(res: HttpResponse): number | undefined {
  for (const name of ['x-business-use-case-usage', 'x-page-usage', 'x-app-usage']) {
    const raw = headerValue(res, name);
    if (!raw) continue;
    const minutes = [...raw.matchAll(/"estimated_time_to_regain_access"\s*:\s*(\d+)/g)].map((m) => Number(m[1]));
    const max = Math.max(0, ...minutes);
    if (max > 0) return max * 60;
  }
  return undefined;
}

export function mapFacebookError(res: HttpResponse, error: Record<string, unknown>): FailureOutcome {
  const code = Number(error.code);
  const reason = `Facebook error ${code}${error.error_subcode ? `/${String(error.error_subcode)}` : ''}: ${String(error.message ?? '')}`;
  if (AUTH_CODES.has(code)) return { kind: 'needs_reauth', reason };
  if (RATE_LIMIT_CODES.has(code)) {
    const seconds = regainSeconds(res) ?? retryAfterSeconds(res) ?? RATE_LIMIT_DEFAULT_SECONDS;
    return { kind: 'retry_after', seconds, scope: 'account', reason, code };
  }
  // 1 unknown error / 2 service unavailable: Facebook failed midway, the post may exist.
  if (code === 1 || code === 2) return unknown(reason);
  return { kind: 'permanent', reason, code };
}

type Reply = { ok: true; body: Record<string, unknown> } | { ok: false; failure: FailureOutcome; error?: Record<string, unknown> };

export function createFacebookAdapter(opts: AdapterOptions): NetworkAdapter<'facebook'> {
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, token: string, params: Record<string, string | undefined> = {}): Promise<Reply> {
    const withToken = formBody({ ...params, access_token: token });
    const ex = await exchange(
      opts,
      method === 'POST'
        ? { method, url: `${base}${path}`, headers: { 'content-type': FORM }, body: withToken }
        : { method, url: `${base}${path}?${withToken}` },
    );
    if (!ex.ok) return { ok: false, failure: ex.outcome };
    const { status, json } = ex.res;
    if (isObject(json) && isObject(json.error)) {
      return { ok: false, failure: cleanRefusal(ex.res, mapFacebookError(ex.res, json.error)), error: json.error };
    }
    if (status >= 200 && status < 300 && isObject(json)) return { ok: true, body: json };
    return { ok: false, failure: unreadableReply(`Facebook ${method} ${path.split('?')[0]}`, ex.res) };
  }

  const onThrow = (reason: string) => unknown(reason);
  const path = (id: string) => `/${encodeURIComponent(id)}`;

  return {
    network: 'facebook',

    publish(creds: FacebookCredentials, req: PublishRequest): Promise<PublishOutcome> {
      return guarded([creds.pageToken], onThrow, async () => {
        if (req.target.mode === 'suggest') return { kind: 'permanent', reason: 'Facebook Pages take no suggested posts' };
        // The image is not uploaded: the link's own preview card is the picture.
        const reply = await call('POST', `${path(req.target.address)}/feed`, creds.pageToken, {
          message: req.text,
          link: req.applyUrl,
        });
        if (!reply.ok) return reply.failure;
        const id = reply.body.id;
        if (typeof id !== 'string') return unknown('Facebook feed: reply without post id');
        return { kind: 'published', networkPostId: id, permalink: `https://www.facebook.com/${id}` };
      });
    },

    edit(creds: FacebookCredentials, req: EditRequest): Promise<ChangeOutcome> {
      return guarded([creds.pageToken], onThrow, async () => {
        // The attached link of a Page post cannot be changed after publishing; the message can.
        const reply = await call('POST', path(req.networkPostId), creds.pageToken, { message: req.text });
        return reply.ok ? { kind: 'done' } : reply.failure;
      });
    },

    remove(creds: FacebookCredentials, req: RemoveRequest): Promise<ChangeOutcome> {
      return guarded([creds.pageToken], onThrow, async () => {
        const reply = await call('DELETE', path(req.networkPostId), creds.pageToken);
        if (reply.ok) return { kind: 'done' };
        // 100/33: the object does not exist (already deleted): the wanted state holds.
        if (Number(reply.error?.code) === 100 && Number(reply.error?.error_subcode) === 33) return { kind: 'done' };
        return reply.failure;
      });
    },

    checkCredentials(creds: FacebookCredentials): Promise<CredentialCheck> {
      return guarded([creds.pageToken], (reason) => ({ ok: false, kind: 'unknown', reason }) as const, async () => {
        const reply = await call('GET', path(creds.pageId), creds.pageToken, { fields: 'id,name' });
        if (!reply.ok) return checkFailed(reply.failure);
        const { id, name } = reply.body;
        if (typeof id !== 'string') return { ok: false, kind: 'unknown', reason: 'page lookup returned no id' };
        return { ok: true, identity: typeof name === 'string' ? `${name} (${id})` : id };
      });
    },
  };
}
