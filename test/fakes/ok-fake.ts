// A wire-level OK (Odnoklassniki) REST API: every call is POST/GET {url} (url ends in /fb.do)
// with `method`, `application_key`, `access_token`, `sig`. The signature is checked with the
// documented algorithm (implemented here independently of the adapter's).
// Errors: HTTP 200, header invocation-error, body {"error_code","error_data","error_msg"}.
// Success of mediatopic.post: the topic id as a bare JSON string.
// mediatopic.getByIds answers {media_topics: [...]} with the topics it holds, each with the fields
// asked for (media_topic.* or media_topic.<field>); counters are 0 until a test sets them.
// Groups (option `groups`, handle setGroup) answer group.getInfo, group.getUserGroupsByIds and
// url.getInfo (https://ok.ru/<shortname>, https://ok.ru/group/<id>, plus the `links` option).
import { createHash } from 'node:crypto';
import { createClock, serveFake, type Fault, type FakeHandle, type FakeReply } from './http-fake-server.js';
import { DailyCounter } from './rate-window.js';

export const OK_FAKE_APP_KEY = 'CBAFAKEAPPKEY';
export const OK_FAKE_APP_SECRET = 'FAKEAPPSECRET0123456789ABCDEF';
export const OK_FAKE_TOKEN = 'tkn1FakeOkAccessTokenForTestsOnly';

// A user's standing in a group. ADMIN/MODERATOR/ACTIVE/BLOCKED/PASSIVE are OK's membership statuses;
// EDITOR, SUPER_MODERATOR and ANALYST are manager roles, sent as role beside status ACTIVE.
export type OkFakeRole = 'ADMIN' | 'MODERATOR' | 'EDITOR' | 'SUPER_MODERATOR' | 'ANALYST' | 'ACTIVE' | 'BLOCKED' | 'PASSIVE';

export interface OkFakeGroup {
  id: string;
  name: string;
  shortname?: string;
  members_count?: number;
  private?: boolean;
  // group.getInfo's status field. Default 'ACTIVE'.
  status?: string;
  // user id → role; users not listed are not members (left out of getUserGroupsByIds).
  roles?: Record<string, OkFakeRole>;
}

export interface OkFakeOptions {
  // application_key → application secret key
  apps?: Record<string, string>;
  // access token → user
  users?: Record<string, { uid: string; name: string }>;
  // OK publishes no posting limit; set one to exercise LIMIT_REACHED (11).
  limits?: false | { topicsPerDay?: number };
  // When given, group.getInfo knows only these (and setGroup's); otherwise it makes up any group asked for.
  groups?: OkFakeGroup[];
  // url.getInfo answers beyond the groups' own links, e.g. a profile: { 'https://ok.ru/profile/1': { type: 'USER', objectId: '1' } }.
  links?: Record<string, { type: string; objectId: string }>;
  host?: string;
  port?: number;
}

interface Topic { id: string; gid: string; type: string; media: unknown[] }

// views: OK does not always tell a topic's views; left unset, views_count is not in the reply.
export interface OkFakeCounts { comments: number; likes: number; reshares: number; views?: number }

export interface OkFake extends FakeHandle {
  topics(gid?: string): Topic[];
  // What mediatopic.getByIds tells about a topic from now on; counters not given stay as they were.
  setCounts(topicId: string, counts: Partial<OkFakeCounts>): void;
  // Adds the group, or changes it; reset() goes back to the `groups` option.
  setGroup(id: string, patch: Partial<Omit<OkFakeGroup, 'id'>>): void;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function expectedSig(params: Record<string, unknown>, token: string, secret: string): string {
  const joined = Object.keys(params)
    .filter((k) => k !== 'sig' && k !== 'access_token' && k !== 'session_key')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('');
  return md5(joined + md5(token + secret));
}

const NAMES: Record<number, string> = {
  3: 'METHOD', 8: 'FLOOD_BLOCKED', 10: 'PERMISSION_DENIED', 11: 'LIMIT_REACHED', 100: 'PARAM', 101: 'PARAM_API_KEY',
  102: 'PARAM_SESSION_EXPIRED', 103: 'PARAM_SESSION_KEY', 104: 'PARAM_SIGNATURE', 300: 'NOT_FOUND',
};

// group.getInfo fields the fake can answer (OK knows many more; asking for an unknown one is error 100).
const GROUP_FIELDS = new Set(['uid', 'name', 'shortname', 'members_count', 'private', 'status', 'access_type', 'description', 'premium']);
const MANAGER_ROLES = new Set<OkFakeRole>(['EDITOR', 'SUPER_MODERATOR', 'ANALYST']);

// One spelling per link: https, no www/m., no trailing slash or query, lower case.
export function okLinkKey(url: string): string {
  return url.trim().toLowerCase().replace(/^(https?:\/\/)?(www\.|m\.)?(ok\.ru|odnoklassniki\.ru)/, 'https://ok.ru').replace(/[?#].*$/, '').replace(/\/+$/, '');
}

function groupJson(g: OkFakeGroup, fields: Set<string>): Record<string, unknown> {
  const all: Record<string, unknown> = {
    uid: g.id,
    name: g.name,
    shortname: g.shortname,
    members_count: g.members_count ?? 0,
    private: g.private ?? false,
    status: g.status ?? 'ACTIVE',
    access_type: g.private ? 'CLOSED' : 'OPEN',
    description: '',
    premium: false,
  };
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => fields.has(k) && v !== undefined));
}

function errorReply(code: number, detail: string) {
  return {
    status: 200,
    headers: { 'invocation-error': String(code) },
    body: { error_code: code, error_data: null, error_msg: `${NAMES[code] ?? 'UNKNOWN'} : ${detail}` },
    result: `error:${code}`,
  };
}

export function okError(code: number, detail = 'injected'): Fault {
  return { type: 'respond', ...errorReply(code, detail) };
}

export async function startOkFake(opts: OkFakeOptions = {}): Promise<OkFake> {
  const clock = createClock();
  const apps = new Map(Object.entries(opts.apps ?? { [OK_FAKE_APP_KEY]: OK_FAKE_APP_SECRET }));
  const users = new Map(Object.entries(opts.users ?? { [OK_FAKE_TOKEN]: { uid: '575000000001', name: 'Fake Recruiter' } }));
  const limits = opts.limits === false ? undefined : opts.limits ?? {};
  const perDay = limits?.topicsPerDay ? new DailyCounter(limits.topicsPerDay, 3) : undefined;
  const topics = new Map<string, Topic>();
  const counts = new Map<string, OkFakeCounts>();
  const countsOf = (id: string): OkFakeCounts => counts.get(id) ?? { comments: 0, likes: 0, reshares: 0 };
  let nextTopic = 150_000_000_000_000;
  const strictGroups = opts.groups !== undefined;
  const groups = new Map<string, OkFakeGroup>();
  const seedGroups = () => {
    groups.clear();
    for (const g of opts.groups ?? []) groups.set(g.id, { ...g, roles: { ...g.roles } });
  };
  seedGroups();

  const fail = (code: number, detail: string): FakeReply => errorReply(code, detail);
  const ok = (body: unknown): FakeReply => ({ status: 200, body, result: 'ok' });

  function getInfo(p: Record<string, unknown>): FakeReply {
    const uids = String(p.uids ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    if (uids.length === 0) return fail(100, 'Missing required parameter uids');
    const bad = uids.find((u) => !/^\d+$/.test(u));
    if (bad) return fail(100, `Invalid UID value ${bad}`);
    if (p.fields === undefined) return fail(100, 'Missing required parameter fields');
    const fields = new Set(String(p.fields).toLowerCase().split(',').map((f) => f.trim()).filter(Boolean));
    const unknownField = [...fields].find((f) => !GROUP_FIELDS.has(f));
    if (unknownField) return fail(100, `Invalid parameter fields value  : [${unknownField}]`);
    // A group OK does not have is left out of the list.
    return ok(uids.flatMap((uid) => {
      const g = groups.get(uid);
      if (g) return [groupJson(g, fields)];
      return strictGroups ? [] : [{ uid, name: `Group ${uid}` }];
    }));
  }

  function userGroups(p: Record<string, unknown>): FakeReply {
    const gid = String(p.group_id ?? '').trim();
    if (!gid) return fail(100, 'Missing required parameter group_id');
    if (!/^\d+$/.test(gid)) return fail(160, `Invalid group_id [${gid}]`);
    const uids = [...new Set(String(p.uids ?? '').split(',').map((u) => u.trim()).filter(Boolean))];
    if (uids.length === 0) return fail(100, 'Missing required parameter uids');
    const roles = groups.get(gid)?.roles ?? {};
    // Only members are answered; each user once however often asked.
    return ok(uids.flatMap((uid) => {
      const role = roles[uid];
      if (!role) return [];
      const manager = MANAGER_ROLES.has(role);
      return [{ groupId: gid, userId: uid, status: manager ? 'ACTIVE' : role, ...(manager ? { role } : {}) }];
    }));
  }

  function urlInfo(p: Record<string, unknown>): FakeReply {
    const url = String(p.url ?? '').trim();
    if (!url) return fail(100, 'Missing required parameter url');
    const key = okLinkKey(url);
    const given = Object.entries(opts.links ?? {}).find(([k]) => okLinkKey(k) === key)?.[1];
    const group = [...groups.values()].find((g) => key === `https://ok.ru/group/${g.id}` || (g.shortname && key === `https://ok.ru/${g.shortname.toLowerCase()}`));
    const found = given ?? (group ? { type: 'GROUP', objectId: group.id } : undefined);
    if (!found) return fail(300, `Object not found by url ${url}`);
    return ok({ objectId: Number(found.objectId), objectIdStr: found.objectId, type: found.type });
  }

  const handle = await serveFake(
    {
      describe(req) {
        const p = req.params;
        const target = p.gid ?? p.topic_id ?? p.group_id ?? p.uids;
        return {
          method: String(p.method ?? ''),
          target: target === undefined ? undefined : String(target),
          token: p.access_token === undefined ? undefined : String(p.access_token),
        };
      },
      handle(req, { method, token }) {
        const p = req.params;
        const secret = apps.get(String(p.application_key ?? ''));
        if (!secret) return fail(101, 'Application key is invalid');
        const user = token ? users.get(token) : undefined;
        if (!token || !user) return fail(102, 'Session expired');
        if (p.sig !== expectedSig(p, token, secret)) return fail(104, 'Invalid signature');
        switch (method) {
          case 'users.getCurrentUser': {
            const [first, ...last] = user.name.split(' ');
            return ok({ uid: user.uid, name: user.name, first_name: first, last_name: last.join(' ') });
          }
          case 'mediatopic.post': {
            const gid = String(p.gid ?? '');
            const type = String(p.type ?? '');
            if (!gid) return fail(100, 'Missing required parameter gid');
            if (!['GROUP_THEME', 'GROUP_SUGGESTED', 'USER'].includes(type)) return fail(100, `Invalid type ${type}`);
            let media: unknown;
            try {
              media = (JSON.parse(String(p.attachment ?? '')) as { media?: unknown }).media;
            } catch {
              return fail(100, 'Invalid attachment: not JSON');
            }
            if (!Array.isArray(media) || media.length === 0) return fail(100, 'Invalid attachment: media is empty');
            const now = clock.now();
            if (perDay?.exhausted(token, now)) return fail(11, 'Request call limit is reached');
            perDay?.record(token, now);
            const topic: Topic = { id: String(nextTopic++), gid, type, media };
            topics.set(topic.id, topic);
            return ok(topic.id);
          }
          case 'mediatopic.deleteTopic': {
            const id = String(p.topic_id ?? '');
            if (!topics.has(id)) return fail(300, `Topic ${id} not found`);
            topics.delete(id);
            return ok({ success: true });
          }
          case 'mediatopic.getByIds': {
            const ids = String(p.topic_ids ?? '').split(',').filter(Boolean);
            if (ids.length === 0) return fail(100, 'Missing required parameter topic_ids');
            if (p.fields === undefined) return fail(100, 'Missing required parameter fields');
            const fields = new Set(String(p.fields).toLowerCase().split(',').map((f) => f.trim()));
            const asked = (name: string) => fields.has('media_topic.*') || fields.has(`media_topic.${name}`);
            const found = ids.flatMap((id) => {
              const topic = topics.get(id);
              if (!topic) return [];
              const c = countsOf(id);
              return [{
                id,
                ...(asked('media') ? { media: topic.media } : {}),
                ...(asked('discussion_summary') ? { discussion_summary: { comments_count: c.comments } } : {}),
                ...(asked('like_summary') ? { like_summary: { count: c.likes, self: false } } : {}),
                ...(asked('reshare_summary') ? { reshare_summary: { count: c.reshares, self: false } } : {}),
                ...(asked('views_count') && c.views !== undefined ? { views_count: c.views } : {}),
              }];
            });
            return ok({ media_topics: found, entities: {} });
          }
          case 'group.getInfo':
            return getInfo(p);
          case 'group.getUserGroupsByIds':
            return userGroups(p);
          case 'url.getInfo':
            return urlInfo(p);
          default:
            return fail(3, `Method ${method} not found`);
        }
      },
      reset() {
        perDay?.clear();
        topics.clear();
        counts.clear();
        seedGroups();
      },
    },
    { host: opts.host, port: opts.port, clock, basePath: '/fb.do' },
  );

  return {
    ...handle,
    topics: (gid) => [...topics.values()].filter((t) => gid === undefined || t.gid === gid),
    setCounts: (id, given) => void counts.set(id, { ...countsOf(id), ...given }),
    setGroup(id, patch) {
      const was = groups.get(id) ?? { id, name: `Group ${id}` };
      groups.set(id, { ...was, ...patch, id });
    },
  };
}
