// A wire-level Facebook Graph API for Pages: {url} ends in /v21.0.
// POST /{page-id}/feed, POST /{post-id} (edit), DELETE /{post-id}, GET /{id}?fields=…,
// GET /?ids=a,b&fields=… (up to 50 ids; one unknown id fails the whole read with #803).
// Errors: HTTP 4xx with {"error":{message,type,code,error_subcode?,fbtrace_id}}.
// Enforces the Pages rate limit (calls per page token per rolling 24 h → code 32,
// with x-business-use-case-usage carrying estimated_time_to_regain_access).
import { createClock, serveFake, type Fault, type FakeHandle, type FakeReply, type FakeRequest } from './http-fake-server.js';
import { SlidingWindow } from './rate-window.js';

export const FACEBOOK_FAKE_PAGE_ID = '100000000000001';
export const FACEBOOK_FAKE_TOKEN = 'EAAFakePageTokenForTestsOnly000000';

export interface FacebookFakeOptions {
  // page id → its page access token and name
  pages?: Record<string, { token: string; name?: string }>;
  // Pages BUC limit is 4800 × engaged users per 24 h; one engaged user by default.
  limits?: false | { callsPerDay?: number };
  host?: string;
  port?: number;
}

export interface FacebookFakeCounts { reactions: number; comments: number; shares: number }

export interface FacebookFake extends FakeHandle {
  posts(pageId: string): Array<{ id: string; message: string; link?: string }>;
  // What a read of the post's reactions/comments/shares tells from now on; counters not given stay as they were.
  setCounts(postId: string, counts: Partial<FacebookFakeCounts>): void;
}

// The Graph API's cap on ids in one multi-id read.
const MAX_IDS = 50;

let trace = 0;
function errorBody(code: number, message: string, type = 'OAuthException', subcode?: number) {
  return { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: `AfakeTrace${++trace}` } };
}

export function facebookError(status: number, code: number, message: string, opts: { type?: string; subcode?: number; headers?: Record<string, string> } = {}): Fault {
  return { type: 'respond', status, body: errorBody(code, message, opts.type, opts.subcode), headers: opts.headers, result: `error:${code}` };
}

export async function startFacebookFake(opts: FacebookFakeOptions = {}): Promise<FacebookFake> {
  const clock = createClock();
  const pages = new Map(Object.entries(opts.pages ?? { [FACEBOOK_FAKE_PAGE_ID]: { token: FACEBOOK_FAKE_TOKEN, name: 'Fake Jobs Page' } }));
  const pageByToken = new Map([...pages].map(([id, p]) => [p.token, id]));
  const limits = opts.limits === false ? undefined : opts.limits ?? {};
  const perDay = new SlidingWindow(limits?.callsPerDay ?? 4800, 86_400_000);
  const posts = new Map<string, { id: string; message: string; link?: string }>();
  const counts = new Map<string, FacebookFakeCounts>();
  const countsOf = (id: string): FacebookFakeCounts => counts.get(id) ?? { reactions: 0, comments: 0, shares: 0 };
  let nextPost = 1;

  const fail = (status: number, code: number, message: string, subcode?: number, headers?: Record<string, string>): FakeReply => ({
    status,
    body: errorBody(code, message, code === 100 ? 'GraphMethodException' : 'OAuthException', subcode),
    headers,
    result: `error:${code}`,
  });
  const ok = (body: unknown): FakeReply => ({ status: 200, body, result: 'ok' });

  // A post as a read with `fields` shows it: only the edges asked for, summaries without items;
  // Graph leaves `shares` out until somebody shares the post.
  function postFields(id: string, fields: string) {
    const asked = (edge: string) => new RegExp(`(^|,)${edge}(\\.|,|$)`).test(fields);
    const c = countsOf(id);
    return {
      id,
      ...(asked('reactions') ? { reactions: { data: [], summary: { total_count: c.reactions, viewer_reaction: 'NONE' } } } : {}),
      ...(asked('comments') ? { comments: { data: [], summary: { order: 'ranked', total_count: c.comments, can_comment: true } } } : {}),
      ...(asked('shares') && c.shares > 0 ? { shares: { count: c.shares } } : {}),
    };
  }

  // Page → the webhook fields the app was subscribed to (subscribed_apps).
  const subscribed = new Map<string, string[]>();

  function tokenOf(req: FakeRequest): string | undefined {
    if (req.params.access_token !== undefined) return String(req.params.access_token);
    const auth = req.headers.authorization;
    return auth?.replace(/^(Bearer|OAuth)\s+/i, '');
  }

  const handle = await serveFake(
    {
      describe(req) {
        const parts = req.path.split('/').filter(Boolean);
        const method = `${req.httpMethod} ${parts.length === 0 ? '/?ids=' : parts.length === 2 ? `/{id}/${parts[1]}` : '/{id}'}`;
        return { method, target: parts[0], token: tokenOf(req) };
      },
      handle(req, { method, target, token }) {
        if (!token) return fail(400, 2500, 'An active access token must be used to query information about the current user.');
        const ownPage = pageByToken.get(token);
        if (!ownPage) return fail(400, 190, 'Invalid OAuth access token - Cannot parse access token');
        const now = clock.now();
        if (limits) {
          const wait = perDay.waitMs(token, now);
          if (wait > 0) {
            const usage = { [ownPage]: [{ type: 'pages', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: Math.ceil(wait / 60_000) }] };
            return fail(400, 32, 'Page request limit reached', undefined, { 'x-business-use-case-usage': JSON.stringify(usage) });
          }
          perDay.record(token, now);
        }
        const id = target ?? '';
        const p = req.params;
        const missing = (verb: string) =>
          fail(400, 100, `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33);
        switch (method) {
          case 'POST /{id}/feed': {
            if (id !== ownPage) return fail(403, 200, '(#200) The user hasn\'t authorized the application to perform this action');
            if (!p.message && !p.link) return fail(400, 100, '(#100) Missing message or attachment');
            const post = { id: `${ownPage}_${nextPost++}`, message: String(p.message ?? ''), ...(p.link ? { link: String(p.link) } : {}) };
            posts.set(post.id, post);
            return ok({ id: post.id });
          }
          case 'POST /{id}/subscribed_apps': {
            // The Page token subscribes the app to the Page's webhooks, for the fields named.
            if (id !== ownPage) return fail(403, 200, '(#200) The user hasn\'t authorized the application to perform this action');
            if (!p.subscribed_fields) return fail(400, 100, '(#100) The parameter subscribed_fields is required');
            subscribed.set(ownPage, String(p.subscribed_fields).split(','));
            return ok({ success: true });
          }
          case 'GET /{id}': {
            if (id === ownPage || id === 'me') return ok({ id: ownPage, name: pages.get(ownPage)!.name ?? `Page ${ownPage}` });
            const post = posts.get(id);
            return post ? ok({ id: post.id, message: post.message }) : missing('get');
          }
          case 'GET /?ids=': {
            const ids = String(p.ids ?? '').split(',').filter(Boolean);
            if (ids.length === 0) return fail(400, 100, 'Cannot specify an empty identifier');
            if (ids.length > MAX_IDS) return fail(400, 100, `(#100) Too many IDs. Maximum: ${MAX_IDS}. Provided: ${ids.length}.`);
            const unknown = ids.filter((x) => !posts.has(x));
            if (unknown.length > 0) return fail(404, 803, `(#803) Some of the aliases you requested do not exist: ${unknown.join(',')}`);
            return ok(Object.fromEntries(ids.map((x) => [x, postFields(x, String(p.fields ?? ''))])));
          }
          case 'POST /{id}': {
            const post = posts.get(id);
            if (!post || !id.startsWith(`${ownPage}_`)) return missing('post');
            if (p.message !== undefined) post.message = String(p.message);
            return ok({ success: true });
          }
          case 'DELETE /{id}': {
            if (!posts.has(id) || !id.startsWith(`${ownPage}_`)) return missing('delete');
            posts.delete(id);
            return ok({ success: true });
          }
          default:
            return fail(400, 100, `Unknown path components: ${req.path}`);
        }
      },
      reset() {
        perDay.clear();
        posts.clear();
        counts.clear();
        subscribed.clear();
      },
    },
    { host: opts.host, port: opts.port, clock, basePath: '/v21.0' },
  );

  return {
    ...handle,
    posts: (pageId) => [...posts.values()].filter((x) => x.id.startsWith(`${pageId}_`)),
    setCounts: (id, given) => void counts.set(id, { ...countsOf(id), ...given }),
  };
}
