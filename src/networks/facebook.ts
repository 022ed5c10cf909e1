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
  Done,
  CountsRead,
  CredentialCheck,
  EditRequest,
  FacebookCredentials,
  FailureOutcome,
  NetworkAdapter,
  PostCounts,
  PostRef,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
} from './types.js';

// Graph rate limits are rolling one-hour windows; used when the usage headers give no estimate.
const RATE_LIMIT_DEFAULT_SECONDS = 900;
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
// 102: session key invalid, 190: access token expired/invalidated.
const AUTH_CODES = new Set([102, 190]);

// The Graph API's cap on ids in one multi-id read (GET /?ids=).
const IDS_PER_READ = 50;
// Totals only: limit(0) asks for none of the reactions or comments themselves, summary for their count.
const COUNT_FIELDS = 'reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares';

// One post that no longer exists fails a whole multi-id read: "(#803) Some of the aliases you
// requested do not exist: id1,id2" (#100 on some versions). The ids it names, of those asked.
function missingIds(error: Record<string, unknown> | undefined, asked: string[]): string[] {
  if (![100, 803].includes(Number(error?.code))) return [];
  const named = /do not exist: (.+)$/.exec(String(error?.message ?? ''))?.[1]?.split(',').map((id) => id.trim()) ?? [];
  return asked.filter((id) => named.includes(id));
}

// A Page post's totals. Graph leaves `shares` out until somebody shares the post. Views are
// impressions, readable only through Page Insights (read_insights): null.
function postCounts(node: Record<string, unknown>): PostCounts {
  const total = (edge: unknown) => {
    const n = isObject(edge) && isObject(edge.summary) ? edge.summary.total_count : undefined;
    return typeof n === 'number' ? n : null;
  };
  const shares = isObject(node.shares) ? node.shares.count : 0;
  return { views: null, reactions: total(node.reactions), reposts: typeof shares === 'number' ? shares : null, comments: total(node.comments) };
}

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

/**
 * The Graph node of a Page as the registry keeps its address: a page id, or the Page's URL
 * (facebook.com/<id or vanity name>, profile.php?id=<id>, people/<name>/<id>); Graph takes a
 * Page's vanity name as an alias of its id.
 */
export function pageNode(address: string): string {
  if (!/^https?:\/\//.test(address)) return address;
  const url = new URL(address);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'profile.php') return url.searchParams.get('id') ?? address;
  if (segments[0] === 'people' && segments[2]) return segments[2];
  return segments[0] ?? address;
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
        const reply = await call('POST', `${path(pageNode(req.target.address))}/feed`, creds.pageToken, {
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

    // GET /?ids=…&fields=… answers an object keyed by post id. A read is safe to repeat: one refused
    // call fails the whole read, except a refusal naming missing posts, which are null and the rest
    // asked again (each such refusal leaves fewer to ask, so at most one call per post).
    // The app receives a Page's feed webhooks only once the Page subscribed it, with the Page's token.
    subscribeFeed(creds: FacebookCredentials): Promise<Done | FailureOutcome> {
      return guarded([creds.pageToken], onThrow, async () => {
        const reply = await call('POST', `${path(creds.pageId)}/subscribed_apps`, creds.pageToken, { subscribed_fields: 'feed' });
        return reply.ok ? { kind: 'done' } : reply.failure;
      });
    },

    readCounts(creds: FacebookCredentials, refs: PostRef[]): Promise<CountsRead | FailureOutcome> {
      return guarded([creds.pageToken], onThrow, async () => {
        const found = new Map<string, PostCounts>();
        for (let i = 0; i < refs.length; i += IDS_PER_READ) {
          let ids = refs.slice(i, i + IDS_PER_READ).map((r) => r.networkPostId);
          while (ids.length > 0) {
            const reply = await call('GET', '/', creds.pageToken, { ids: ids.join(','), fields: COUNT_FIELDS });
            if (reply.ok) {
              for (const id of ids) {
                const node = reply.body[id];
                if (isObject(node)) found.set(id, postCounts(node));
              }
              break;
            }
            const gone = missingIds(reply.error, ids);
            if (gone.length === 0) return reply.failure;
            ids = ids.filter((id) => !gone.includes(id));
          }
        }
        return { kind: 'counts', counts: refs.map((r) => found.get(r.networkPostId) ?? null) };
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
