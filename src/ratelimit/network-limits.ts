// The networks' published limits, as window limits on three kinds of key:
//   target  — one chat/group/page (Telegram: 1 msg/s and 20 msg/min per chat)
//   account — everything done with one token (Telegram: ~30 msg/s per bot; VK: 3 requests/s per token)
//   posts   — new posts only, per token (VK: 50 posts/day per user)
// Facebook, LinkedIn and OK publish no per-call numbers for posting; the defaults below are
// deliberately gentle and RATE_LIMITS overrides any of them.
import { z } from 'zod';
import type { NetworkName } from '../networks/types.js';
import type { WindowLimit } from './slot-planner.js';

export interface NetworkLimits {
  target: WindowLimit[];
  account: WindowLimit[];
  posts: WindowLimit[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

export const DEFAULT_LIMITS: Readonly<Record<NetworkName, NetworkLimits>> = {
  telegram: {
    target: [{ limit: 1, windowMs: SECOND }, { limit: 20, windowMs: MINUTE }],
    account: [{ limit: 30, windowMs: SECOND }],
    posts: [],
  },
  vk: {
    target: [],
    account: [{ limit: 3, windowMs: SECOND }],
    // VK counts a calendar day; a rolling 24 hours is never more generous than that.
    posts: [{ limit: 50, windowMs: DAY }],
  },
  facebook: { target: [{ limit: 1, windowMs: 10 * SECOND }], account: [{ limit: 1, windowMs: SECOND }], posts: [] },
  linkedin: { target: [], account: [{ limit: 1, windowMs: SECOND }], posts: [{ limit: 100, windowMs: DAY }] },
  ok: { target: [{ limit: 1, windowMs: 10 * SECOND }], account: [{ limit: 1, windowMs: SECOND }], posts: [] },
};

const windowLimit = z.strictObject({ limit: z.number().int().min(1), windowMs: z.number().int().min(1) });
const overrideSchema = z.partialRecord(
  z.enum(['telegram', 'vk', 'facebook', 'linkedin', 'ok']),
  z.strictObject({ target: z.array(windowLimit), account: z.array(windowLimit), posts: z.array(windowLimit) }).partial(),
);

/** DEFAULT_LIMITS with RATE_LIMITS (JSON) applied; throws naming the bad path. */
export function resolveLimits(json?: string): Record<NetworkName, NetworkLimits> {
  const limits = structuredClone(DEFAULT_LIMITS) as Record<NetworkName, NetworkLimits>;
  if (!json) return limits;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('RATE_LIMITS: must be JSON');
  }
  const result = overrideSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`RATE_LIMITS.${issue.path.join('.')}: ${issue.message}`);
  }
  for (const [network, override] of Object.entries(result.data) as [NetworkName, Partial<NetworkLimits>][]) {
    limits[network] = { ...limits[network], ...override };
  }
  return limits;
}

export type LimitKind = keyof NetworkLimits;

export function limitKey(network: NetworkName, kind: LimitKind, id: string): string {
  return `${network}:${kind}:${id}`;
}

/** The key a network's "wait" applies to: the chat/group, or everything done with the token. */
export function retryKey(network: NetworkName, scope: 'target' | 'account', ids: { address: string; accountId: string }): string {
  return scope === 'target' ? limitKey(network, 'target', ids.address) : limitKey(network, 'account', ids.accountId);
}

/** The keys one call passes through: a new post also counts against the account's post quota. */
export function keysForCall(
  limits: Record<NetworkName, NetworkLimits>,
  call: { network: NetworkName; accountId: string; address: string; isNewPost: boolean },
): Array<{ key: string; limits: WindowLimit[] }> {
  const l = limits[call.network];
  const keys = [
    { key: limitKey(call.network, 'target', call.address), limits: l.target },
    { key: limitKey(call.network, 'account', call.accountId), limits: l.account },
  ];
  if (call.isNewPost) keys.push({ key: limitKey(call.network, 'posts', call.accountId), limits: l.posts });
  return keys;
}
