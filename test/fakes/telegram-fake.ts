// A wire-level Telegram Bot API: POST/GET {url}/bot{token}/{method}, JSON or form params,
// replies {ok:true,result} / {ok:false,error_code,description,parameters?} like the real one.
// Enforces 1 msg/s per chat, 20 msg/min per group (negative ids), 30 msg/s per bot; reads (getChat,
// getChatMember) are not messages and have no published limit, so none is enforced on them.
// Chats listed in `chats` (or added by setChat) also carry the bot's membership: getChat/getChatMember
// answer from it, and sending there is refused the way Telegram refuses it (kicked, not a member, no
// right to post). Chats made up on the fly for an unlisted address keep the bot as an all-powerful admin.
import { createClock, serveFake, type Fault, type FakeHandle, type FakeReply, type FakeRequest } from './http-fake-server.js';
import { SlidingWindow } from './rate-window.js';

export const TELEGRAM_FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly_xxxxxxxxxxxx';

export type TelegramFakeBotStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface TelegramFakeChat {
  id: number;
  type?: 'channel' | 'supergroup' | 'group' | 'private';
  username?: string;
  title?: string;
  // channel: its discussion group; group: the channel it belongs to.
  linked_chat_id?: number;
  // Groups' default member rights (ChatPermissions), e.g. { can_send_messages: false }.
  permissions?: Record<string, boolean>;
  // The bot's own standing in the chat. Default 'administrator'.
  botStatus?: TelegramFakeBotStatus;
  // administrator: may post in a channel. Default true.
  botCanPostMessages?: boolean;
  // restricted: may send messages. Default false.
  botCanSendMessages?: boolean;
}

export interface TelegramFakeOptions {
  tokens?: string[];
  // When given, only these chats exist ("chat not found" for others); otherwise any chat is accepted.
  chats?: TelegramFakeChat[];
  // false disables the flood limits (benchmarks of everything but Telegram's pacing).
  limits?: false | { perChatPerSecond?: number; perGroupPerMinute?: number; perBotPerSecond?: number };
  host?: string;
  port?: number;
}

interface StoredMessage {
  kind: 'text' | 'photo';
  // As sent (with markup) and as shown (what the Bot API returns in text/caption).
  content: string;
  visible: string;
  markup: string;
  date: number; // ms, fake clock
}

interface Chat extends Required<Pick<TelegramFakeChat, 'id' | 'type' | 'botStatus' | 'botCanPostMessages' | 'botCanSendMessages'>> {
  username?: string;
  title: string;
  linked_chat_id?: number;
  permissions?: Record<string, boolean>;
  nextId: number;
  messages: Map<number, StoredMessage>;
}

// What setWebhook set for a bot (url '' after it was removed).
export interface TelegramFakeWebhook { url: string; secretToken?: string; allowedUpdates?: string[] }

export interface TelegramFake extends FakeHandle {
  /**
   * Telegram sends the bot an update: POSTed to its webhook with X-Telegram-Bot-Api-Secret-Token (the
   * answer's status is returned), or kept for getUpdates. Like Telegram, an update type the bot did not
   * list in allowed_updates is not delivered (reaction updates must be listed by name).
   */
  deliver(update: Record<string, unknown>, token?: string): Promise<{ updateId: number; delivered: 'webhook' | 'queued' | 'filtered'; status?: number }>;
  webhook(token?: string): TelegramFakeWebhook | undefined;
  // The group became a supergroup: calls to `fromId` now get migrate_to_chat_id = toId.
  migrateChat(fromId: number | string, toId: number): void;
  // Messages currently in a chat (for assertions).
  messages(chatId: number | string): Array<{ id: number } & StoredMessage>;
  // Adds the chat (by id, or "@username" with a made-up id) or changes it; reset() goes back to `chats`.
  setChat(idOrUsername: number | string, patch: Partial<Omit<TelegramFakeChat, 'id'>>): void;
}

// The error body exactly as the Bot API sends it.
export function telegramError(code: number, description: string, parameters?: Record<string, unknown>): Fault {
  return { type: 'respond', status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }, result: `error:${code}` };
}

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler', 'span', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const decodeEntity = (e: string) =>
  ENTITIES[e] ?? String.fromCodePoint(e.startsWith('#x') || e.startsWith('#X') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));

// Parses Telegram HTML the strict way the Bot API does: the visible text (what `text`/`caption`
// holds in the returned Message) or the error the Bot API would answer.
export function parseTelegramHtml(html: string): { text: string; length: number } | { error: string } {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  const at = () => Buffer.byteLength(html.slice(0, i));
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Unexpected end of name token at byte offset ${at()}` };
      const [whole, slash, rawName] = m;
      const name = rawName!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${at()}` };
      if (slash) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${at()}` };
      } else stack.push(name);
      i += whole!.length;
    } else if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Character entity expected at byte offset ${at()}` };
      text += decodeEntity(m[1]!);
      i += m[0].length;
    } else if (ch === '>') {
      return { error: `Bad Request: can't parse entities: Unexpected character ">" at byte offset ${at()}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { text, length: text.length };
}

const ok = (result: unknown): FakeReply => ({ status: 200, body: { ok: true, result }, result: 'ok' });
const fail = (code: number, description: string, parameters?: Record<string, unknown>): FakeReply => {
  const f = telegramError(code, description, parameters) as Extract<Fault, { type: 'respond' }>;
  return { status: f.status, body: f.body, result: f.result! };
};
const DELETE_WINDOW_MS = 48 * 3_600_000;
// The types Telegram sends when allowed_updates is not given: all but these three.
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const listOf = (v: unknown): string[] | undefined => {
  const parsed = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(parsed) ? parsed.map(String) : undefined;
};

export async function startTelegramFake(opts: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const clock = createClock();
  const tokens = new Set(opts.tokens ?? [TELEGRAM_FAKE_TOKEN]);
  const strict = opts.chats !== undefined;
  const limits = opts.limits === false ? undefined : opts.limits ?? {};
  const perChat = new SlidingWindow(limits?.perChatPerSecond ?? 1, 1000);
  const perGroup = new SlidingWindow(limits?.perGroupPerMinute ?? 20, 60_000);
  const perBot = new SlidingWindow(limits?.perBotPerSecond ?? 30, 1000);
  const chats = new Map<number, Chat>();
  const byUsername = new Map<string, number>();
  const migrated = new Map<string, number>();
  let nextAutoId = 1_000_000_000_000;
  // Updates: per bot, the webhook set, the updates waiting for getUpdates, and the types it asked for.
  const webhooks = new Map<string, TelegramFakeWebhook>();
  const waiting = new Map<string, Array<Record<string, unknown>>>();
  const asked = new Map<string, string[] | undefined>();
  let nextUpdateId = 500_000_001;

  function addChat(spec: TelegramFakeChat): Chat {
    const type = spec.type ?? (spec.id > 0 ? 'private' : String(spec.id).startsWith('-100') ? 'channel' : 'group');
    const chat: Chat = {
      id: spec.id,
      type,
      username: spec.username,
      title: spec.title ?? `Chat ${spec.id}`,
      linked_chat_id: spec.linked_chat_id,
      permissions: spec.permissions,
      botStatus: spec.botStatus ?? 'administrator',
      botCanPostMessages: spec.botCanPostMessages ?? true,
      botCanSendMessages: spec.botCanSendMessages ?? false,
      nextId: 1,
      messages: new Map(),
    };
    chats.set(spec.id, chat);
    if (spec.username) byUsername.set(spec.username.toLowerCase(), spec.id);
    return chat;
  }

  function setChat(ref: number | string, patch: Partial<Omit<TelegramFakeChat, 'id'>>): void {
    const key = String(ref);
    const byId = /^-?\d+$/.test(key);
    const username = key.replace(/^@/, '');
    const known = byId ? chats.get(Number(key)) : chats.get(byUsername.get(username.toLowerCase()) ?? NaN);
    const chat = known ?? addChat(byId ? { id: Number(key) } : { id: -(nextAutoId++), type: 'channel', username });
    if (patch.username !== undefined && chat.username) byUsername.delete(chat.username.toLowerCase());
    Object.assign(chat, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    if (chat.username) byUsername.set(chat.username.toLowerCase(), chat.id);
  }
  function seed() {
    chats.clear();
    byUsername.clear();
    migrated.clear();
    for (const c of opts.chats ?? []) addChat(c);
  }
  seed();

  function findChat(raw: unknown): Chat | undefined {
    const ref = String(raw ?? '');
    if (ref.startsWith('@')) {
      const id = byUsername.get(ref.slice(1).toLowerCase());
      if (id !== undefined) return chats.get(id);
      return strict ? undefined : addChat({ id: -(nextAutoId++), username: ref.slice(1), type: 'channel' });
    }
    if (!/^-?\d+$/.test(ref)) return undefined;
    const id = Number(ref);
    return chats.get(id) ?? (strict ? undefined : addChat({ id }));
  }

  const chatKind = (c: Chat) => `${c.type} chat`;
  // Refusals for a chat the bot was removed from or is not in (`hidden`: the chat is not readable from outside).
  const goneFor = (c: Chat, hidden: boolean): FakeReply | undefined => {
    if (c.type === 'private') return undefined;
    if (c.botStatus === 'kicked') return fail(403, `Forbidden: bot was kicked from the ${chatKind(c)}`);
    if (c.botStatus === 'left' && hidden) return fail(403, `Forbidden: bot is not a member of the ${chatKind(c)}`);
    return undefined;
  };
  // What Telegram answers a bot sending where it may not: removed, not in, no right to post or write.
  const sendRefusal = (c: Chat, what: 'text' | 'photo'): FakeReply | undefined => {
    const gone = goneFor(c, true);
    if (gone || c.type === 'private') return gone;
    if (c.type === 'channel') {
      const mayPost = c.botStatus === 'creator' || (c.botStatus === 'administrator' && c.botCanPostMessages);
      return mayPost ? undefined : fail(400, 'Bad Request: need administrator rights in the channel chat');
    }
    if (c.botStatus === 'creator' || c.botStatus === 'administrator') return undefined;
    const right = what === 'text' ? 'can_send_messages' : 'can_send_photos';
    const allowed = c.botStatus === 'restricted' ? c.botCanSendMessages : c.permissions?.[right] !== false;
    return allowed ? undefined : fail(400, `Bad Request: not enough rights to send ${what === 'text' ? 'text messages' : 'photos'} to the chat`);
  };
  // ChatFullInfo, the fields a bot reads about a chat.
  const chatFullJson = (c: Chat) => ({
    ...chatJson(c),
    accent_color_id: 0,
    max_reaction_count: 11,
    ...(c.linked_chat_id !== undefined ? { linked_chat_id: c.linked_chat_id } : {}),
    ...(c.type === 'group' || c.type === 'supergroup' ? { permissions: { can_send_messages: true, ...c.permissions } } : {}),
  });
  // The ChatMember of the bot itself: each status has its own shape.
  const memberJson = (c: Chat, user: ReturnType<typeof botJson>) => {
    switch (c.botStatus) {
      case 'creator':
        return { user, status: 'creator', is_anonymous: false };
      case 'administrator':
        return {
          user, status: 'administrator', can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
          can_restrict_members: true, can_promote_members: false, can_change_info: true, can_invite_users: true,
          ...(c.type === 'channel' ? { can_post_messages: c.botCanPostMessages, can_edit_messages: c.botCanPostMessages } : { can_pin_messages: true }),
        };
      case 'restricted':
        return { user, status: 'restricted', is_member: true, can_send_messages: c.botCanSendMessages, until_date: 0 };
      default:
        return { user, status: c.botStatus, ...(c.botStatus === 'kicked' ? { until_date: 0 } : {}) };
    }
  };

  const chatJson = (c: Chat) => ({ id: c.id, type: c.type, title: c.title, ...(c.username ? { username: c.username } : {}) });
  const botJson = (token: string) => {
    const id = Number(token.split(':')[0]) || 1;
    return { id, is_bot: true, first_name: 'Fake Jobs Bot', username: `fake${id}_bot` };
  };
  const messageJson = (c: Chat, id: number, m: StoredMessage, edited = false) => ({
    message_id: id,
    ...(c.type === 'channel' ? { sender_chat: chatJson(c) } : {}),
    chat: chatJson(c),
    date: Math.floor(m.date / 1000),
    ...(edited ? { edit_date: Math.floor(clock.now() / 1000) } : {}),
    ...(m.kind === 'text'
      ? { text: m.visible }
      : { photo: [{ file_id: `photo-${c.id}-${id}`, file_unique_id: `u${id}`, width: 1280, height: 720 }], caption: m.visible }),
    ...(m.markup ? { reply_markup: JSON.parse(m.markup) as unknown } : {}),
  });

  // Parameters may arrive JSON-typed or as form strings.
  const asObjectString = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

  function floodWait(token: string, chat: Chat, now: number): number {
    if (!limits) return 0;
    const key = `${token}|${chat.id}`;
    const wait = Math.max(perChat.waitMs(key, now), chat.id < 0 ? perGroup.waitMs(key, now) : 0, perBot.waitMs(token, now));
    if (wait === 0) {
      perChat.record(key, now);
      if (chat.id < 0) perGroup.record(key, now);
      perBot.record(token, now);
    }
    return wait;
  }

  function send(token: string, p: Record<string, unknown>, kind: 'text' | 'photo'): FakeReply {
    const chat = findChat(p.chat_id);
    if (!chat) return fail(400, 'Bad Request: chat not found');
    const refused = sendRefusal(chat, kind);
    if (refused) return refused;
    const content = String((kind === 'text' ? p.text : p.caption) ?? '');
    if (kind === 'photo' && !p.photo) return fail(400, 'Bad Request: there is no photo in the request');
    const parsed = p.parse_mode === 'HTML' ? parseTelegramHtml(content) : { text: content, length: content.length };
    if ('error' in parsed) return fail(400, parsed.error);
    if (kind === 'text' && parsed.length === 0) return fail(400, 'Bad Request: message text is empty');
    if (kind === 'text' && parsed.length > 4096) return fail(400, 'Bad Request: message is too long');
    if (kind === 'photo' && parsed.length > 1024) return fail(400, 'Bad Request: message caption is too long');
    const now = clock.now();
    const wait = floodWait(token, chat, now);
    if (wait > 0) {
      const s = Math.ceil(wait / 1000);
      return fail(429, `Too Many Requests: retry after ${s}`, { retry_after: s });
    }
    const id = chat.nextId++;
    const m: StoredMessage = { kind, content, visible: parsed.text, markup: asObjectString(p.reply_markup), date: now };
    chat.messages.set(id, m);
    return ok(messageJson(chat, id, m));
  }

  function getChat(p: Record<string, unknown>): FakeReply {
    const chat = findChat(p.chat_id);
    if (!chat) return fail(400, 'Bad Request: chat not found');
    // A public chat can be read by anyone; a private one only from inside.
    return goneFor(chat, !chat.username) ?? ok(chatFullJson(chat));
  }

  function getChatMember(token: string, p: Record<string, unknown>): FakeReply {
    const chat = findChat(p.chat_id);
    if (!chat) return fail(400, 'Bad Request: chat not found');
    const gone = goneFor(chat, !chat.username);
    if (gone) return gone;
    const bot = botJson(token);
    const isAdmin = chat.botStatus === 'administrator' || chat.botStatus === 'creator';
    // A channel shows its members to administrators only, and the bot is no exception for itself.
    if (chat.type === 'channel' && !isAdmin) return fail(400, 'Bad Request: member list is inaccessible');
    if (Number(p.user_id) !== bot.id) return ok({ user: { id: Number(p.user_id), is_bot: false, first_name: 'User' }, status: 'left' });
    return ok(memberJson(chat, bot));
  }

  function edit(p: Record<string, unknown>, kind: 'text' | 'photo'): FakeReply {
    const chat = findChat(p.chat_id);
    if (!chat) return fail(400, 'Bad Request: chat not found');
    const id = Number(p.message_id);
    const m = chat.messages.get(id);
    if (!m) return fail(400, 'Bad Request: message to edit not found');
    if (m.kind !== kind) {
      return fail(400, kind === 'text' ? 'Bad Request: there is no text in the message to edit' : 'Bad Request: there is no caption in the message to edit');
    }
    const content = String((kind === 'text' ? p.text : p.caption) ?? '');
    const parsed = p.parse_mode === 'HTML' ? parseTelegramHtml(content) : { text: content, length: content.length };
    if ('error' in parsed) return fail(400, parsed.error);
    if (parsed.length > (kind === 'text' ? 4096 : 1024)) return fail(400, kind === 'text' ? 'Bad Request: message is too long' : 'Bad Request: message caption is too long');
    const markup = asObjectString(p.reply_markup);
    if (m.content === content && m.markup === markup) {
      return fail(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    m.content = content;
    m.visible = parsed.text;
    m.markup = markup;
    return ok(messageJson(chat, id, m, true));
  }

  function setWebhook(token: string, p: Record<string, unknown>): FakeReply {
    const url = String(p.url ?? '');
    if (url && !/^https?:\/\//.test(url)) return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) return fail(400, 'Bad Request: secret token contains unallowed characters');
    // Like Telegram, the update types asked for are kept until a later call names others.
    if (p.allowed_updates !== undefined) asked.set(token, listOf(p.allowed_updates));
    webhooks.set(token, { url, ...(url && p.secret_token ? { secretToken: String(p.secret_token) } : {}), allowedUpdates: asked.get(token) });
    return ok(true);
  }

  function getUpdates(token: string, p: Record<string, unknown>): FakeReply {
    if (webhooks.get(token)?.url) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    if (p.allowed_updates !== undefined) asked.set(token, listOf(p.allowed_updates));
    const offset = Number(p.offset ?? 0);
    // An offset confirms every update before it: they are gone.
    const kept = (waiting.get(token) ?? []).filter((u) => Number(u.update_id) >= offset);
    waiting.set(token, kept);
    return ok(kept.slice(0, Number(p.limit ?? 100)));
  }

  const typeOf = (update: Record<string, unknown>) => Object.keys(update).find((k) => k !== 'update_id') ?? '';
  const allows = (list: string[] | undefined, type: string) => (list && list.length > 0 ? list.includes(type) : !NOT_BY_DEFAULT.has(type));

  function remove(p: Record<string, unknown>): FakeReply {
    const chat = findChat(p.chat_id);
    if (!chat) return fail(400, 'Bad Request: chat not found');
    const id = Number(p.message_id);
    const m = chat.messages.get(id);
    if (!m) return fail(400, 'Bad Request: message to delete not found');
    if (clock.now() - m.date > DELETE_WINDOW_MS) return fail(400, "Bad Request: message can't be deleted for everyone");
    chat.messages.delete(id);
    return ok(true);
  }

  async function deliver(body: Record<string, unknown>, token = TELEGRAM_FAKE_TOKEN): ReturnType<TelegramFake['deliver']> {
    const update = { update_id: nextUpdateId++, ...body };
    const hook = webhooks.get(token);
    if (hook?.url) {
      if (!allows(asked.get(token), typeOf(update))) return { updateId: update.update_id, delivered: 'filtered' as const };
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(hook.secretToken ? { 'x-telegram-bot-api-secret-token': hook.secretToken } : {}) },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return { updateId: update.update_id, delivered: 'webhook' as const, status: res.status };
    }
    if (!allows(asked.get(token), typeOf(update))) return { updateId: update.update_id, delivered: 'filtered' as const };
    waiting.set(token, [...(waiting.get(token) ?? []), update]);
    return { updateId: update.update_id, delivered: 'queued' as const };
  }

  const handle = await serveFake(
    {
      describe(req: FakeRequest) {
        const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
        const target = req.params.chat_id === undefined ? undefined : String(req.params.chat_id);
        return { method: m?.[2] ?? req.path, token: m ? decodeURIComponent(m[1]!) : undefined, target };
      },
      handle(req, route) {
        // Not Telegram's: the walkthrough's stand-in for a person reacting or commenting (see README).
        if (req.path === '/_fake/deliver') {
          void deliver(req.params).catch(() => undefined);
          return ok({ delivering: true });
        }
        if (!route.token) return fail(404, 'Not Found');
        if (!tokens.has(route.token)) return fail(401, 'Unauthorized');
        const p = req.params;
        const to = migrated.get(String(p.chat_id));
        if (to !== undefined) return fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: to });
        switch (route.method) {
          case 'getMe':
            return ok(botJson(route.token));
          case 'getChat':
            return getChat(p);
          case 'getChatMember':
            return getChatMember(route.token, p);
          case 'sendMessage':
            return send(route.token, p, 'text');
          case 'sendPhoto':
            return send(route.token, p, 'photo');
          case 'editMessageText':
            return edit(p, 'text');
          case 'editMessageCaption':
            return edit(p, 'photo');
          case 'deleteMessage':
            return remove(p);
          case 'setWebhook':
            return setWebhook(route.token, p);
          case 'deleteWebhook':
            return setWebhook(route.token, { url: '' });
          case 'getUpdates':
            return getUpdates(route.token, p);
          default:
            return fail(404, 'Not Found');
        }
      },
      reset() {
        perChat.clear();
        perGroup.clear();
        perBot.clear();
        webhooks.clear();
        waiting.clear();
        asked.clear();
        seed();
      },
    },
    { host: opts.host, port: opts.port, clock },
  );

  return {
    ...handle,
    deliver,
    webhook(token = TELEGRAM_FAKE_TOKEN) {
      return webhooks.get(token);
    },
    migrateChat(fromId, toId) {
      migrated.set(String(fromId), toId);
      const old = chats.get(Number(fromId));
      if (!chats.has(toId)) addChat({ id: toId, type: 'supergroup', title: old?.title });
    },
    messages(chatId) {
      const chat = findChat(chatId);
      return chat ? [...chat.messages].map(([id, m]) => ({ id, ...m })) : [];
    },
    setChat,
  };
}
