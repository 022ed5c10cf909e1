// Facebook's side of a Page's feed webhook: deliveries as Facebook sends them, {object: "page",
// entry: [{id, time, changes: [{field: "feed", value}]}]}, signed X-Hub-Signature-256 with the app
// secret over the exact bytes sent, and the GET it makes to check the address (hub.challenge).
import { createHmac } from 'node:crypto';

export type FeedValue = Record<string, unknown>;

export function facebookFeed(opts: { url: string; pageId: string; appSecret: string }) {
  const now = () => Math.floor(Date.now() / 1000);
  return {
    /** The subscription check Facebook makes when the app's Webhooks settings are saved. */
    verify: async (verifyToken: string, challenge = '1158201444') => {
      const res = await fetch(`${opts.url}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=${challenge}`);
      return { status: res.status, text: await res.text() };
    },
    /** POSTs the changes as one delivery; `secret` signs it (the app's own by default). */
    deliver: async (values: FeedValue[], secret = opts.appSecret) => {
      const body = JSON.stringify({ object: 'page', entry: [{ id: opts.pageId, time: now(), changes: values.map((value) => ({ field: 'feed', value })) }] });
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const res = await fetch(opts.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    comment: (postId: string, commentId: string, name: string, message: string, verb = 'add', parentId = postId): FeedValue => ({
      item: 'comment', verb, post_id: postId, comment_id: commentId, parent_id: parentId, from: { id: '7781234500', name }, message, created_time: now(),
    }),
    reaction: (postId: string, userId: string, verb: 'add' | 'remove' = 'add'): FeedValue => ({
      item: 'reaction', verb, post_id: postId, reaction_type: 'like', from: { id: userId, name: 'Someone' }, created_time: now(), parent_id: postId,
    }),
    share: (postId: string, shareId: string): FeedValue => ({ item: 'share', verb: 'add', post_id: postId, share_id: shareId, created_time: now() }),
  };
}
