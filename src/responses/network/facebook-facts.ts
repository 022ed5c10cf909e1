// A Facebook Page webhook delivery (the Page's `feed` field) to the facts it holds about our posts:
//   {object: "page", entry: [{id, time, changes: [{field: "feed", value: {item, verb, post_id, comment_id,
//    parent_id, from: {id, name}, message, created_time, reaction_type}}]}]}
// item "comment" (verb add / edited / remove) is a comment on a post (only top-level ones, whose
// parent is the post, are counted); item "reaction" (add / remove) moves the reactions; "share" is a
// repost. Facebook gives deliveries no id: each change is keyed by its content (see hook-routes.ts).
import { createHash } from 'node:crypto';
import { isObject } from '../../networks/http.js';
import { fromUnixSeconds, type ResponseFact } from './facts.js';

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export interface FeedChange { key: string; facts: ResponseFact[] }

function factsOf(value: Json, receivedAt: Date): ResponseFact[] {
  const postId = str(value.post_id);
  if (!postId) return [];
  const post = { network: 'facebook' as const, postId };
  const at = fromUnixSeconds(value.created_time, receivedAt);
  const verb = value.verb;
  switch (value.item) {
    case 'comment': {
      const commentId = str(value.comment_id);
      // A reply to a comment has the comment as its parent; a comment on the post has the post.
      if (!commentId || (value.parent_id !== undefined && value.parent_id !== postId)) return [];
      if (verb === 'remove') return [{ kind: 'comment_deleted', post, externalId: commentId, at }];
      const text = typeof value.message === 'string' ? value.message : '';
      if (verb === 'edited') return [{ kind: 'comment_edited', post, externalId: commentId, text, at }];
      const from = isObject(value.from) ? value.from : {};
      return [{ kind: 'comment', post, externalId: commentId, authorName: str(from.name) ?? null, authorUrl: null, text, at }];
    }
    case 'reaction':
      return verb === 'add' || verb === 'remove' ? [{ kind: 'reactions_changed', post, delta: verb === 'add' ? 1 : -1, at }] : [];
    case 'share':
      return verb === 'add' ? [{ kind: 'reposted', post, at }] : [];
    default:
      return [];
  }
}

/** Every feed change of a delivery, each with the key that recognises it when Facebook sends it again. */
export function facebookChanges(body: unknown, receivedAt = new Date()): FeedChange[] {
  if (!isObject(body) || body.object !== 'page' || !Array.isArray(body.entry)) return [];
  const out: FeedChange[] = [];
  for (const entry of body.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== 'feed' || !isObject(change.value)) continue;
      const key = `feed:${createHash('sha256').update(JSON.stringify(change.value)).digest('base64url')}`;
      out.push({ key, facts: factsOf(change.value, receivedAt) });
    }
  }
  return out;
}
