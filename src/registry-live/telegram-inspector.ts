// Telegram: a bot cannot search for chats. Given a @username or t.me link, it reads the chat
// (getChat: type, title, linked discussion group) and its own rights there (getChatMember with the
// bot's id): an administrator allowed to post, a member of a group where members may write, or neither.
import type { Adapters } from '../networks/index.js';
import type { TelegramChat, TelegramCredentials, TelegramMembership } from '../networks/types.js';
import type { GroupFacts, Inspection } from './facts.js';
import { readOnce, type InspectContext, type NetworkInspector } from './inspector.js';

// A private chat the bot is not in answers "not a member": adding the bot is the fix, as for a channel it cannot post in.
const MISSING = { not_found: 'not_found', bot_removed: 'bot_removed', no_access: 'bot_not_admin' } as const;

type Verdict = Pick<GroupFacts, 'access' | 'problem' | 'explanation'>;

const post = (explanation: string): Verdict => ({ access: 'post', problem: null, explanation });
const notAdmin = (reason: string): Verdict => ({ access: 'none', problem: { code: 'bot_not_admin', reason }, explanation: reason });

function channelVerdict(m: TelegramMembership): Verdict {
  switch (m.status) {
    case 'creator':
      return post('the bot owns the channel');
    case 'administrator':
      return m.canPostMessages === false
        ? notAdmin("the bot is an administrator of the channel without the right to post messages: give it 'Post messages'")
        : post("the bot is an administrator of the channel with the right to post messages");
    case 'left':
      return notAdmin("the bot is not in the channel: add it as an administrator with 'Post messages'");
    default:
      return notAdmin(`the bot is a ${m.status} of the channel; only administrators with 'Post messages' can post in a channel`);
  }
}

function groupVerdict(chat: TelegramChat, m: TelegramMembership): Verdict {
  switch (m.status) {
    case 'creator':
    case 'administrator':
      return post(`the bot is ${m.status === 'creator' ? 'the owner' : 'an administrator'} of the group`);
    case 'member':
      return chat.membersCanSendMessages === false
        ? notAdmin("the bot is a member, but the group's members may not write: make the bot an administrator")
        : post('the bot is a member of the group and members may write');
    case 'restricted':
      return m.canSendMessages ? post('the bot is a member of the group allowed to write') : notAdmin('the bot is restricted in the group and may not write: lift the restriction');
    default:
      return notAdmin('the bot is not in the group: a group admin must add it');
  }
}

export function telegramFacts(chat: TelegramChat, m: TelegramMembership, unknownMembership?: string): Inspection {
  if (m.status === 'kicked') return { kind: 'missing', code: 'bot_removed', reason: `the bot was removed from "${chat.title}"` };
  if (chat.type === 'private') return { kind: 'missing', code: 'not_found', reason: `${chat.username ? `@${chat.username}` : chat.id} is a person, not a group or channel` };
  const verdict = unknownMembership ? notAdmin(unknownMembership) : chat.type === 'channel' ? channelVerdict(m) : groupVerdict(chat, m);
  const address = chat.username ? `@${chat.username}` : chat.id;
  const read: GroupFacts['read'] = {
    id: chat.id,
    type: chat.type,
    username: chat.username,
    linked_chat_id: chat.linkedChatId,
    bot_status: unknownMembership ? null : m.status,
    can_post_messages: m.canPostMessages,
    members_can_send_messages: chat.membersCanSendMessages,
  };
  const url = chat.username ? `https://t.me/${chat.username}` : `https://t.me/c/${chat.id.replace(/^-100/, '')}`;
  // getChat does not tell the number of members (that is getChatMemberCount, a call not worth a turn here).
  return { kind: 'facts', facts: { network: 'telegram', address, name: chat.title, url, members: null, read, ...verdict } };
}

export function createTelegramInspector(adapters: Adapters): NetworkInspector {
  const tg = adapters.telegram;
  const creds = (ctx: InspectContext) => ctx.credentials as TelegramCredentials;
  return {
    network: 'telegram',
    needsAccount: true,
    capabilities:
      "cannot search (the Bot API has no search): takes @username and t.me links, reads the chat (getChat: type, title, linked discussion group) and the bot's own rights there (getChatMember)",

    async inspect(ctx, address): Promise<Inspection> {
      if (!ctx) return { kind: 'unverifiable', reason: 'reading a Telegram chat needs a bot: add a Telegram account (POST /v1/accounts)' };
      const chat = await readOnce(ctx, 'Telegram getChat', () => tg.readChat(creds(ctx), address));
      if (!chat.ok) return chat.inspection;
      if (chat.value.kind === 'missing') return { kind: 'missing', code: MISSING[chat.value.code], reason: chat.value.reason };
      const member = await readOnce(ctx, 'Telegram getChatMember', () => tg.readMembership(creds(ctx), address));
      if (!member.ok) return member.inspection;
      if (member.value.kind === 'missing') {
        if (member.value.code === 'bot_removed') return { kind: 'missing', code: 'bot_removed', reason: member.value.reason };
        // The chat exists but the bot may not read its members: in a channel, Telegram answers so to
        // anyone who is not an administrator (a plain member included).
        if (chat.value.chat.type === 'channel') {
          return telegramFacts(chat.value.chat, { status: 'left', canPostMessages: null, canSendMessages: null }, "the bot is not an administrator of the channel (Telegram shows it no members): make it one with 'Post messages'");
        }
        return telegramFacts(chat.value.chat, { status: 'left', canPostMessages: null, canSendMessages: null });
      }
      return telegramFacts(chat.value.chat, member.value.membership);
    },
  };
}
