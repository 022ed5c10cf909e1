// Telegram Bot API adapter: POST {baseUrl}/bot{token}/{method} with a JSON body.
// Replies are {ok:true,result} or {ok:false,error_code,description,parameters?}.
import { exchange, isObject, unreadableReply } from './http.js';
import { checkFailed, unknown } from './outcomes.js';
import { guarded } from './redact.js';
import { CAPTION_LIMIT, visibleLength } from './telegram-text.js';
import type {
  AdapterOptions,
  ChangeOutcome,
  CredentialCheck,
  Done,
  EditRequest,
  FailureOutcome,
  MessageKind,
  NetworkAdapter,
  PostContent,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
  TargetMissing,
  TelegramChat,
  TelegramCredentials,
  TelegramMembership,
  UpdatesRead,
  UpdatesSubscription,
} from './types.js';

export const DEFAULT_APPLY_LABEL = 'Откликнуться';
// A clean {ok:false} body with a 5xx: Telegram refused the call, nothing was posted.
const SERVER_ERROR_RETRY_SECONDS = 10;

type Reply = { ok: true; result: unknown } | { ok: false; failure: FailureOutcome; description: string };

export type ChatRead = { kind: 'chat'; chat: TelegramChat } | TargetMissing | FailureOutcome;
export type MembershipRead = { kind: 'membership'; membership: TelegramMembership } | TargetMissing | FailureOutcome;

export type TelegramAdapter = NetworkAdapter<'telegram'> &
  Required<Pick<NetworkAdapter<'telegram'>, 'subscribeUpdates' | 'fetchUpdates'>> & {
    /** getChat: what the chat is ("@username" or "-100…"), or why the bot cannot see it. */
    readChat(creds: TelegramCredentials, address: string): Promise<ChatRead>;
    /** getChatMember for the bot itself: may it post there. */
    readMembership(creds: TelegramCredentials, address: string): Promise<MembershipRead>;
  };

interface TgChat { id?: number; username?: string }
interface TgMessage { message_id?: number; chat?: TgChat }

export function mapTelegramError(body: Record<string, unknown>): FailureOutcome {
  const code = Number(body.error_code);
  const description = typeof body.description === 'string' ? body.description : `error ${code}`;
  const params = isObject(body.parameters) ? body.parameters : {};
  if (params.migrate_to_chat_id !== undefined) {
    return { kind: 'target_moved', newAddress: String(params.migrate_to_chat_id) };
  }
  if (code === 429 || typeof params.retry_after === 'number') {
    // Telegram does not say which limit tripped (1/s per chat, 20/min per group, ~30/s per bot).
    // Per-chat floods are the common case and retry_after already carries the wait, so the
    // wait is put on the target; a bot-wide flood shows up as 429s on every target anyway.
    const seconds = typeof params.retry_after === 'number' ? params.retry_after : 1;
    return { kind: 'retry_after', seconds, scope: 'target', reason: description, code };
  }
  // 404 on a known method means the token in the path is malformed.
  if (code === 401 || code === 404) return { kind: 'needs_reauth', reason: description };
  if (code >= 500) {
    return { kind: 'retry_after', seconds: SERVER_ERROR_RETRY_SECONDS, scope: 'account', reason: description, code };
  }
  // 403: bot kicked / not a member / not an admin; 400: chat not found, bad markup, too long…
  return { kind: 'permanent', reason: description, code };
}

function applyButton(content: PostContent) {
  if (!content.applyUrl) return undefined;
  return { inline_keyboard: [[{ text: content.applyLabel ?? DEFAULT_APPLY_LABEL, url: content.applyUrl }]] };
}

// A text message: with an image, its large link preview shows the image above the text. Without
// one, the apply button is the call to action; a preview of whatever link comes first is noise.
function textMessage(content: PostContent): Record<string, unknown> {
  const link_preview_options = content.imageUrl
    ? { url: content.imageUrl, prefer_large_media: true, show_above_text: true }
    : { is_disabled: true };
  return { text: content.text, parse_mode: 'HTML', link_preview_options, reply_markup: applyButton(content) };
}

// The body of the one message a post becomes (text or photo).
// A photo caption is capped at 1024 characters; a longer post with an image stays ONE text
// message whose large link preview shows the image, instead of splitting into a photo plus a
// second message (two ids to edit/delete, and the button on only one of them).
function messageBody(content: PostContent): { method: 'sendPhoto' | 'sendMessage'; body: Record<string, unknown> } {
  if (content.imageUrl) {
    const caption = content.captionText ?? content.text;
    if (visibleLength(caption) <= CAPTION_LIMIT) {
      return {
        method: 'sendPhoto',
        body: { photo: content.imageUrl, caption, parse_mode: 'HTML', reply_markup: applyButton(content) },
      };
    }
  }
  return { method: 'sendMessage', body: textMessage(content) };
}

const kindOf = (method: 'sendPhoto' | 'sendMessage'): MessageKind => (method === 'sendPhoto' ? 'photo' : 'text');

// Public link when the chat has a username; members-only t.me/c link for -100… ids;
// basic groups and private chats have no link at all.
export function telegramPermalink(address: string, chat: TgChat | undefined, messageId: number): string | undefined {
  const username = chat?.username ?? (address.startsWith('@') ? address.slice(1) : undefined);
  if (username) return `https://t.me/${username}/${messageId}`;
  const id = String(chat?.id ?? address);
  if (id.startsWith('-100')) return `https://t.me/c/${id.slice(4)}/${messageId}`;
  return undefined;
}

// Suggest mode targets a channel's direct-messages chat: "<chat id>:<topic id>".
function suggestTarget(address: string): Record<string, unknown> {
  const m = /^(.+):(\d+)$/.exec(address);
  return m
    ? { chat_id: m[1], direct_messages_topic_id: Number(m[2]), suggested_post_parameters: {} }
    : { chat_id: address, suggested_post_parameters: {} };
}

// Refusals that say the chat is gone for this bot, not that the call went wrong: permanent for the
// target, and the caller shows them as such instead of as an error.
const MISSING: ReadonlyArray<[RegExp, TargetMissing['code']]> = [
  [/chat not found/i, 'not_found'],
  [/chat was (deleted|deactivated)/i, 'not_found'],
  [/bot was kicked/i, 'bot_removed'],
  [/bot is not a member/i, 'no_access'],
  // getChatMember in a channel where the bot is no admin: it may not look at members, itself included.
  [/member list is inaccessible/i, 'no_access'],
];

function missingTarget(reply: Extract<Reply, { ok: false }>): TargetMissing | undefined {
  if (reply.failure.kind !== 'permanent' || !reply.description) return undefined;
  const hit = MISSING.find(([pattern]) => pattern.test(reply.description));
  return hit ? { kind: 'missing', reason: reply.description, code: hit[1] } : undefined;
}

const CHAT_TYPES: ReadonlySet<string> = new Set<TelegramChat['type']>(['private', 'group', 'supergroup', 'channel']);
const MEMBER_STATUSES: ReadonlySet<string> = new Set<TelegramMembership['status']>(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked']);
const isChatType = (v: unknown): v is TelegramChat['type'] => typeof v === 'string' && CHAT_TYPES.has(v);
const isMemberStatus = (v: unknown): v is TelegramMembership['status'] => typeof v === 'string' && MEMBER_STATUSES.has(v);
const boolOrNull = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const idOrNull = (v: unknown): string | null => (typeof v === 'number' || typeof v === 'string' ? String(v) : null);

// ChatFullInfo as getChat answers it. Private chats have no title: the person's name stands in.
export function telegramChat(r: unknown): TelegramChat | undefined {
  if (!isObject(r) || idOrNull(r.id) === null || !isChatType(r.type)) return undefined;
  const name = [r.first_name, r.last_name].filter((s) => typeof s === 'string').join(' ');
  return {
    id: String(r.id),
    type: r.type,
    title: typeof r.title === 'string' ? r.title : name,
    username: typeof r.username === 'string' ? r.username : null,
    linkedChatId: idOrNull(r.linked_chat_id),
    membersCanSendMessages: isObject(r.permissions) ? boolOrNull(r.permissions.can_send_messages) : null,
  };
}

// ChatMember: can_post_messages only on channel administrators, can_send_messages only on restricted
// members; the owner carries neither (it may do everything).
export function telegramMembership(r: unknown): TelegramMembership | undefined {
  if (!isObject(r) || !isMemberStatus(r.status)) return undefined;
  return { status: r.status, canPostMessages: boolOrNull(r.can_post_messages), canSendMessages: boolOrNull(r.can_send_messages) };
}

// The bot's own user id is the number before ':' in its token, so no getMe call is needed for it.
export const botIdOf = (token: string): number | undefined => {
  const m = /^(\d+):/.exec(token);
  return m ? Number(m[1]) : undefined;
};

const noText = (d: string) => /there is no text in the message/i.test(d);
const noCaption = (d: string) => /there is no caption in the message/i.test(d);

export function createTelegramAdapter(opts: AdapterOptions): TelegramAdapter {
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function call(token: string, method: string, params: Record<string, unknown>): Promise<Reply> {
    const ex = await exchange(opts, {
      method: 'POST',
      url: `${base}/bot${token}/${method}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    if (!ex.ok) return { ok: false, failure: ex.outcome, description: ex.outcome.reason };
    const body = ex.res.json;
    if (isObject(body) && body.ok === true && 'result' in body) return { ok: true, result: body.result };
    // A clean Bot API error is read whatever the status (its own 429 carries the chat's wait).
    if (isObject(body) && body.ok === false && typeof body.error_code === 'number') {
      const failure = mapTelegramError(body);
      return { ok: false, failure, description: String(body.description ?? '') };
    }
    return { ok: false, failure: unreadableReply(`telegram ${method}`, ex.res), description: '' };
  }

  const onThrow = (reason: string) => unknown(reason);

  return {
    network: 'telegram',

    publish(creds: TelegramCredentials, req: PublishRequest): Promise<PublishOutcome> {
      return guarded([creds.botToken], onThrow, async () => {
        const { method, body } = messageBody(req);
        const where = req.target.mode === 'suggest' ? suggestTarget(req.target.address) : { chat_id: req.target.address };
        const reply = await call(creds.botToken, method, { ...where, ...body });
        if (!reply.ok) return reply.failure;
        const msg = (isObject(reply.result) ? reply.result : {}) as TgMessage;
        if (typeof msg.message_id !== 'number') return unknown(`telegram ${method}: reply without message_id`);
        const networkPostId = String(msg.message_id);
        // Reported so the caller can store it: the edit of a photo and of a text are different methods.
        const messageKind = kindOf(method);
        if (req.target.mode === 'suggest') return { kind: 'suggested', networkPostId, messageKind };
        const permalink = telegramPermalink(req.target.address, msg.chat, msg.message_id);
        return { kind: 'published', networkPostId, ...(permalink ? { permalink } : {}), messageKind };
      });
    },

    edit(creds: TelegramCredentials, req: EditRequest): Promise<ChangeOutcome> {
      return guarded([creds.botToken], onThrow, async () => {
        const where = { chat_id: req.address, message_id: Number(req.networkPostId) };
        const { method: sentAs, body } = messageBody(req);
        const reply_markup = body.reply_markup;
        const asText = () =>
          call(creds.botToken, 'editMessageText', {
            ...where,
            text: req.text,
            parse_mode: 'HTML',
            link_preview_options: sentAs === 'sendMessage' ? body.link_preview_options : { is_disabled: true },
            reply_markup,
          });
        const asCaption = () => {
          const caption = req.captionText ?? req.text;
          if (visibleLength(caption) > CAPTION_LIMIT) return null;
          return call(creds.botToken, 'editMessageCaption', { ...where, caption, parse_mode: 'HTML', reply_markup });
        };
        // A text message keeps (or gains) its image as the large preview above the text.
        const asKnownText = () => call(creds.botToken, 'editMessageText', { ...where, ...textMessage(req) });
        let reply: Reply | null;
        if (req.messageKind) {
          // What the post was sent as is known: one call, by its own method. A refusal is the answer.
          reply = req.messageKind === 'photo' ? await asCaption() : await asKnownText();
        } else {
          // Sent before the kind was recorded: it was sent as a photo or as text by the same rule. If
          // the content changed since, the network says which kind it is: the caller edits again,
          // with that kind, in a rate-limit turn of its own (never a second call in this one).
          reply = sentAs === 'sendPhoto' ? await asCaption() : await asText();
          if (reply && !reply.ok && noCaption(reply.description)) return { kind: 'wrong_kind', messageKind: 'text', reason: reply.description };
          if (reply && !reply.ok && noText(reply.description)) return { kind: 'wrong_kind', messageKind: 'photo', reason: reply.description };
        }
        if (!reply) return { kind: 'permanent', reason: 'the post is a photo and the new text exceeds the 1024-character caption' };
        if (reply.ok) return { kind: 'done' };
        // Same content as already shown: the post is in the wanted state.
        if (/message is not modified/i.test(reply.description)) return { kind: 'done' };
        return reply.failure;
      });
    },

    remove(creds: TelegramCredentials, req: RemoveRequest): Promise<ChangeOutcome> {
      return guarded([creds.botToken], onThrow, async () => {
        const reply = await call(creds.botToken, 'deleteMessage', {
          chat_id: req.address,
          message_id: Number(req.networkPostId),
        });
        if (reply.ok) return { kind: 'done' };
        // Bots may delete only messages under 48 hours old; the caller edits instead.
        if (/message can't be deleted/i.test(reply.description)) return { kind: 'too_old', reason: reply.description };
        if (/message to delete not found/i.test(reply.description)) return { kind: 'done' };
        return reply.failure;
      });
    },

    subscribeUpdates(creds: TelegramCredentials, sub: UpdatesSubscription): Promise<Done | FailureOutcome> {
      return guarded([creds.botToken], onThrow, async () => {
        // allowed_updates either way: Telegram keeps the list for getUpdates too, and reaction updates
        // come only when named.
        const params = sub.url
          ? { url: sub.url, secret_token: sub.secretToken, allowed_updates: sub.allowedUpdates }
          : { url: '', allowed_updates: sub.allowedUpdates };
        const reply = await call(creds.botToken, 'setWebhook', params);
        return reply.ok ? { kind: 'done' } : reply.failure;
      });
    },

    fetchUpdates(creds: TelegramCredentials, req: { offset: number; allowedUpdates: string[] }): Promise<UpdatesRead | FailureOutcome> {
      return guarded([creds.botToken], onThrow, async () => {
        // timeout 0: answer at once. The next fetch is a job of its own, so no call holds a worker.
        const reply = await call(creds.botToken, 'getUpdates', { offset: req.offset, timeout: 0, limit: 100, allowed_updates: req.allowedUpdates });
        if (!reply.ok) return reply.failure;
        return { kind: 'updates', updates: Array.isArray(reply.result) ? reply.result : [] };
      });
    },

    readChat(creds: TelegramCredentials, address: string): Promise<ChatRead> {
      return guarded([creds.botToken], onThrow, async (): Promise<ChatRead> => {
        const reply = await call(creds.botToken, 'getChat', { chat_id: address });
        if (!reply.ok) return missingTarget(reply) ?? reply.failure;
        const chat = telegramChat(reply.result);
        return chat ? { kind: 'chat', chat } : unknown('telegram getChat: reply without a chat');
      });
    },

    readMembership(creds: TelegramCredentials, address: string): Promise<MembershipRead> {
      return guarded([creds.botToken], onThrow, async (): Promise<MembershipRead> => {
        const botId = botIdOf(creds.botToken);
        if (botId === undefined) return { kind: 'needs_reauth', reason: 'the bot token has no bot id before ":"' };
        const reply = await call(creds.botToken, 'getChatMember', { chat_id: address, user_id: botId });
        if (!reply.ok) return missingTarget(reply) ?? reply.failure;
        const membership = telegramMembership(reply.result);
        return membership ? { kind: 'membership', membership } : unknown('telegram getChatMember: reply without a status');
      });
    },

    checkCredentials(creds: TelegramCredentials): Promise<CredentialCheck> {
      return guarded([creds.botToken], (reason) => ({ ok: false, kind: 'unknown', reason }) as const, async () => {
        const reply = await call(creds.botToken, 'getMe', {});
        if (!reply.ok) return checkFailed(reply.failure);
        const me = isObject(reply.result) ? reply.result : {};
        if (me.is_bot !== true || typeof me.username !== 'string') {
          return { ok: false, kind: 'unknown', reason: 'getMe returned no bot username' };
        }
        return { ok: true, identity: `@${me.username}` };
      });
    },
  };
}
