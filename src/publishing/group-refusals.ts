// Which refusals of a publish are about the group rather than the post: a kicked bot, a closed
// wall, a chat that is gone. Those fail every post to the group alike until a person fixes the
// group, so the group is marked broken instead of letting each post find out by itself. Anything
// not listed here is taken as the post's own problem (too long, bad markup, a bad link…) and only
// fails the post. Pure: the adapters' outcome in, a broken code (or nothing) out.
import type { NetworkName, PublishOutcome, RefusalCode } from '../networks/types.js';
import type { BrokenCode } from '../registry-live/facts.js';

export interface GroupRefusal {
  code: BrokenCode;
  /** The network's own words, as the adapter reported them. */
  reason: string;
}

interface Rule {
  /** The refusal codes this rule reads (Telegram's HTTP-like error_code, VK's and OK's error codes). */
  codes: readonly RefusalCode[];
  /** The refusal's text must say this; a code alone is too coarse on Telegram and VK. */
  says?: RegExp;
  /** …and must not say this (a refusal under the same code that is about the token). */
  unless?: RegExp;
  broken: BrokenCode;
}

const RULES: Record<NetworkName, readonly Rule[]> = {
  // Telegram answers 403 or 400 for these, and the same codes for post problems ("message is too
  // long", "can't parse entities"): the description tells them apart.
  telegram: [
    { codes: [403], says: /bot was kicked/i, broken: 'bot_removed' },
    { codes: [403], says: /bot is not a member/i, broken: 'bot_not_admin' },
    // Text only: a group that forbids photos ("…to send photos…") still takes text posts.
    { codes: [400, 403], says: /not enough rights to send (text )?messages/i, broken: 'bot_not_admin' },
    { codes: [400, 403], says: /need administrator rights in the channel chat/i, broken: 'bot_not_admin' },
    { codes: [400], says: /chat not found/i, broken: 'not_found' },
    // The telegram inspector reads these as a missing chat too (MISSING in networks/telegram.ts).
    { codes: [400, 403], says: /chat was (deleted|deactivated)/i, broken: 'not_found' },
  ],
  vk: [
    // wall.post's 15 is the wall saying no ("wall is disabled", "user should be group editor"); the
    // same code for a token without the wall scope is the account's problem, not the group's.
    { codes: [15], says: /access denied/i, unless: /no access to call this method/i, broken: 'wall_closed' },
    { codes: [203], broken: 'private' },
  ],
  ok: [
    // mediatopic.post's gid names no group OK knows.
    { codes: [300], broken: 'not_found' },
    // The group is closed to the account, unless OK names an application permission (GROUP_CONTENT
    // not granted): that one is the token's to fix.
    { codes: [10], unless: /GROUP_CONTENT|VALUABLE_ACCESS|LONG_ACCESS_TOKEN|not granted/i, broken: 'private' },
    // Posting as the group needs a manager's role; a member only suggests (the OK inspector's wall_closed).
    { codes: [50], broken: 'wall_closed' },
  ],
  facebook: [],
  linkedin: [],
};

const matches = (rule: Rule, code: RefusalCode, reason: string) =>
  rule.codes.includes(code) && (!rule.says || rule.says.test(reason)) && !(rule.unless && rule.unless.test(reason));

/** The group's problem behind a publish refusal on `network`, or undefined when it is the post's. */
export function groupRefusal(network: NetworkName, outcome: PublishOutcome): GroupRefusal | undefined {
  // statusOnly: a proxy's error page said no, not the network: nothing is known about the group.
  if (outcome.kind !== 'permanent' || outcome.code === undefined || outcome.statusOnly) return undefined;
  const { code, reason } = outcome;
  const rule = RULES[network].find((r) => matches(r, code, reason));
  return rule ? { code: rule.broken, reason } : undefined;
}
