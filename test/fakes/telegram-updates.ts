// Telegram updates in the Bot API's shapes (update_id is added by the fake when it delivers them).
type Chat = { id: number; username?: string; title?: string };
type User = { id: number; first_name: string; last_name?: string; username?: string };

const chatJson = (c: Chat, type: string) => ({ id: c.id, type, title: c.title ?? `Chat ${c.id}`, ...(c.username ? { username: c.username } : {}) });
const userJson = (u: User) => ({ is_bot: false, ...u });

/** message_reaction_count: a channel post's anonymous totals, e.g. {'👍': 3, '🔥': 1}. */
export function reactionCount(channel: Chat, messageId: number, counts: Record<string, number>, date = Math.floor(Date.now() / 1000)) {
  return {
    message_reaction_count: {
      chat: chatJson(channel, 'channel'),
      message_id: messageId,
      date,
      reactions: Object.entries(counts).map(([emoji, total_count]) => ({ type: { type: 'emoji', emoji }, total_count })),
    },
  };
}

/** message_reaction: one user's reactions on a message in a group changed. */
export function reactionChange(group: Chat, messageId: number, user: User, before: string[], after: string[]) {
  const list = (emojis: string[]) => emojis.map((emoji) => ({ type: 'emoji', emoji }));
  return {
    message_reaction: { chat: chatJson(group, 'supergroup'), message_id: messageId, user: userJson(user), date: Math.floor(Date.now() / 1000), old_reaction: list(before), new_reaction: list(after) },
  };
}

/**
 * A comment on a channel post: a reply, in the linked discussion group, to the post's automatic forward
 * (forward_origin names the channel and its message id).
 */
export function discussionComment(opts: { channel: Chat; channelMessageId: number; discussion: Chat; forwardId: number; messageId: number; from: User; text: string; edited?: boolean }) {
  const date = Math.floor(Date.now() / 1000);
  const message = {
    message_id: opts.messageId,
    date,
    ...(opts.edited ? { edit_date: date + 1 } : {}),
    chat: chatJson(opts.discussion, 'supergroup'),
    from: userJson(opts.from),
    message_thread_id: opts.forwardId,
    text: opts.text,
    reply_to_message: {
      message_id: opts.forwardId,
      date: date - 60,
      chat: chatJson(opts.discussion, 'supergroup'),
      sender_chat: chatJson(opts.channel, 'channel'),
      is_automatic_forward: true,
      forward_origin: { type: 'channel', chat: chatJson(opts.channel, 'channel'), message_id: opts.channelMessageId, date: date - 60 },
      text: 'the vacancy',
    },
  };
  return opts.edited ? { edited_message: message } : { message };
}

/** A reply to a post in a group the bot posted to. */
export function groupReply(opts: { group: Chat; postMessageId: number; messageId: number; from: User; text: string }) {
  const date = Math.floor(Date.now() / 1000);
  return {
    message: {
      message_id: opts.messageId,
      date,
      chat: chatJson(opts.group, 'supergroup'),
      from: userJson(opts.from),
      text: opts.text,
      reply_to_message: { message_id: opts.postMessageId, date: date - 60, chat: chatJson(opts.group, 'supergroup'), text: 'the vacancy' },
    },
  };
}
