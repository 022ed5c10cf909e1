// A wire-level VK API: POST/GET {url}/{method} (url ends in /method), v + access_token params.
// Like the real one it answers HTTP 200 even for errors: {"error":{error_code,error_msg,request_params}}.
// Enforces 3 requests/s per token (error 6) and 50 wall posts/day per token (error 214, Moscow day).
// wall.getById answers the posts it holds with their counters (0 until a test sets them).
// Communities (option `communities`, handle setCommunity) answer groups.search, groups.getById and
// utils.resolveScreenName as VK does for a user token.
import { createClock, serveFake, type Fault, type FakeHandle, type FakeReply } from './http-fake-server.js';
import { DailyCounter, SlidingWindow } from './rate-window.js';

export const VK_FAKE_TOKEN = 'vk1.a.fake-user-token-for-tests-only';
export const VK_FAKE_COMMUNITY_TOKEN = 'vk1.a.fake-community-token-for-tests-only';
// The README's example community, and a person's page, for address resolution.
export const VK_FAKE_SCREEN_NAMES = {
  rabota_tomsk: { type: 'group', id: 31415926 },
  ivan_petrov: { type: 'user', id: 1001 },
} as const;

export interface VkFakeUser { id: number; first_name: string; last_name: string }

// A community as VK knows it, seen by the tokens' user. Flags are booleans here, 0/1 on the wire.
export interface VkFakeCommunity {
  id: number;
  name: string;
  // Default: club{id} (public{id} for a page, event{id} for an event), as VK names a community without one.
  screen_name?: string;
  type?: 'group' | 'page' | 'event';
  members_count?: number;
  // 0 open, 1 closed, 2 private (VK's search never shows a private community).
  is_closed?: 0 | 1 | 2;
  // 0 off, 1 open, 2 limited, 3 restricted. Default 1.
  wall?: 0 | 1 | 2 | 3;
  can_post?: boolean;
  can_suggest?: boolean;
  is_admin?: boolean;
  // 1 moderator, 2 editor, 3 administrator (only told when is_admin).
  admin_level?: 1 | 2 | 3;
  activity?: string;
  // A deleted or banned community: getById tells only its basic fields, search leaves it out.
  deactivated?: 'deleted' | 'banned';
}

export interface VkFakeOptions {
  // user token → the user it belongs to
  users?: Record<string, VkFakeUser>;
  // Community tokens exist but cannot call wall.post / users.get (error 27).
  communityTokens?: string[];
  limits?: false | { requestsPerSecond?: number; postsPerDay?: number };
  // Screen names VK knows (utils.resolveScreenName); others resolve to nothing.
  screenNames?: Record<string, { type: 'group' | 'page' | 'event' | 'user' | 'application'; id: number }>;
  // When given, groups.getById knows only these (and those setCommunity adds); otherwise it makes up a
  // page for any id, as it always did. Their screen names resolve too.
  communities?: VkFakeCommunity[];
  host?: string;
  port?: number;
}

interface Post { ownerId: number; id: number; message: string; attachments: string; suggested: boolean }

export interface VkFakeCounts { views: number; likes: number; reposts: number; comments: number }

export interface VkFake extends FakeHandle {
  posts(groupId: number | string): Post[];
  // What wall.getById tells about a post from now on; counters not given stay as they were.
  setCounts(groupId: number | string, postId: number | string, counts: Partial<VkFakeCounts>): void;
  // Adds the community, or changes it; reset() goes back to the `communities` option.
  setCommunity(id: number, patch: Partial<Omit<VkFakeCommunity, 'id'>>): void;
}

const ERROR_TEXT: Record<number, string> = {
  3: 'Unknown method passed',
  5: 'User authorization failed: invalid access_token (4).',
  6: 'Too many requests per second',
  8: 'Invalid request: v is required',
  9: 'Flood control',
  14: 'Captcha needed',
  15: 'Access denied',
  27: 'Group authorization failed: method is unavailable with group auth.',
  100: 'One of the parameters specified was missing or invalid',
  214: 'Access to adding post denied',
  219: 'Advertisement post was recently added',
  222: 'Hyperlinks are forbidden',
};

const SCREEN_PREFIX = { group: 'club', page: 'public', event: 'event' } as const;
const screenNameOf = (c: VkFakeCommunity) => c.screen_name ?? `${SCREEN_PREFIX[c.type ?? 'group']}${c.id}`;
const bit = (v: boolean | undefined) => (v ? 1 : 0);

// The base fields VK gives every community (groups.search answers only these).
function basicJson(c: VkFakeCommunity) {
  return {
    id: c.id,
    name: c.name,
    screen_name: screenNameOf(c),
    is_closed: c.is_closed ?? 0,
    type: c.type ?? 'group',
    ...(c.deactivated ? { deactivated: c.deactivated } : {}),
    is_admin: bit(c.is_admin),
    ...(c.is_admin ? { admin_level: c.admin_level ?? 3 } : {}),
    is_member: bit(c.is_admin),
    is_advertiser: 0,
    photo_50: `https://sun9-1.userapi.com/fake/${c.id}_50.jpg`,
    photo_100: `https://sun9-1.userapi.com/fake/${c.id}_100.jpg`,
    photo_200: `https://sun9-1.userapi.com/fake/${c.id}_200.jpg`,
  };
}

// groups.getById: the base fields plus those asked for in `fields`; a gone community tells only the base.
function fullJson(c: VkFakeCommunity, fields: Set<string>) {
  const base = basicJson(c);
  if (c.deactivated) return base;
  const extra: Record<string, unknown> = {
    members_count: c.members_count ?? 0,
    can_post: bit(c.can_post),
    can_suggest: bit(c.can_suggest),
    wall: c.wall ?? 1,
    ...(c.activity !== undefined ? { activity: c.activity } : {}),
  };
  return { ...base, ...Object.fromEntries(Object.entries(extra).filter(([k]) => fields.has(k))) };
}

// Every word of the query somewhere in the name, case aside.
const nameMatches = (name: string, query: string) => query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => name.toLowerCase().includes(w));

function errorBody(code: number, msg: string | undefined, method: string, extra?: Record<string, unknown>) {
  return {
    error: {
      error_code: code,
      error_msg: msg ?? ERROR_TEXT[code] ?? 'Unknown error occurred',
      request_params: [
        { key: 'method', value: method },
        { key: 'oauth', value: '1' },
        { key: 'v', value: '5.199' },
      ],
      ...extra,
    },
  };
}

// The error exactly as VK sends it (inside HTTP 200). extra: e.g. {captcha_sid, captcha_img}.
export function vkError(code: number, msg?: string, extra?: Record<string, unknown>, method = 'wall.post'): Fault {
  return { type: 'respond', status: 200, body: errorBody(code, msg, method, extra), result: `error:${code}` };
}

export async function startVkFake(opts: VkFakeOptions = {}): Promise<VkFake> {
  const clock = createClock();
  const users = new Map(Object.entries(opts.users ?? { [VK_FAKE_TOKEN]: { id: 1001, first_name: 'Fake', last_name: 'Recruiter' } }));
  const community = new Set(opts.communityTokens ?? [VK_FAKE_COMMUNITY_TOKEN]);
  const screenNames: NonNullable<VkFakeOptions['screenNames']> = opts.screenNames ?? VK_FAKE_SCREEN_NAMES;
  const limits = opts.limits === false ? undefined : opts.limits ?? {};
  const perSecond = new SlidingWindow(limits?.requestsPerSecond ?? 3, 1000);
  const perDay = new DailyCounter(limits?.postsPerDay ?? 50, 3);
  const posts = new Map<number, Post[]>();
  // "{owner_id}_{post_id}" → counters, as wall.getById names a post.
  const counts = new Map<string, VkFakeCounts>();
  let nextPostId = 1;
  const strictCommunities = opts.communities !== undefined;
  const communities = new Map<number, VkFakeCommunity>();
  const seedCommunities = () => {
    communities.clear();
    for (const c of opts.communities ?? []) communities.set(c.id, { ...c });
  };
  seedCommunities();

  const ok = (response: unknown): FakeReply => ({ status: 200, body: { response }, result: 'ok' });
  const fail = (method: string, code: number, msg?: string): FakeReply => ({ status: 200, body: errorBody(code, msg, method), result: `error:${code}` });
  const wall = (owner: number) => posts.get(owner) ?? (posts.set(owner, []), posts.get(owner)!);
  const find = (p: Record<string, unknown>) => wall(Number(p.owner_id)).find((x) => x.id === Number(p.post_id));
  // A ref as groups.getById takes it: a numeric id, a screen name, or club{id}/public{id}/event{id}.
  const communityByRef = (ref: string): VkFakeCommunity | undefined => {
    const numeric = /^(?:club|public|event)?(\d+)$/i.exec(ref);
    if (numeric) return communities.get(Number(numeric[1]));
    return [...communities.values()].find((c) => screenNameOf(c).toLowerCase() === ref.toLowerCase());
  };
  const countsOf = (owner: number, id: number): VkFakeCounts => counts.get(`${owner}_${id}`) ?? { views: 0, likes: 0, reposts: 0, comments: 0 };

  function getById(method: string, p: Record<string, unknown>): FakeReply {
    const refs = String(p.group_ids ?? p.group_id ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    if (refs.length === 0) return fail(method, 100, 'One of the parameters specified was missing or invalid: group_ids is undefined');
    const fields = new Set(String(p.fields ?? '').split(',').map((f) => f.trim()));
    // Unknown refs are left out; when none is known VK answers error 100 instead of an empty list.
    const groups = refs.flatMap((ref) => {
      const c = communityByRef(ref);
      if (c) return [fullJson(c, fields)];
      if (strictCommunities || !/^\d+$/.test(ref)) return [];
      return [{ id: Number(ref), name: `Group ${ref}`, screen_name: `club${ref}`, is_closed: 0, type: 'page' }];
    });
    if (groups.length === 0) return fail(method, 100, 'One of the parameters specified was missing or invalid: group_ids is undefined');
    return ok({ groups, profiles: [] });
  }

  // Biggest first, as VK ranks a search; private and gone communities are never found.
  function search(method: string, p: Record<string, unknown>): FakeReply {
    const q = String(p.q ?? '').trim();
    if (!q) return fail(method, 100, 'One of the parameters specified was missing or invalid: q is undefined');
    const count = Math.min(Number(p.count ?? 20) || 20, 1000);
    const found = [...communities.values()]
      .filter((c) => !c.deactivated && c.is_closed !== 2 && nameMatches(c.name, q))
      .sort((a, b) => (b.members_count ?? 0) - (a.members_count ?? 0));
    return ok({ count: found.length, items: found.slice(0, count).map(basicJson) });
  }

  const handle = await serveFake(
    {
      describe(req) {
        const method = req.path.replace(/^\//, '');
        const owner = req.params.owner_id === undefined ? undefined : String(req.params.owner_id).replace(/^-/, '');
        const token = req.params.access_token === undefined ? undefined : String(req.params.access_token);
        const group = req.params.group_id ?? req.params.group_ids;
        return { method, target: owner ?? (group === undefined ? undefined : String(group)), token };
      },
      handle(req, { method, token }) {
        const p = req.params;
        if (!p.v) return fail(method, 8);
        if (!token) return fail(method, 5, 'User authorization failed: no access_token passed.');
        const user = users.get(token);
        if (!user && !community.has(token)) return fail(method, 5);
        const now = clock.now();
        if (limits) {
          if (perSecond.waitMs(token, now) > 0) return fail(method, 6);
          perSecond.record(token, now);
        }
        const userOnly = () => (user ? undefined : fail(method, 27));
        switch (method) {
          case 'users.get':
            return userOnly() ?? ok([{ ...user, can_access_closed: true, is_closed: false }]);
          case 'utils.resolveScreenName': {
            const name = String(p.screen_name ?? '').toLowerCase();
            const community = [...communities.values()].find((c) => screenNameOf(c).toLowerCase() === name);
            if (community) return ok({ type: community.type ?? 'group', object_id: community.id });
            const known = screenNames[name];
            return ok(known ? { type: known.type, object_id: known.id } : []);
          }
          case 'groups.getById':
            return getById(method, p);
          case 'groups.search':
            return userOnly() ?? search(method, p);
          case 'wall.post': {
            const denied = userOnly();
            if (denied) return denied;
            const owner = Number(p.owner_id);
            if (!Number.isInteger(owner) || owner >= 0) return fail(method, 100, 'One of the parameters specified was missing or invalid: owner_id is undefined');
            if (!p.message && !p.attachments) return fail(method, 100, 'One of the parameters specified was missing or invalid: message is empty or invalid');
            if (limits && perDay.exhausted(token, now)) return fail(method, 214);
            if (limits) perDay.record(token, now);
            const post: Post = { ownerId: owner, id: nextPostId++, message: String(p.message ?? ''), attachments: String(p.attachments ?? ''), suggested: p.from_group !== '1' && p.from_group !== 1 };
            wall(owner).push(post);
            return ok({ post_id: post.id });
          }
          case 'wall.edit': {
            const denied = userOnly();
            if (denied) return denied;
            const post = find(p);
            if (!post) return fail(method, 100, 'One of the parameters specified was missing or invalid: post_id is invalid');
            post.message = String(p.message ?? '');
            post.attachments = String(p.attachments ?? '');
            return ok({ post_id: post.id });
          }
          case 'wall.delete': {
            const denied = userOnly();
            if (denied) return denied;
            const list = wall(Number(p.owner_id));
            const i = list.findIndex((x) => x.id === Number(p.post_id));
            if (i < 0) return fail(method, 100, 'One of the parameters specified was missing or invalid: post_id is invalid');
            list.splice(i, 1);
            return ok(1);
          }
          case 'wall.getById': {
            // posts: "-{group}_{post},…"; a post no longer on its wall is left out of items.
            const items = String(p.posts ?? '').split(',').filter(Boolean).flatMap((ref) => {
              const [owner, id] = ref.split('_').map(Number);
              const post = posts.get(owner!)?.find((x) => x.id === id);
              if (!post) return [];
              const c = countsOf(post.ownerId, post.id);
              return [{
                id: post.id,
                owner_id: post.ownerId,
                from_id: post.ownerId,
                text: post.message,
                views: { count: c.views },
                likes: { count: c.likes, user_likes: 0, can_like: 1 },
                reposts: { count: c.reposts, user_reposted: 0 },
                comments: { count: c.comments, can_post: 1 },
              }];
            });
            return ok({ items });
          }
          default:
            return fail(method, 3);
        }
      },
      reset() {
        perSecond.clear();
        perDay.clear();
        posts.clear();
        counts.clear();
        seedCommunities();
      },
    },
    { host: opts.host, port: opts.port, clock, basePath: '/method' },
  );

  return {
    ...handle,
    posts: (gid) => [...wall(-Math.abs(Number(gid)))],
    setCounts(gid, postId, given) {
      const owner = -Math.abs(Number(gid));
      counts.set(`${owner}_${Number(postId)}`, { ...countsOf(owner, Number(postId)), ...given });
    },
    setCommunity(id, patch) {
      const was = communities.get(id) ?? { id, name: `Group ${id}` };
      communities.set(id, { ...was, ...patch, id });
    },
  };
}
