// A wire-level LinkedIn API: POST /rest/posts (201 + x-restli-id), POST /rest/posts/{urn}
// with X-RestLi-Method: PARTIAL_UPDATE (204), DELETE /rest/posts/{urn} (204), GET /v2/userinfo.
// Errors: {"status","serviceErrorCode","code","message"}. /rest/* requires LinkedIn-Version.
// Enforces the member daily limit on post creation (150/day per member, UTC day) → 429, no Retry-After.
import { createClock, serveFake, type Fault, type FakeHandle, type FakeReply, type FakeRequest } from './http-fake-server.js';
import { DailyCounter } from './rate-window.js';

export const LINKEDIN_FAKE_TOKEN = 'AQVFakeLinkedinTokenForTestsOnly000';
export const LINKEDIN_FAKE_MEMBER = 'abc123XYZ';
export const LINKEDIN_FAKE_ORG = 'urn:li:organization:2414183';

export interface LinkedinFakeMember {
  sub: string;
  name: string;
  // Author URNs this token may post as (its person URN is always included).
  organizations?: string[];
  // Token granted the openid scope (else /v2/userinfo answers 403).
  openid?: boolean;
}

export interface LinkedinFakeOptions {
  tokens?: Record<string, LinkedinFakeMember>;
  limits?: false | { postsPerDay?: number };
  host?: string;
  port?: number;
}

interface Post { urn: string; author: string; commentary: string; body: Record<string, unknown> }

export interface LinkedinFake extends FakeHandle {
  posts(): Post[];
}

const errorBody = (status: number, code: string, message: string, serviceErrorCode = 100) => ({ status, serviceErrorCode, code, message });

export function linkedinError(status: number, code: string, message: string, serviceErrorCode?: number): Fault {
  return { type: 'respond', status, body: errorBody(status, code, message, serviceErrorCode), result: `error:${status}` };
}

export async function startLinkedinFake(opts: LinkedinFakeOptions = {}): Promise<LinkedinFake> {
  const clock = createClock();
  const tokens = new Map(Object.entries(opts.tokens ?? {
    [LINKEDIN_FAKE_TOKEN]: { sub: LINKEDIN_FAKE_MEMBER, name: 'Fake Recruiter', organizations: [LINKEDIN_FAKE_ORG], openid: true },
  }));
  const limits = opts.limits === false ? undefined : opts.limits ?? {};
  const perDay = new DailyCounter(limits?.postsPerDay ?? 150, 0);
  const posts = new Map<string, Post>();
  let nextId = 7_100_000_000_000_000_000n;

  const fail = (status: number, code: string, message: string, serviceErrorCode?: number): FakeReply => ({
    status,
    body: errorBody(status, code, message, serviceErrorCode),
    result: `error:${status}`,
  });

  const tokenOf = (req: FakeRequest) => req.headers.authorization?.replace(/^Bearer\s+/i, '');

  function validPost(p: Record<string, unknown>): string | undefined {
    if (typeof p.commentary !== 'string') return '/commentary :: field is required but not found';
    if (p.commentary.length > 3000) return '/commentary :: length exceeds 3000';
    if (p.visibility !== 'PUBLIC' && p.visibility !== 'CONNECTIONS' && p.visibility !== 'LOGGED_IN') return '/visibility :: invalid value';
    const d = p.distribution as Record<string, unknown> | undefined;
    if (!d || d.feedDistribution === undefined) return '/distribution/feedDistribution :: field is required but not found';
    if (p.lifecycleState !== 'PUBLISHED' && p.lifecycleState !== 'DRAFT') return '/lifecycleState :: invalid value';
    const article = (p.content as { article?: Record<string, unknown> } | undefined)?.article;
    if (article && (typeof article.source !== 'string' || typeof article.title !== 'string')) return '/content/article :: source and title are required';
    return undefined;
  }

  const handle = await serveFake(
    {
      describe(req) {
        const m = /^\/rest\/posts\/(.+)$/.exec(req.path);
        const override = String(req.headers['x-restli-method'] ?? '').toUpperCase();
        if (m) return { method: `${override === 'PARTIAL_UPDATE' ? 'PARTIAL_UPDATE' : req.httpMethod} /rest/posts/{urn}`, target: decodeURIComponent(m[1]!), token: tokenOf(req) };
        const author = typeof req.params.author === 'string' ? req.params.author : undefined;
        return { method: `${req.httpMethod} ${req.path}`, target: author, token: tokenOf(req) };
      },
      handle(req, { method, target, token }) {
        const member = token ? tokens.get(token) : undefined;
        if (!member) return fail(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
        if (method === 'GET /v2/userinfo') {
          if (!member.openid) return fail(403, 'ACCESS_DENIED', 'Not enough permissions to access: userinfo.GET.NO_VERSION');
          const [given, ...family] = member.name.split(' ');
          return { status: 200, body: { sub: member.sub, name: member.name, given_name: given, family_name: family.join(' '), locale: { country: 'US', language: 'en' } }, result: 'ok' };
        }
        if (!req.path.startsWith('/rest/')) return fail(404, 'NOT_FOUND', `No resource found for ${req.path}`);
        const version = String(req.headers['linkedin-version'] ?? '');
        if (!version) return fail(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
        if (!/^\d{6}(\.\d{2})?$/.test(version)) return fail(426, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`);
        const authors = new Set([`urn:li:person:${member.sub}`, ...(member.organizations ?? [])]);
        const now = clock.now();
        switch (method) {
          case 'POST /rest/posts': {
            const p = req.params;
            if (typeof p.author !== 'string' || !authors.has(p.author)) {
              return fail(403, 'ACCESS_DENIED', `Not enough permissions to access: partnerApiPostsExternal.CREATE.${version}`);
            }
            const invalid = validPost(p);
            if (invalid) return fail(422, 'UNPROCESSABLE_ENTITY', `ERROR :: ${invalid}`);
            if (limits && perDay.exhausted(token!, now)) {
              return fail(429, 'TOO_MANY_REQUESTS', 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.', 101);
            }
            if (limits) perDay.record(token!, now);
            const urn = `urn:li:share:${nextId++}`;
            posts.set(urn, { urn, author: p.author, commentary: String(p.commentary), body: p });
            return { status: 201, headers: { 'x-restli-id': urn, 'x-linkedin-id': urn }, result: 'ok' };
          }
          case 'PARTIAL_UPDATE /rest/posts/{urn}': {
            const post = posts.get(target!);
            if (!post || !authors.has(post.author)) return fail(404, 'NOT_FOUND', `Post ${target} not found`);
            const set = (req.params.patch as { $set?: Record<string, unknown> } | undefined)?.$set;
            if (!set || typeof set.commentary !== 'string') return fail(400, 'BAD_REQUEST', 'patch.$set.commentary is required');
            post.commentary = set.commentary;
            return { status: 204, result: 'ok' };
          }
          case 'DELETE /rest/posts/{urn}': {
            const post = posts.get(target!);
            if (!post || !authors.has(post.author)) return fail(404, 'NOT_FOUND', `Post ${target} not found`);
            posts.delete(target!);
            return { status: 204, result: 'ok' };
          }
          default:
            return fail(404, 'NOT_FOUND', `No resource found for ${method}`);
        }
      },
      reset() {
        perDay.clear();
        posts.clear();
      },
    },
    { host: opts.host, port: opts.port, clock },
  );

  return { ...handle, posts: () => [...posts.values()] };
}
