// The targeting planner's vocabulary: what it reads (groups as a workspace sees them, the
// recruiter's request, the posting history) and what it answers (a plan with a reason per group).
import type { GroupKind, GroupRules, GroupStatus, Network, PostingMode } from '../registry/channel-schema.js';

export interface TargetableGroup {
  id: string;
  slug: string;
  network: Network;
  name: string;
  kind: GroupKind;
  language: 'ru' | 'en';
  tags: { professions: string[]; cities: string[]; remote: boolean };
  mode: PostingMode;
  address: string | null;
  status: GroupStatus;
  rules: GroupRules;
  // The network account that posts into the group; null when none is linked.
  account: { id: string; status: 'active' | 'needs_reauth' } | null;
  // Why a broken group cannot be posted to (the network said so: chat gone, bot removed…).
  broken?: { code: string | null; reason: string | null };
  // What its last verification found about posting there ("the bot is an administrator…"), when verified.
  postingFacts?: string;
}

export interface TargetingRequest {
  // Group ids or slugs.
  include?: string[];
  exclude?: string[];
  // Absent or empty: every network / mode.
  networks?: Network[];
  modes?: PostingMode[];
  // 'performance': the selected groups that brought most applications (then clicks) per post first.
  // Either way no group is left out for it.
  rank?: 'name' | 'performance';
}

/** How a group has done across the workspace's vacancies (src/responses/group-performance.ts). */
export interface PastResults {
  posts: number;
  clicksPerPost: number;
  applicationsPerPost: number;
}

export interface PostHistory {
  // The last post of THIS vacancy into that group.
  lastPostedAt(groupId: string): Date | undefined;
}

export type ExclusionCode =
  | 'excluded_explicitly'
  | 'disabled'
  | 'network_filtered'
  | 'mode_filtered'
  | 'language'
  | 'profession'
  | 'location'
  | 'no_address'
  | 'no_account'
  | 'account_needs_reauth'
  | 'broken'
  | 'posted_recently';

interface TargetRef {
  groupId: string;
  slug: string;
  network: Network;
  name: string;
  mode: PostingMode;
}

export interface SelectedTarget extends TargetRef {
  // Human-readable, e.g. "profession: marketing (group: smm)", "location: moscow", "general job board".
  reasons: string[];
  // Its past results, when posts have gone out to it (absent: none yet, or not asked for).
  past?: PastResults;
}

export interface ExcludedTarget extends TargetRef {
  code: ExclusionCode;
  detail: string;
  // The group suits the vacancy's audience (or the recruiter included it) and is left out only
  // for another reason, so the API can say "12 groups match your audience but need an address".
  matchedAudience: boolean;
  // posted_recently only: when this vacancy may go into the group again (ISO 8601).
  nextAllowedAt?: string;
  // Left out for something a person can fix in the registry (no address, no account, broken):
  // where the next action for it is told.
  help?: string;
}

export interface TargetingPlan {
  selected: SelectedTarget[];
  excluded: ExcludedTarget[];
  audience: { professions: string[]; city: string | null; remote: boolean; language: 'ru' | 'en' };
  // include entries that name no group (neither id nor slug), in request order.
  unknownIncludes: string[];
}
