// What the service learns about a group's address from its network, in one shape for all five:
// who the address is, what the workspace's account may do there, and (when it cannot post) why.
// Kept per workspace (groups.verification); never written into channels/.
import type { NetworkName } from '../networks/types.js';

/** Why a group cannot take posts the way it should; each has its own next action (registry health). */
export const BROKEN_CODES = {
  not_found: 'the chat or community does not exist (any more)',
  deleted: 'the community was deleted or banned',
  bot_removed: 'the bot was removed from the chat',
  bot_not_admin: 'the bot is in the chat but may not post there',
  wall_closed: 'the community no longer takes posts or suggestions',
  private: 'the community is closed to the account',
} as const;
export type BrokenCode = keyof typeof BROKEN_CODES;

/** The codes that mean nothing is there to post to, by API or by hand. */
export const GONE_CODES: ReadonlySet<BrokenCode> = new Set(['not_found', 'deleted']);

/** What the account may do there: post as (or into) the group, suggest a post, or neither. */
export type Access = 'post' | 'suggest' | 'none';

export interface GroupFacts {
  network: NetworkName;
  /** The address to store: what the API takes (VK numeric id, Telegram @username or chat id, OK group id, a URL). */
  address: string;
  name: string;
  /** Where a person opens it. */
  url: string;
  members: number | null;
  access: Access;
  /** Set when the group cannot take posts at all (access 'none' for a reason a person must fix). */
  problem: { code: BrokenCode; reason: string } | null;
  /** Plain words: what was read, and why access is what it is. */
  explanation: string;
  /** The facts as read, for display (members_count, can_post, status…). */
  read: Record<string, string | number | boolean | null>;
}

/** What inspecting an address came to. */
export type Inspection =
  | { kind: 'facts'; facts: GroupFacts }
  /** The network says the address names nothing we can post to: a person must fix it. */
  | { kind: 'missing'; code: BrokenCode; reason: string }
  /** The address cannot be read with this network's API (assisted networks) or without an account. */
  | { kind: 'unverifiable'; reason: string }
  /** Not asked now (rate limit, no answer): ask again at retryAt. */
  | { kind: 'later'; reason: string; retryAt: number };
