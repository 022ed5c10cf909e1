// A VK Callback API event to the facts it holds about our posts. The body is
// {type, event_id, v, group_id, object, secret}; the ones that concern a wall post:
//   wall_reply_new / wall_reply_edit / wall_reply_delete — comments (object.post_id, object.owner_id);
//   wall_repost — the new post's copy_history names the post it shares;
//   like_add / like_remove — for object_type "post" (delivery of these is not confirmed by VK's docs).
// VK sends an author's id, not a name: the author is given as a link to the page.
import { isObject } from '../../networks/http.js';
import { fromUnixSeconds, type PostLocator, type ResponseFact } from './facts.js';

type Json = Record<string, unknown>;
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** Walls are owned by communities: owner_id is minus the community's id. */
function wallPost(ownerId: unknown, postId: unknown): PostLocator | undefined {
  const owner = int(ownerId);
  const post = int(postId);
  if (owner === undefined || owner >= 0 || post === undefined) return undefined;
  return { network: 'vk', groupId: String(-owner), postId: String(post) };
}

const pageOf = (fromId: unknown) => {
  const id = int(fromId);
  return id === undefined ? null : id > 0 ? `https://vk.com/id${id}` : `https://vk.com/club${-id}`;
};

export function vkFacts(event: Json, receivedAt = new Date()): ResponseFact[] {
  const object = isObject(event.object) ? event.object : undefined;
  if (!object) return [];
  const commentId = int(object.id);
  switch (event.type) {
    case 'wall_reply_new':
    case 'wall_reply_edit': {
      const post = wallPost(object.owner_id ?? object.post_owner_id, object.post_id);
      if (!post || commentId === undefined) return [];
      const text = typeof object.text === 'string' ? object.text : '';
      const at = fromUnixSeconds(object.date, receivedAt);
      const externalId = String(commentId);
      if (event.type === 'wall_reply_edit') return [{ kind: 'comment_edited', post, externalId, text, at }];
      return [{ kind: 'comment', post, externalId, authorName: null, authorUrl: pageOf(object.from_id), text, at }];
    }
    case 'wall_reply_delete': {
      const post = wallPost(object.owner_id, object.post_id);
      return post && commentId !== undefined ? [{ kind: 'comment_deleted', post, externalId: String(commentId), at: receivedAt }] : [];
    }
    case 'wall_repost': {
      // A repost of a repost lists the chain: the community's own post is the one on its wall.
      const chain = Array.isArray(object.copy_history) ? object.copy_history.filter(isObject) : [];
      const original = chain.find((c) => c.owner_id === -Number(event.group_id)) ?? chain[0];
      const post = isObject(original) ? wallPost(original.owner_id, original.id) : undefined;
      return post ? [{ kind: 'reposted', post, at: fromUnixSeconds(object.date, receivedAt) }] : [];
    }
    case 'like_add':
    case 'like_remove': {
      if (object.object_type !== 'post') return [];
      const post = wallPost(object.object_owner_id, object.object_id);
      return post ? [{ kind: 'reactions_changed', post, delta: event.type === 'like_add' ? 1 : -1, at: receivedAt }] : [];
    }
    default:
      return [];
  }
}
