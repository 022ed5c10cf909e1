// What a network told us about a post, whatever way it came (a webhook, fetched updates, a poll),
// before we know which of our posts it is. The parsers turn deliveries into these; fact-store.ts
// finds the post and records them.

/** A post as the network names it: the chat or community, and the message or wall post in it. */
export type PostLocator =
  // chatId is the numeric id; username (no "@") when the chat has one: posts may be addressed either way.
  | { network: 'telegram'; chatId: string; username?: string; messageId: string }
  // The community's numeric id (positive) and the wall post's id.
  | { network: 'vk'; groupId: string; postId: string }
  // A Page post's id as the Graph API gives it ("{page id}_{post id}").
  | { network: 'facebook'; postId: string };

export interface CommentFact {
  kind: 'comment';
  post: PostLocator;
  externalId: string;
  authorName: string | null;
  authorUrl: string | null;
  text: string;
  at: Date;
}

export type ResponseFact =
  | CommentFact
  | { kind: 'comment_edited'; post: PostLocator; externalId: string; text: string; at: Date }
  | { kind: 'comment_deleted'; post: PostLocator; externalId: string; at: Date }
  // Telegram's anonymous totals for a channel post: the reactions it has now.
  | { kind: 'reactions_total'; post: PostLocator; total: number; at: Date }
  // One person's reaction added (+1) or taken back (-1); a repost (+1).
  | { kind: 'reactions_changed'; post: PostLocator; delta: number; at: Date }
  | { kind: 'reposted'; post: PostLocator; at: Date };

// 2100-01-01: a network's timestamp past it is garbage, not a time to store.
const LATEST_SECONDS = 4_102_444_800;
export const fromUnixSeconds = (value: unknown, fallback: Date): Date =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value < LATEST_SECONDS ? new Date(value * 1000) : fallback;

/** A count a network sent, as the counters' integer columns can hold it; undefined if it is no count. */
export const countOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647 ? value : undefined;
