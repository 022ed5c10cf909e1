// VK API adapter: POST {baseUrl}/{method} (form body, v=5.199, access_token).
// VK reports errors INSIDE an HTTP 200 body ({"error":{error_code,error_msg,…}}),
// so the status code alone is never trusted.
import { FORM, exchange, formBody, isObject, unreadableReply } from './http.js';
import { checkFailed, unknown } from './outcomes.js';
import { guarded } from './redact.js';
import { cleanRefusal } from './reply-status.js';
import { MOSCOW_UTC_OFFSET_HOURS, nextMidnight } from './time.js';
import type {
  AddressResolution,
  AdapterOptions,
  ChangeOutcome,
  CountsRead,
  CredentialCheck,
  EditRequest,
  FailureOutcome,
  NetworkAdapter,
  PostCounts,
  PostRef,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
  VkCommunities,
  VkCommunity,
  VkCredentials,
} from './types.js';

export const VK_API_VERSION = '5.199';

export interface VkAdapterOptions extends AdapterOptions {
  apiVersion?: string;
}

export type VkAdapter = NetworkAdapter<'vk'> &
  Required<Pick<NetworkAdapter<'vk'>, 'resolveAddress' | 'readCounts'>> & {
    /** groups.search: communities whose name matches `query`, basic fields only (members, walls: null/false). */
    searchCommunities(creds: VkCredentials, query: string, count: number): Promise<VkCommunities | FailureOutcome>;
    /** groups.getById: communities by numeric id or screen name; a ref VK does not know has no item. */
    readCommunities(creds: VkCredentials, refs: string[]): Promise<VkCommunities | FailureOutcome>;
  };

// What groups.getById is asked for, beyond the basic fields (id, name, screen_name, is_closed, type,
// is_admin, admin_level, deactivated): enough to tell whether the token's user may post there.
const COMMUNITY_FIELDS = 'members_count,can_post,can_suggest,wall,is_admin,admin_level,activity';
// groups.search answers at most 1000 communities per call, 20 when not told.
const SEARCH_MAX = 1000;
const SEARCH_DEFAULT = 20;

// Flood control (9) is VK telling us to stop for a long while, not a per-second blip.
const FLOOD_CONTROL_RETRY_SECONDS = 3600;
const SERVER_ERROR_RETRY_SECONDS = 10;

type Reply = { ok: true; response: unknown } | { ok: false; failure: FailureOutcome };

export function mapVkError(error: Record<string, unknown>, now = new Date()): FailureOutcome {
  const code = Number(error.error_code);
  const msg = typeof error.error_msg === 'string' ? error.error_msg : `error ${code}`;
  const reason = `VK error ${code}: ${msg}`;
  switch (code) {
    case 5: // user authorization failed: token dead or revoked
    case 17: // validation required: the user must pass a check in the browser
      return { kind: 'needs_reauth', reason };
    case 6: // too many requests per second (3/s per user token)
      return { kind: 'retry_after', seconds: 1, scope: 'account', reason, code };
    case 9:
      return { kind: 'retry_after', seconds: FLOOD_CONTROL_RETRY_SECONDS, scope: 'account', reason, code };
    case 14:
      return {
        kind: 'needs_person',
        reason,
        details: {
          captcha_sid: String(error.captcha_sid ?? ''),
          captcha_img: String(error.captcha_img ?? ''),
        },
      };
    // 214 also covers "wall closed" and scheduling clashes, but for a token that posted fine
    // before it is the 50 posts/day cap; stopping until VK's day ends (Moscow) is safe either way.
    case 214:
      return { kind: 'quota_exhausted', reason, until: nextMidnight(now, MOSCOW_UTC_OFFSET_HOURS), code };
    case 219: // advertisement post was recently added
    case 224: // too many ads posts
    case 29: // method's daily rate limit reached
      return { kind: 'quota_exhausted', reason, code };
    case 1: // unknown error
    case 10: // internal server error
      // VK failed midway: the post may or may not exist.
      return unknown(reason);
    // 15 access denied, 222 hyperlinks forbidden, 27 community token, 100 bad parameter, …
    default:
      return { kind: 'permanent', reason, code };
  }
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
// VK writes flags as 0/1.
const flag = (v: unknown): boolean => v === 1 || v === true;

// One community as groups.search / groups.getById write it; fields not asked for (or not told to
// this user) come out null/false rather than guessed.
export function vkCommunity(item: Record<string, unknown>): VkCommunity | null {
  const id = numberOrNull(item.id);
  if (id === null) return null;
  return {
    id,
    name: textOrNull(item.name) ?? '',
    screenName: textOrNull(item.screen_name),
    type: textOrNull(item.type) ?? 'group',
    membersCount: numberOrNull(item.members_count),
    isClosed: numberOrNull(item.is_closed) ?? 0,
    wall: numberOrNull(item.wall),
    canPost: flag(item.can_post),
    canSuggest: flag(item.can_suggest),
    isAdmin: flag(item.is_admin),
    adminLevel: numberOrNull(item.admin_level),
    activity: textOrNull(item.activity),
    deactivated: textOrNull(item.deactivated),
  };
}

// groups.search answers {count, items}; groups.getById in 5.199 {groups, profiles}, before it a bare list.
function communityList(response: unknown): VkCommunities {
  const list = Array.isArray(response)
    ? response
    : isObject(response) && Array.isArray(response.groups)
      ? response.groups
      : isObject(response) && Array.isArray(response.items)
        ? response.items
        : [];
  const items = list.flatMap((item) => {
    const community = isObject(item) ? vkCommunity(item) : null;
    return community ? [community] : [];
  });
  return { kind: 'communities', items };
}

export function createVkAdapter(opts: VkAdapterOptions): VkAdapter {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const v = opts.apiVersion ?? VK_API_VERSION;

  async function call(token: string, method: string, params: Record<string, string | undefined>): Promise<Reply> {
    const ex = await exchange(opts, {
      method: 'POST',
      url: `${base}/${method}`,
      headers: { 'content-type': FORM },
      body: formBody({ ...params, v, access_token: token }),
    });
    if (!ex.ok) return { ok: false, failure: ex.outcome };
    const { status, json } = ex.res;
    if (isObject(json) && isObject(json.error)) {
      // A clean VK error body is a refusal even behind a 5xx.
      const failure = mapVkError(json.error);
      if (status >= 500 && failure.kind === 'unknown') {
        const code = Number(json.error.error_code);
        return { ok: false, failure: { kind: 'retry_after', seconds: SERVER_ERROR_RETRY_SECONDS, scope: 'account', reason: failure.reason, code } };
      }
      return { ok: false, failure: cleanRefusal(ex.res, failure) };
    }
    if (status === 200 && isObject(json) && 'response' in json) return { ok: true, response: json.response };
    return { ok: false, failure: unreadableReply(`VK ${method}`, ex.res) };
  }

  const onThrow = (reason: string) => unknown(reason);
  const groupId = (address: string) => (/^\d+$/.test(address) ? address : null);
  const notGroup = (address: string): FailureOutcome => ({
    kind: 'permanent',
    reason: `VK target must be a numeric group id, got "${address}"`,
  });

  return {
    network: 'vk',

    publish(creds: VkCredentials, req: PublishRequest): Promise<PublishOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        const gid = groupId(req.target.address);
        if (!gid) return notGroup(req.target.address);
        const suggest = req.target.mode === 'suggest';
        // Posting to a wall that takes suggestions without from_group creates a suggested post.
        // VK has no image-by-URL: the apply link (one external link at most) brings its own snippet.
        const reply = await call(creds.userToken, 'wall.post', {
          owner_id: `-${gid}`,
          from_group: suggest ? undefined : '1',
          message: req.text,
          attachments: req.applyUrl,
        });
        if (!reply.ok) return reply.failure;
        const postId = isObject(reply.response) ? reply.response.post_id : undefined;
        if (typeof postId !== 'number') return unknown('VK wall.post: reply without post_id');
        if (suggest) return { kind: 'suggested', networkPostId: String(postId) };
        return { kind: 'published', networkPostId: String(postId), permalink: `https://vk.com/wall-${gid}_${postId}` };
      });
    },

    edit(creds: VkCredentials, req: EditRequest): Promise<ChangeOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        const gid = groupId(req.address);
        if (!gid) return notGroup(req.address);
        // wall.edit replaces attachments: omitting the link would drop it from the post.
        const reply = await call(creds.userToken, 'wall.edit', {
          owner_id: `-${gid}`,
          post_id: req.networkPostId,
          message: req.text,
          attachments: req.applyUrl,
        });
        return reply.ok ? { kind: 'done' } : reply.failure;
      });
    },

    remove(creds: VkCredentials, req: RemoveRequest): Promise<ChangeOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        const gid = groupId(req.address);
        if (!gid) return notGroup(req.address);
        const reply = await call(creds.userToken, 'wall.delete', { owner_id: `-${gid}`, post_id: req.networkPostId });
        return reply.ok ? { kind: 'done' } : reply.failure;
      });
    },

    // wall.getById takes up to 100 posts as "-{group}_{post}" and answers each one still on a wall
    // with its counters ({views, likes, reposts, comments: {count}}); a deleted post is left out.
    readCounts(creds: VkCredentials, refs: PostRef[]): Promise<CountsRead | FailureOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        const ids = refs.map((r) => `-${groupId(r.address) ?? r.address}_${r.networkPostId}`);
        const reply = await call(creds.userToken, 'wall.getById', { posts: ids.join(','), extended: '0' });
        if (!reply.ok) return reply.failure;
        const items = Array.isArray(reply.response) ? reply.response : isObject(reply.response) && Array.isArray(reply.response.items) ? reply.response.items : [];
        const found = new Map<string, PostCounts>();
        const count = (v: unknown) => (isObject(v) && typeof v.count === 'number' ? v.count : null);
        for (const item of items) {
          if (!isObject(item)) continue;
          found.set(`${String(item.owner_id)}_${String(item.id)}`, {
            views: count(item.views),
            reactions: count(item.likes),
            reposts: count(item.reposts),
            comments: count(item.comments),
          });
        }
        return { kind: 'counts', counts: ids.map((id) => found.get(id) ?? null) };
      });
    },

    // A screen name (vk.com/<name>) to the community's numeric id, which wall.post needs as owner_id.
    // utils.resolveScreenName answers {type, object_id}, or an empty list for a name nobody has.
    resolveAddress(creds: VkCredentials, address: string): Promise<AddressResolution> {
      return guarded([creds.userToken], onThrow, async () => {
        if (groupId(address)) return { kind: 'resolved', address, what: `community ${address}` };
        const reply = await call(creds.userToken, 'utils.resolveScreenName', { screen_name: address });
        if (!reply.ok) return reply.failure;
        const found = isObject(reply.response) ? reply.response : undefined;
        if (!found) return { kind: 'unresolvable', reason: `VK has no page named "${address}"` };
        const id = Number(found.object_id);
        if (!['group', 'page', 'event'].includes(String(found.type)) || !Number.isInteger(id) || id <= 0) {
          return { kind: 'unresolvable', reason: `vk.com/${address} is a ${String(found.type)}, not a community: posts go to a group, public page or event` };
        }
        return { kind: 'resolved', address: String(id), what: `community ${id} (vk.com/${address})` };
      });
    },

    searchCommunities(creds: VkCredentials, query: string, count: number): Promise<VkCommunities | FailureOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        const wanted = Number.isFinite(count) ? Math.min(Math.max(Math.trunc(count), 1), SEARCH_MAX) : SEARCH_DEFAULT;
        const reply = await call(creds.userToken, 'groups.search', { q: query, count: String(wanted) });
        return reply.ok ? communityList(reply.response) : reply.failure;
      });
    },

    readCommunities(creds: VkCredentials, refs: string[]): Promise<VkCommunities | FailureOutcome> {
      return guarded([creds.userToken], onThrow, async () => {
        if (refs.length === 0) return { kind: 'communities', items: [] };
        const reply = await call(creds.userToken, 'groups.getById', { group_ids: refs.join(','), fields: COMMUNITY_FIELDS });
        if (reply.ok) return communityList(reply.response);
        // VK answers a ref it does not know either by leaving it out or, when none is known, with
        // error 100 ("group_ids is undefined"). Both read the same: no item for that ref.
        if (reply.failure.kind === 'permanent' && reply.failure.code === 100) return { kind: 'communities', items: [] };
        return reply.failure;
      });
    },

    // users.get without ids answers "who owns this token". wall.post needs a *user* token;
    // a community token fails here with error 27, which is exactly what the caller must learn.
    checkCredentials(creds: VkCredentials): Promise<CredentialCheck> {
      return guarded([creds.userToken], (reason) => ({ ok: false, kind: 'unknown', reason }) as const, async () => {
        const reply = await call(creds.userToken, 'users.get', {});
        if (!reply.ok) return checkFailed(reply.failure);
        const user = Array.isArray(reply.response) ? reply.response[0] : undefined;
        if (!isObject(user) || typeof user.id !== 'number') {
          return { ok: false, kind: 'permanent', reason: 'not a user token (wall.post needs a user access token)' };
        }
        const name = [user.first_name, user.last_name].filter((s) => typeof s === 'string').join(' ');
        return { ok: true, identity: `id${user.id}${name ? ` (${name})` : ''}` };
      });
    },
  };
}
