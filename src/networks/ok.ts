// OK (Odnoklassniki) adapter: POST {baseUrl} (…/fb.do) with form params
// method, application_key, format=json, access_token and the md5 `sig`.
// Errors come as {"error_code","error_msg","error_data"} (plus an invocation-error header).
import { FORM, excerpt, exchange, formBody, isObject, unreadableReply } from './http.js';
import { okSignature } from './ok-signature.js';
import { checkFailed, unknown } from './outcomes.js';
import { guarded } from './redact.js';
import { cleanRefusal } from './reply-status.js';
import type {
  AdapterOptions,
  ChangeOutcome,
  CountsRead,
  CredentialCheck,
  EditRequest,
  FailureOutcome,
  NetworkAdapter,
  OkCredentials,
  OkGroup,
  OkObject,
  OkRole,
  PostCounts,
  PostRef,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
  TargetMissing,
} from './types.js';

export type GroupsRead = { kind: 'groups'; items: OkGroup[] } | FailureOutcome;

export type OkAdapter = NetworkAdapter<'ok'> &
  Required<Pick<NetworkAdapter<'ok'>, 'readCounts'>> & {
    /** url.getInfo: what an ok.ru link points to (group, profile, app). */
    resolveLink(creds: OkCredentials, url: string): Promise<OkObject | TargetMissing | FailureOutcome>;
    /** group.getInfo: the groups OK knows among `ids` (an unknown id has no item). */
    readGroups(creds: OkCredentials, ids: string[]): Promise<GroupsRead>;
    /** group.getUserGroupsByIds: the user's role in the group, null when not a member. */
    readRole(creds: OkCredentials, groupId: string, userId: string): Promise<OkRole | FailureOutcome>;
  };

// OK documents no reset times; these are conservative waits.
const FLOOD_RETRY_SECONDS = 600; // 8 FLOOD_BLOCKED
const LIMIT_RETRY_SECONDS = 3600; // 11 LIMIT_REACHED, 7 ACTION_BLOCKED, 9 IP_BLOCKED

// Topics per mediatopic.getByIds: OK documents no cap; 100 is what the counter poller sends at once.
const TOPICS_PER_READ = 100;
// Only the counters: media_topic.* would bring each topic's whole text too, and a hundred vacancies
// come near the reply size http.ts reads at most.
const COUNT_FIELDS = 'media_topic.id,media_topic.discussion_summary,media_topic.like_summary,media_topic.reshare_summary,media_topic.views_count';

// group.getInfo fields (OK takes them in either case): the group's address, size and openness.
const GROUP_FIELDS = 'uid,name,shortname,members_count,private,status';
const NOT_FOUND = 300;
// Membership statuses that mean the user is not in the group: left of their own will, or OK's "error".
const NOT_MEMBER = new Set(['PASSIVE', 'UNKNOWN']);

const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const idText = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

// Newer OK docs wrap lists ({"groups": […]}, {"memberships": […]}); the API has long answered bare arrays.
function listOf(result: unknown, key: string): unknown[] {
  if (Array.isArray(result)) return result;
  const inner = isObject(result) ? result[key] : undefined;
  return Array.isArray(inner) ? inner : [];
}

export function okGroup(item: unknown): OkGroup | null {
  if (!isObject(item)) return null;
  const id = idText(item.uid);
  if (!id) return null;
  return {
    id,
    name: textOrNull(item.name) ?? '',
    shortname: textOrNull(item.shortname),
    membersCount: typeof item.members_count === 'number' ? item.members_count : null,
    private: item.private === true,
    status: textOrNull(item.status),
  };
}

// status is the membership (ACTIVE, ADMIN, MODERATOR, BLOCKED, PASSIVE, MAYBE); role, when present, the
// finer right a manager holds (EDITOR, MODERATOR, SUPER_MODERATOR, ANALYST). An admin is told by status.
export function okRole(entry: Record<string, unknown>): string | null {
  const status = textOrNull(entry.status);
  if (!status || NOT_MEMBER.has(status)) return null;
  const role = textOrNull(entry.role);
  return status !== 'ADMIN' && status !== 'BLOCKED' && role ? role : status;
}

export function mapOkError(body: Record<string, unknown>): FailureOutcome {
  const code = Number(body.error_code);
  const reason = `OK error ${code}: ${String(body.error_msg ?? '')}`;
  switch (code) {
    case 101: // PARAM_API_KEY: wrong application key
    case 102: // PARAM_SESSION_EXPIRED
    case 103: // PARAM_SESSION_KEY: invalid session
    case 104: // PARAM_SIGNATURE: token and secret do not match
      return { kind: 'needs_reauth', reason };
    case 8:
      return { kind: 'retry_after', seconds: FLOOD_RETRY_SECONDS, scope: 'account', reason, code };
    case 7:
    case 9:
    case 11:
      return { kind: 'retry_after', seconds: LIMIT_RETRY_SECONDS, scope: 'account', reason, code };
    case 1: // UNKNOWN
    case 2: // SERVICE temporarily unavailable: OK failed midway, the topic may exist
      return unknown(reason);
    // 10 PERMISSION_DENIED, 50 NOT_ADMIN, 100 PARAM, 300 NOT_FOUND and anything undocumented.
    default:
      return { kind: 'permanent', reason, code };
  }
}

type Reply = { ok: true; result: unknown } | { ok: false; failure: FailureOutcome; code?: number };

export function createOkAdapter(opts: AdapterOptions): OkAdapter {
  const onThrow = (reason: string) => unknown(reason);
  const secrets = (c: OkCredentials) => [c.accessToken, c.applicationSecretKey];

  async function call(creds: OkCredentials, method: string, params: Record<string, string>): Promise<Reply> {
    const signed: Record<string, string> = { ...params, method, application_key: creds.applicationKey, format: 'json' };
    signed.sig = okSignature(signed, creds.accessToken, creds.applicationSecretKey);
    const ex = await exchange(opts, {
      method: 'POST',
      url: opts.baseUrl,
      headers: { 'content-type': FORM },
      body: formBody({ ...signed, access_token: creds.accessToken }),
    });
    if (!ex.ok) return { ok: false, failure: ex.outcome };
    const { status, json } = ex.res;
    if (isObject(json) && json.error_code !== undefined) {
      return { ok: false, failure: cleanRefusal(ex.res, mapOkError(json)), code: Number(json.error_code) };
    }
    if (status === 200 && json !== undefined) return { ok: true, result: json };
    return { ok: false, failure: unreadableReply(`OK ${method}`, ex.res) };
  }

  return {
    network: 'ok',

    publish(creds: OkCredentials, req: PublishRequest): Promise<PublishOutcome> {
      return guarded(secrets(creds), onThrow, async () => {
        const media: Array<Record<string, string>> = [{ type: 'text', text: req.text }];
        if (req.applyUrl) media.push({ type: 'link', url: req.applyUrl });
        const suggest = req.target.mode === 'suggest';
        const reply = await call(creds, 'mediatopic.post', {
          gid: req.target.address,
          type: suggest ? 'GROUP_SUGGESTED' : 'GROUP_THEME',
          attachment: JSON.stringify({ media }),
        });
        if (!reply.ok) return reply.failure;
        // Success is the new topic id as a bare JSON string.
        const id = typeof reply.result === 'string' || typeof reply.result === 'number' ? String(reply.result) : undefined;
        if (!id) return unknown('OK mediatopic.post: reply without topic id');
        if (suggest) return { kind: 'suggested', networkPostId: id };
        return { kind: 'published', networkPostId: id, permalink: `https://ok.ru/group/${req.target.address}/topic/${id}` };
      });
    },

    async edit(_creds: OkCredentials, _req: EditRequest): Promise<ChangeOutcome> {
      return { kind: 'not_supported', reason: 'OK has no documented method to edit a group topic' };
    },

    remove(creds: OkCredentials, req: RemoveRequest): Promise<ChangeOutcome> {
      return guarded(secrets(creds), onThrow, async () => {
        const reply = await call(creds, 'mediatopic.deleteTopic', { gid: req.address, topic_id: req.networkPostId });
        if (reply.ok) {
          const r = reply.result;
          const success = r === true || (isObject(r) && r.success === true);
          return success ? { kind: 'done' } : unknown(`OK mediatopic.deleteTopic: unexpected reply ${excerpt(JSON.stringify(r))}`);
        }
        // 300 NOT_FOUND: the topic is already gone.
        if (reply.code === 300) return { kind: 'done' };
        return reply.failure;
      });
    },

    // mediatopic.getByIds answers {media_topics: [...]} with the topics OK still has (a deleted one is
    // left out), each with its summaries; views_count is not on every topic, views are null then.
    // A read is safe to repeat, so one refused call fails the whole read.
    readCounts(creds: OkCredentials, refs: PostRef[]): Promise<CountsRead | FailureOutcome> {
      return guarded(secrets(creds), onThrow, async () => {
        const found = new Map<string, PostCounts>();
        const count = (o: unknown, key: string) => {
          const v = isObject(o) ? o[key] : undefined;
          return typeof v === 'number' ? v : null;
        };
        for (let i = 0; i < refs.length; i += TOPICS_PER_READ) {
          const ids = refs.slice(i, i + TOPICS_PER_READ).map((r) => r.networkPostId);
          const reply = await call(creds, 'mediatopic.getByIds', { topic_ids: ids.join(','), fields: COUNT_FIELDS });
          if (!reply.ok) return reply.failure;
          const topics = isObject(reply.result) && Array.isArray(reply.result.media_topics) ? reply.result.media_topics : [];
          for (const topic of topics) {
            if (!isObject(topic)) continue;
            found.set(String(topic.id), {
              views: count(topic, 'views_count'),
              reactions: count(topic.like_summary, 'count'),
              reposts: count(topic.reshare_summary, 'count'),
              comments: count(topic.discussion_summary, 'comments_count'),
            });
          }
        }
        return { kind: 'counts', counts: refs.map((r) => found.get(r.networkPostId) ?? null) };
      });
    },

    // url.getInfo answers {objectId (Long), objectIdStr, type}; the string form is read first, a Long
    // may not survive JSON numbers. A link to nothing: NOT_FOUND (300) or an answer without an id.
    resolveLink(creds: OkCredentials, url: string): Promise<OkObject | TargetMissing | FailureOutcome> {
      return guarded(secrets(creds), onThrow, async (): Promise<OkObject | TargetMissing | FailureOutcome> => {
        const reply = await call(creds, 'url.getInfo', { url });
        const missing: TargetMissing = { kind: 'missing', code: 'not_found', reason: `OK knows nothing at ${url}` };
        if (!reply.ok) return reply.code === NOT_FOUND ? missing : reply.failure;
        const r = isObject(reply.result) ? reply.result : {};
        const id = idText(r.objectIdStr) ?? idText(r.objectId);
        const type = textOrNull(r.type);
        if (!id || !type || type === 'UNKNOWN') return missing;
        return { kind: 'object', type, id };
      });
    },

    readGroups(creds: OkCredentials, ids: string[]): Promise<GroupsRead> {
      return guarded(secrets(creds), onThrow, async (): Promise<GroupsRead> => {
        if (ids.length === 0) return { kind: 'groups', items: [] };
        const reply = await call(creds, 'group.getInfo', { uids: ids.join(','), fields: GROUP_FIELDS });
        if (!reply.ok) return reply.failure;
        const items = listOf(reply.result, 'groups').flatMap((g) => okGroup(g) ?? []);
        return { kind: 'groups', items };
      });
    },

    // A user who is not in the group is left out of the answer (an empty list). Only one user is asked
    // about, so an entry that does not name its user is that user's.
    readRole(creds: OkCredentials, groupId: string, userId: string): Promise<OkRole | FailureOutcome> {
      return guarded(secrets(creds), onThrow, async (): Promise<OkRole | FailureOutcome> => {
        const reply = await call(creds, 'group.getUserGroupsByIds', { group_id: groupId, uids: userId });
        if (!reply.ok) return reply.failure;
        const entries = listOf(reply.result, 'memberships').filter(isObject);
        const mine = entries.find((e) => e.userId === undefined || idText(e.userId) === userId);
        return { kind: 'role', role: mine ? okRole(mine) : null };
      });
    },

    checkCredentials(creds: OkCredentials): Promise<CredentialCheck> {
      return guarded(secrets(creds), (reason) => ({ ok: false, kind: 'unknown', reason }) as const, async () => {
        const reply = await call(creds, 'users.getCurrentUser', { fields: 'uid,name' });
        if (!reply.ok) return checkFailed(reply.failure);
        const me = isObject(reply.result) ? reply.result : {};
        if (typeof me.uid !== 'string') return { ok: false, kind: 'unknown', reason: 'users.getCurrentUser returned no uid' };
        return { ok: true, identity: typeof me.name === 'string' ? `${me.name} (${me.uid})` : me.uid };
      });
    },
  };
}
