// What a publish job should do with its post, decided from one read of the post and everything
// around it (postRepo.publishContext). Pure, so the same rules judge an unlocked read (the hot path,
// where nearly every answer is "ready") and the locked re-read that acts on any other answer.
import type { GroupRules } from '../registry/channel-schema.js';
import type { postRepo } from '../repositories/post-repo.js';
import { fitToPostingHours } from '../scheduling/posting-hours.js';
import { needsResolving } from '../services/address-resolution.js';

export type PublishContext = NonNullable<Awaited<ReturnType<(typeof postRepo)['publishContext']>>>;

// Statuses a publish job may start from.
export const STARTABLE = ['planned', 'queued', 'retry_scheduled'] as const;

export type Verdict =
  /** Not this job's to act on: gone, settled, held, or already moved on by another job. */
  | { kind: 'idle' }
  /** Another worker is in the middle of the call: come back after its lease. */
  | { kind: 'in_flight'; leaseUntil: number }
  /** Its worker stopped during the call (the lease lapsed): whether it went out is unknown. */
  | { kind: 'interrupted' }
  | { kind: 'cancel'; note: string }
  | { kind: 'pause' }
  /** Due later than this job (a duplicate job, or the due time moved). */
  | { kind: 'early'; dueAt: number }
  /** Not sent, and not to be: `note` says why in the post's history ('not sent' when absent). */
  | { kind: 'fail'; error: string; note?: string }
  /** A group without an API: ready for a person. */
  | { kind: 'assisted' }
  | { kind: 'reauth_hold' }
  /** The group's address is a VK screen name: resolve it first. */
  | { kind: 'resolve' }
  | { kind: 'outside_hours'; opensAt: number }
  /** Send it, when the rate limits allow. */
  | { kind: 'ready' };

export function verdictFor(ctx: PublishContext | undefined, now: number): Verdict {
  if (!ctx) return { kind: 'idle' };
  const { post, campaign, vacancy, group, account } = ctx;
  if (post.status === 'sending') {
    return post.leaseUntil && post.leaseUntil.getTime() > now ? { kind: 'in_flight', leaseUntil: post.leaseUntil.getTime() } : { kind: 'interrupted' };
  }
  if (!(STARTABLE as readonly string[]).includes(post.status) || post.hold) return { kind: 'idle' };
  if (vacancy.status === 'closed') return { kind: 'cancel', note: 'the vacancy was closed' };
  if (campaign.status === 'cancelled') return { kind: 'cancel', note: 'the campaign was cancelled' };
  if (campaign.status === 'paused') return { kind: 'pause' };
  if (post.dueAt.getTime() > now + 500) return { kind: 'early', dueAt: post.dueAt.getTime() };
  if (group.status === 'broken') return brokenGroup(group, post.id);
  if (group.status !== 'active' || !group.address) {
    return { kind: 'fail', error: group.status === 'disabled' ? 'the group is disabled' : 'the group has no address' };
  }
  if (post.mode === 'assisted') return { kind: 'assisted' };
  if (!account) return { kind: 'fail', error: `no ${group.network} account is set for the group` };
  if (account.status === 'needs_reauth') return { kind: 'reauth_hold' };
  if (needsResolving(group.network, group.address)) return { kind: 'resolve' };
  const opensAt = fitToPostingHours(new Date(now), (group.rules as GroupRules).postingHours).getTime();
  if (opensAt > now) return { kind: 'outside_hours', opensAt };
  return { kind: 'ready' };
}

/**
 * The network already said this group cannot take posts (a refusal, or a verification): calling it
 * again would only be refused again, so the post fails untried and says how to bring it back. An
 * assisted post fails too, as every post to a group that is not active does: assisted groups break
 * only when they are gone (registry-live/posting-mode.ts), and a person cannot post there either.
 */
function brokenGroup(group: PublishContext['group'], postId: string): Verdict {
  const why = `the group is broken (${group.brokenCode ?? 'no code'}: ${group.brokenReason ?? 'no reason recorded'})`;
  const error = `${why}; verify it with POST /v1/groups/${group.id}/verify, then resend the post (POST /v1/posts/${postId}/resend)`;
  return { kind: 'fail', error, note: `not attempted: ${error}` };
}
