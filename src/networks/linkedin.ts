// LinkedIn Posts API adapter (versioned REST: /rest/posts, LinkedIn-Version YYYYMM,
// X-Restli-Protocol-Version 2.0.0). A created post answers 201 with its URN in `x-restli-id`.
// Errors: {"status","serviceErrorCode","code","message"}.
import { excerpt, exchange, headerValue, isObject, type HttpResponse } from './http.js';
import { checkFailed, unknown } from './outcomes.js';
import { guarded } from './redact.js';
import { retryAfterSeconds, unreadableReply } from './reply-status.js';
import { nextMidnight, secondsUntil } from './time.js';
import type {
  AdapterOptions,
  ChangeOutcome,
  CredentialCheck,
  EditRequest,
  FailureOutcome,
  LinkedinCredentials,
  NetworkAdapter,
  NotSupported,
  PostRef,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
} from './types.js';

// LinkedIn sunsets a version about a year after release: keep it configurable.
export const DEFAULT_LINKEDIN_VERSION = '202601';

export interface LinkedinAdapterOptions extends AdapterOptions {
  version?: string;
}

// LinkedIn answers errors by status, with or without its JSON body, so the status table of
// reply-status.ts is its error table too, with two additions of its own (401, and 429's default).
export function mapLinkedinError(res: HttpResponse, now = new Date()): FailureOutcome {
  const body = isObject(res.json) ? res.json : {};
  const detail = typeof body.message === 'string' ? body.message : excerpt(res.text) || 'no message';
  const reason = `LinkedIn ${res.status} ${typeof body.code === 'string' ? `${body.code}: ` : ''}${detail}`;
  if (res.status === 401) return { kind: 'needs_reauth', reason };
  // Daily app/member limits, usually without Retry-After: the counters reset at midnight UTC.
  if (res.status === 429) {
    const seconds = retryAfterSeconds(res, now) ?? secondsUntil(nextMidnight(now, 0), now);
    return { kind: 'retry_after', seconds, scope: 'account', reason, code: 429 };
  }
  // A 2xx other than the one the call expects: something happened, maybe the post.
  if (res.status >= 200 && res.status < 300) return unknown(reason);
  const outcome = unreadableReply(res, reason, now);
  // LinkedIn's own error code ("ACCESS_DENIED"…) says more than the status when it sent one.
  // LinkedIn's own JSON error is its word on the call; its error code ("ACCESS_DENIED"…) says more than the status.
  if (outcome.kind === 'permanent' && isObject(res.json)) return { kind: 'permanent', reason, code: typeof body.code === 'string' ? body.code : res.status };
  return outcome;
}

export function createLinkedinAdapter(opts: LinkedinAdapterOptions): NetworkAdapter<'linkedin'> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const version = opts.version ?? DEFAULT_LINKEDIN_VERSION;

  const headers = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'linkedin-version': version,
    'x-restli-protocol-version': '2.0.0',
    ...extra,
  });
  const postPath = (urn: string) => `${base}/rest/posts/${encodeURIComponent(urn)}`;
  const onThrow = (reason: string) => unknown(reason);

  return {
    network: 'linkedin',

    publish(creds: LinkedinCredentials, req: PublishRequest): Promise<PublishOutcome> {
      return guarded([creds.accessToken], onThrow, async () => {
        if (req.target.mode === 'suggest') return { kind: 'permanent', reason: 'LinkedIn has no suggested posts for pages or profiles' };
        const body: Record<string, unknown> = {
          author: req.target.address,
          commentary: req.text,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        };
        if (req.applyUrl) {
          body.content = { article: { source: req.applyUrl, title: req.linkTitle ?? req.applyLabel ?? req.applyUrl } };
        }
        const ex = await exchange(opts, {
          method: 'POST',
          url: `${base}/rest/posts`,
          headers: headers(creds.accessToken, { 'content-type': 'application/json' }),
          body: JSON.stringify(body),
        });
        if (!ex.ok) return ex.outcome;
        if (ex.res.status !== 201) return mapLinkedinError(ex.res);
        const urn = headerValue(ex.res, 'x-restli-id');
        // Created, but without its URN we could neither link, edit nor delete it.
        if (!urn) return unknown('LinkedIn answered 201 without x-restli-id');
        return { kind: 'published', networkPostId: urn, permalink: `https://www.linkedin.com/feed/update/${urn}` };
      });
    },

    edit(creds: LinkedinCredentials, req: EditRequest): Promise<ChangeOutcome> {
      return guarded([creds.accessToken], onThrow, async () => {
        // Only commentary (and a few fields) can be patched; the article link stays.
        const ex = await exchange(opts, {
          method: 'POST',
          url: postPath(req.networkPostId),
          headers: headers(creds.accessToken, { 'content-type': 'application/json', 'x-restli-method': 'PARTIAL_UPDATE' }),
          body: JSON.stringify({ patch: { $set: { commentary: req.text } } }),
        });
        if (!ex.ok) return ex.outcome;
        return ex.res.status >= 200 && ex.res.status < 300 ? { kind: 'done' } : mapLinkedinError(ex.res);
      });
    },

    remove(creds: LinkedinCredentials, req: RemoveRequest): Promise<ChangeOutcome> {
      return guarded([creds.accessToken], onThrow, async () => {
        const ex = await exchange(opts, { method: 'DELETE', url: postPath(req.networkPostId), headers: headers(creds.accessToken) });
        if (!ex.ok) return ex.outcome;
        // 404: already deleted; the wanted state holds.
        if ((ex.res.status >= 200 && ex.res.status < 300) || ex.res.status === 404) return { kind: 'done' };
        return mapLinkedinError(ex.res);
      });
    },

    // A post's counters come from socialActions / organizationalEntityShareStatistics, which want
    // scopes our tokens are not asked for: said without calling LinkedIn, never guessed.
    async readCounts(_creds: LinkedinCredentials, _refs: PostRef[]): Promise<NotSupported> {
      return {
        kind: 'not_supported',
        reason: "LinkedIn does not give a post's counters to this token (it needs the r_organization_social_feed / rw_organization_admin scopes)",
      };
    },

    // /v2/userinfo (OpenID Connect, scope openid) names the member behind the token.
    // A token without openid gets LinkedIn's own (JSON) 403 there although it is alive (401 is the
    // dead-token answer), so that 403 still counts as working credentials for the configured author.
    // A proxy's HTML 403 says nothing about the token.
    checkCredentials(creds: LinkedinCredentials): Promise<CredentialCheck> {
      return guarded([creds.accessToken], (reason) => ({ ok: false, kind: 'unknown', reason }) as const, async () => {
        const ex = await exchange(opts, {
          method: 'GET',
          url: `${base}/v2/userinfo`,
          headers: { authorization: `Bearer ${creds.accessToken}` },
        });
        if (!ex.ok) return checkFailed(ex.outcome);
        if (ex.res.status === 403 && isObject(ex.res.json)) return { ok: true, identity: `${creds.authorUrn} (token accepted; profile not readable)` };
        if (ex.res.status !== 200) return checkFailed(mapLinkedinError(ex.res));
        const me = isObject(ex.res.json) ? ex.res.json : {};
        if (typeof me.sub !== 'string') return { ok: false, kind: 'unknown', reason: 'userinfo returned no member id' };
        const person = `urn:li:person:${me.sub}`;
        if (creds.authorUrn.startsWith('urn:li:person:') && creds.authorUrn !== person) {
          return { ok: false, kind: 'permanent', reason: `token belongs to ${person}, not to author ${creds.authorUrn}` };
        }
        return { ok: true, identity: typeof me.name === 'string' ? `${me.name} (${person})` : person };
      });
    },
  };
}
