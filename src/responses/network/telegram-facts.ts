// A Telegram update (webhook body or one getUpdates entry) to the facts it holds about our posts:
//   message_reaction_count — a channel post's anonymous reaction totals (the bot must be an admin);
//   message_reaction       — one user's reactions changed, in groups where reactions are public;
//   message / edited_message replying to a post — a comment. On a channel the comments live in the
//     linked discussion group: the channel post appears there as an automatic forward, and comments
//     reply to it; its forward origin names the channel and the channel's message id.
// Updates about anything else give no facts. The Bot API has no view counts: none are made up.
import { isObject } from '../../networks/http.js';
import { countOf, fromUnixSeconds, type PostLocator, type ResponseFact } from './facts.js';

type Json = Record<string, unknown>;
const idOf = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? String(v) : undefined);

/** The updates the bot asks for: exactly these are listed, since reaction updates come only when named. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'channel_post', 'message_reaction', 'message_reaction_count'];

function locator(chat: unknown, messageId: unknown): PostLocator | undefined {
  if (!isObject(chat)) return undefined;
  const chatId = idOf(chat.id);
  const message = idOf(messageId);
  if (!chatId || !message) return undefined;
  return { network: 'telegram', chatId, ...(typeof chat.username === 'string' ? { username: chat.username } : {}), messageId: message };
}

// The post a message replies to: the channel post behind an automatic forward, or a post in this chat.
function repliedPost(message: Json): PostLocator | undefined {
  const replied = message.reply_to_message;
  if (!isObject(replied)) return undefined;
  if (replied.is_automatic_forward === true) {
    const origin = replied.forward_origin;
    if (isObject(origin) && origin.type === 'channel') return locator(origin.chat, origin.message_id);
    // Older shape of the same forward.
    if (isObject(replied.forward_from_chat)) return locator(replied.forward_from_chat, replied.forward_from_message_id);
    return undefined;
  }
  return locator(message.chat, replied.message_id);
}

function author(message: Json): { authorName: string | null; authorUrl: string | null } {
  const from = isObject(message.sender_chat) ? message.sender_chat : isObject(message.from) ? message.from : undefined;
  if (!from) return { authorName: null, authorUrl: null };
  const name = [from.first_name, from.last_name, from.title].filter((p) => typeof p === 'string' && p).join(' ');
  return { authorName: name || null, authorUrl: typeof from.username === 'string' ? `https://t.me/${from.username}` : null };
}

const textOf = (message: Json) =>
  typeof message.text === 'string' ? message.text : typeof message.caption === 'string' ? message.caption : '';

const reactionCount = (list: unknown) => (Array.isArray(list) ? list.length : 0);

export function telegramFacts(update: unknown, receivedAt = new Date()): ResponseFact[] {
  if (!isObject(update)) return [];
  const counted = update.message_reaction_count;
  if (isObject(counted)) {
    const post = locator(counted.chat, counted.message_id);
    if (!post || !Array.isArray(counted.reactions)) return [];
    const total = counted.reactions.reduce((sum: number, r) => sum + ((isObject(r) && countOf(r.total_count)) || 0), 0);
    return [{ kind: 'reactions_total', post, total: Math.min(total, 2_147_483_647), at: fromUnixSeconds(counted.date, receivedAt) }];
  }
  const reaction = update.message_reaction;
  if (isObject(reaction)) {
    const post = locator(reaction.chat, reaction.message_id);
    const delta = reactionCount(reaction.new_reaction) - reactionCount(reaction.old_reaction);
    return post && delta !== 0 ? [{ kind: 'reactions_changed', post, delta, at: fromUnixSeconds(reaction.date, receivedAt) }] : [];
  }
  const edited = isObject(update.edited_message);
  const message = edited ? (update.edited_message as Json) : update.message;
  if (!isObject(message) || message.is_automatic_forward === true) return [];
  const post = repliedPost(message);
  const chatId = isObject(message.chat) ? idOf(message.chat.id) : undefined;
  const messageId = idOf(message.message_id);
  if (!post || !chatId || !messageId) return [];
  const externalId = `${chatId}:${messageId}`;
  if (edited) return [{ kind: 'comment_edited', post, externalId, text: textOf(message), at: fromUnixSeconds(message.edit_date, receivedAt) }];
  return [{ kind: 'comment', post, externalId, ...author(message), text: textOf(message), at: fromUnixSeconds(message.date, receivedAt) }];
}
