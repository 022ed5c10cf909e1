// The one contract between the publishing engine and the five networks.
// An adapter only translates: a request goes out, a typed outcome comes back.
// Retry, pacing and "what to do next" are decided by the caller, never here.
import type { Dispatcher } from 'undici';

export const NETWORKS = ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] as const;
export type NetworkName = (typeof NETWORKS)[number];

// 'api' posts as the owner of the channel/page; 'suggest' sends the post to the
// target's moderation queue (VK suggested post, OK GROUP_SUGGESTED, Telegram suggested post).
export type PostingMode = 'api' | 'suggest';

export interface Target {
  // Telegram: chat id ("-100…") or "@username" (suggest mode: "<direct-messages chat id>:<topic id>").
  // VK: numeric group id (the caller resolves screen names). OK: group id.
  // Facebook: page id. LinkedIn: author URN ("urn:li:organization:…" / "urn:li:person:…").
  address: string;
  mode: PostingMode;
}

// What a post says, already rendered and escaped for the network by the caller.
export interface PostContent {
  text: string;
  // Telegram only: a version that fits the 1024-character caption limit, if the renderer made one.
  captionText?: string;
  applyUrl?: string;
  // Label of the apply button (Telegram), e.g. "Откликнуться" / "Apply".
  applyLabel?: string;
  // Title of the link card (LinkedIn article); falls back to applyLabel.
  linkTitle?: string;
  imageUrl?: string;
}

export interface PublishRequest extends PostContent {
  target: Target;
}

// An edit re-sends the whole content: Telegram drops the button and VK the link
// when an edit omits them, so the caller passes what the post should look like now.
export interface EditRequest extends PostContent {
  address: string;
  networkPostId: string;
  // Telegram: what the post was sent as (Published.messageKind, stored with the post). Given, the edit
  // uses exactly the matching method in one call; absent (posts sent before it was recorded), the
  // adapter guesses from the content and may need a second call.
  messageKind?: MessageKind;
}

export interface RemoveRequest {
  address: string;
  networkPostId: string;
}

export interface TelegramCredentials { network: 'telegram'; botToken: string }
export interface VkCredentials { network: 'vk'; userToken: string }
export interface FacebookCredentials { network: 'facebook'; pageId: string; pageToken: string }
export interface LinkedinCredentials { network: 'linkedin'; accessToken: string; authorUrn: string }
export interface OkCredentials {
  network: 'ok';
  applicationKey: string;
  applicationSecretKey: string;
  accessToken: string;
}
export type Credentials =
  | TelegramCredentials
  | VkCredentials
  | FacebookCredentials
  | LinkedinCredentials
  | OkCredentials;
export type CredentialsFor<N extends NetworkName> = Extract<Credentials, { network: N }>;

// ---- outcomes -------------------------------------------------------------

// 'target': only this chat/group is paced; 'account': everything done with this token waits.
export type RetryScope = 'target' | 'account';

// `code` on a refusal is what the network answered with: the HTTP status (429, 503, 413…) or the
// network's own error code (VK 6/9/214, Facebook 4/17/32/613, Telegram's error_code, OK's error_code),
// so that counters can tell refusals apart. Absent when nothing answered (an unreachable network).
export type RefusalCode = number | string;

// The request provably did not take effect (or the network told us to wait): safe to send again later.
export interface RetryAfter { kind: 'retry_after'; seconds: number; scope: RetryScope; reason: string; code?: RefusalCode }
// statusOnly: refused by an HTTP status without the network's own error body (a proxy's HTML 403, a
// 404 page): the call was refused, but nothing was said about the credentials or the target.
export interface Permanent { kind: 'permanent'; reason: string; code?: RefusalCode; statusOnly?: true }
export interface NeedsReauth { kind: 'needs_reauth'; reason: string }
// A person must act (VK captcha 14): park the post, never auto-retry.
export interface NeedsPerson { kind: 'needs_person'; reason: string; details: Record<string, string> }
// The token's daily posting quota is spent: stop posting with it until `until` (if known).
export interface QuotaExhausted { kind: 'quota_exhausted'; reason: string; until?: Date; code?: RefusalCode }
// Telegram group became a supergroup: store newAddress and send there.
export interface TargetMoved { kind: 'target_moved'; newAddress: string }
// The request may or may not have taken effect (timeout, reset after sending, garbled reply).
// A publish with this outcome must never be re-sent automatically: it could duplicate the post.
export interface Unknown { kind: 'unknown'; reason: string }

export type FailureOutcome =
  | RetryAfter
  | Permanent
  | NeedsReauth
  | NeedsPerson
  | QuotaExhausted
  | TargetMoved
  | Unknown;

// Telegram: a post is one message, sent either as text (sendMessage) or as a photo with a caption
// (sendPhoto); each is edited by its own method (editMessageText / editMessageCaption).
export type MessageKind = 'text' | 'photo';

// messageKind: set by adapters whose edits depend on it (Telegram); the caller stores it with the
// post and passes it back in EditRequest.
export interface Published { kind: 'published'; networkPostId: string; permalink?: string; messageKind?: MessageKind }
// Sitting in the target's moderation queue; networkPostId when the network returns one.
export interface Suggested { kind: 'suggested'; networkPostId?: string; messageKind?: MessageKind }
export type PublishOutcome = Published | Suggested | FailureOutcome;

export interface Done { kind: 'done' }
// Decided by the adapter without calling the network.
export interface NotSupported { kind: 'not_supported'; reason: string }
// Telegram deletes only messages under 48 hours old: edit the post instead.
export interface TooOld { kind: 'too_old'; reason: string }
// An edit guessed the message's kind wrong (a post sent before kinds were recorded): the network
// refused it and said which kind it is. Edit again, with a turn of its own.
export interface WrongKind { kind: 'wrong_kind'; messageKind: MessageKind; reason: string }
export type ChangeOutcome = Done | NotSupported | TooOld | WrongKind | FailureOutcome;

export type CredentialCheck =
  | { ok: true; identity: string }
  | {
      ok: false;
      kind: 'needs_reauth' | 'permanent' | 'unknown' | 'retry_after';
      reason: string;
      // set when kind is 'retry_after'
      seconds?: number;
      // the refusal's code, as on the outcomes (429, 503, VK 6…)
      code?: RefusalCode;
    };

// What a network says an address a person gave (a screen name, a link) points to.
//   resolved     — the address to post to (VK: the community's numeric id);
//   unresolvable — it names nothing we can post to (no such name, or a person's page).
export type AddressResolution =
  | { kind: 'resolved'; address: string; what: string }
  | { kind: 'unresolvable'; reason: string }
  | FailureOutcome;

// ---- the adapter ------------------------------------------------------------

export interface NetworkAdapter<N extends NetworkName = NetworkName> {
  readonly network: N;
  publish(creds: CredentialsFor<N>, req: PublishRequest): Promise<PublishOutcome>;
  edit(creds: CredentialsFor<N>, req: EditRequest): Promise<ChangeOutcome>;
  remove(creds: CredentialsFor<N>, req: RemoveRequest): Promise<ChangeOutcome>;
  checkCredentials(creds: CredentialsFor<N>): Promise<CredentialCheck>;
  /** Networks whose addresses a person writes differently from how the API takes them (VK screen names). */
  resolveAddress?(creds: CredentialsFor<N>, address: string): Promise<AddressResolution>;
  /** Networks whose posts' counters can be read afterwards; as many posts per call as the network allows. */
  readCounts?(creds: CredentialsFor<N>, posts: PostRef[]): Promise<CountsRead | NotSupported | FailureOutcome>;
  /** Telegram: deliver updates to a webhook (setWebhook), or stop it so they can be fetched. */
  subscribeUpdates?(creds: CredentialsFor<N>, subscription: UpdatesSubscription): Promise<Done | FailureOutcome>;
  /** Facebook: have the app receive the Page's feed webhooks (subscribed_apps). */
  subscribeFeed?(creds: CredentialsFor<N>): Promise<Done | FailureOutcome>;
  /** Telegram: fetch the updates after `offset` (getUpdates, without waiting). */
  fetchUpdates?(creds: CredentialsFor<N>, request: { offset: number; allowedUpdates: string[] }): Promise<UpdatesRead | FailureOutcome>;
}

// ---- responses ----------------------------------------------------------------

/** A published post as the network knows it. */
export interface PostRef { address: string; networkPostId: string }
/** What a network tells about a post; null where it does not tell that one (Telegram has no views). */
export interface PostCounts { views: number | null; reactions: number | null; reposts: number | null; comments: number | null }
/** One entry per post asked for, in order; null where the network no longer has the post. */
export interface CountsRead { kind: 'counts'; counts: (PostCounts | null)[] }

/** Telegram: where the bot's updates go. An empty url stops the webhook (getUpdates works again). */
export interface UpdatesSubscription { url: string; secretToken?: string; allowedUpdates: string[] }
export interface UpdatesRead { kind: 'updates'; updates: unknown[] }

export interface AdapterOptions {
  baseUrl: string;
  // The deadline of one whole call (connect, request, headers and body): past it the call is
  // abandoned; 'unknown' if the request may have been written, 'retry_after' if it provably was not.
  timeoutMs: number;
  // Defaults to undici's global dispatcher (so MockAgent/setGlobalDispatcher work too).
  dispatcher?: Dispatcher;
}

// ---- registry reads (finding and verifying a group's address) -------------------
// One method, one call to the network: the caller gives each its own rate-limit turn.

/** A VK community as groups.search / groups.getById describe it. */
export interface VkCommunity {
  id: number;
  name: string;
  screenName: string | null;
  /** group, page (public page) or event */
  type: string;
  membersCount: number | null;
  /** 0 open, 1 closed, 2 private */
  isClosed: number;
  /** 0 off, 1 open, 2 limited, 3 restricted (only with fields=wall; null when not told) */
  wall: number | null;
  /** the token's user may post on the wall / suggest a post / is an admin (level 1 moderator, 2 editor, 3 admin) */
  canPost: boolean;
  canSuggest: boolean;
  isAdmin: boolean;
  adminLevel: number | null;
  activity: string | null;
  /** 'deleted' or 'banned' when the community is gone */
  deactivated: string | null;
}
export interface VkCommunities { kind: 'communities'; items: VkCommunity[] }

/** A Telegram chat as getChat describes it (ChatFullInfo). */
export interface TelegramChat {
  id: string;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title: string;
  username: string | null;
  /** channel: its discussion group; group: the channel it is linked to */
  linkedChatId: string | null;
  /** group/supergroup default permission for members to send messages (null: not told) */
  membersCanSendMessages: boolean | null;
}
/** The bot's own membership in a chat (getChatMember with the bot's id). */
export interface TelegramMembership {
  status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
  /** administrators of channels: may post */
  canPostMessages: boolean | null;
  /** restricted members: may send messages */
  canSendMessages: boolean | null;
}
/** The chat or group does not exist, or the bot may not see it (Telegram 400 "chat not found", 403 "bot was kicked"). */
export interface TargetMissing { kind: 'missing'; reason: string; code: 'not_found' | 'bot_removed' | 'no_access' }

/** An OK group as group.getInfo describes it. */
export interface OkGroup {
  id: string;
  name: string;
  shortname: string | null;
  membersCount: number | null;
  private: boolean;
  /** ACTIVE, BLOCKED, CLOSED… as OK tells; null when not told */
  status: string | null;
}
/** The account's role in an OK group (group.getUserGroupsByIds): ADMIN, MODERATOR, EDITOR, ACTIVE (member)… null: not a member. */
export interface OkRole { kind: 'role'; role: string | null }
/** What an ok.ru link points to (url.getInfo). */
export interface OkObject { kind: 'object'; type: string; id: string }
