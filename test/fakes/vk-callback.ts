// VK's side of the Callback API: it POSTs events as JSON to the server a community's admin added,
// the first one a {type: "confirmation"} that must be answered with the confirmation string, the
// others carrying the secret key and an event_id, answered "ok" (VK retries otherwise, with
// X-Retry-Counter). Built as VK sends them (API 5.199).
import { randomBytes } from 'node:crypto';

export interface VkCallbackServer { url: string; groupId: number; secret: string }

async function post(url: string, body: unknown, retry?: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(retry ? { 'x-retry-counter': String(retry) } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

export function vkCallback(server: VkCallbackServer) {
  const event = (type: string, object: Record<string, unknown>, eventId = randomBytes(20).toString('hex')) => ({
    type,
    event_id: eventId,
    v: '5.199',
    object,
    group_id: server.groupId,
    secret: server.secret,
  });
  const owner = -server.groupId;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    /** What VK sends when the server is added: the answer must be the confirmation string. */
    confirm: () => post(server.url, { type: 'confirmation', group_id: server.groupId }),
    /** Sends an event as built; `retry` sends it again as VK's retry would (same event_id). */
    send: (body: Record<string, unknown>, retry?: number) => post(server.url, body, retry),
    commentNew: (postId: number, commentId: number, fromId: number, text: string) =>
      event('wall_reply_new', { id: commentId, from_id: fromId, date: now(), text, post_owner_id: owner, owner_id: owner, post_id: postId }),
    commentEdit: (postId: number, commentId: number, fromId: number, text: string) =>
      event('wall_reply_edit', { id: commentId, from_id: fromId, date: now(), text, post_owner_id: owner, owner_id: owner, post_id: postId }),
    commentDelete: (postId: number, commentId: number) => event('wall_reply_delete', { owner_id: owner, id: commentId, deleter_id: 1, post_id: postId }),
    repost: (postId: number, byId: number) =>
      event('wall_repost', { id: 77, owner_id: byId, from_id: byId, date: now(), post_type: 'post', text: '', copy_history: [{ id: postId, owner_id: owner, from_id: owner, date: now() - 60, post_type: 'post', text: 'the vacancy' }] }),
    like: (postId: number, likerId: number, add = true) =>
      event(add ? 'like_add' : 'like_remove', { liker_id: likerId, object_type: 'post', object_owner_id: owner, object_id: postId, thread_reply_id: 0, post_id: 0 }),
  };
}
