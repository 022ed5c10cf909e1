// Turns a vacancy's audience into a plan over the workspace's groups (the pure planner in
// src/targeting does the deciding; this gathers what it needs from the database).
import type { Db } from '../db/database.js';
import { Problem } from '../lib/problem.js';
import type { GroupRules } from '../registry/channel-schema.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { planTargets } from '../targeting/plan.js';
import type { PastResults, PostHistory, TargetableGroup, TargetingPlan, TargetingRequest } from '../targeting/types.js';
import type { VacancyService } from './vacancy-service.js';

type Auth = { workspaceId: string };

/** Until the publishing engine records posts, no vacancy has been posted anywhere. */
export const NO_POSTS_YET: PostHistory = { lastPostedAt: () => undefined };

/** A group row as the planner reads it (also used by recurring campaigns that replan each occurrence). */
/** The explanation of the group's last verification (src/registry-live), for the plan's reasons. */
function postingFactsOf(row: GroupRow): string | undefined {
  const v = row.verification as { facts?: { explanation?: unknown } | null } | null;
  return typeof v?.facts?.explanation === 'string' ? v.facts.explanation : undefined;
}

export function toTargetable(row: GroupRow, accountStatus: Map<string, 'unchecked' | 'active' | 'needs_reauth'>): TargetableGroup {
  const status = row.accountId ? accountStatus.get(row.accountId) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    network: row.network,
    name: row.name,
    kind: row.kind,
    language: row.language,
    tags: row.tags as TargetableGroup['tags'],
    mode: row.mode,
    address: row.address,
    status: row.status,
    rules: row.rules as GroupRules,
    // An unchecked account is not known to be dead; publishing finds out and flags it.
    account: row.accountId && status ? { id: row.accountId, status: status === 'needs_reauth' ? 'needs_reauth' : 'active' } : null,
    ...(row.status === 'broken' ? { broken: { code: row.brokenCode, reason: row.brokenReason } } : {}),
    ...(postingFactsOf(row) ? { postingFacts: postingFactsOf(row) } : {}),
  };
}

export function createTargetingService(deps: {
  db: Db;
  vacancies: VacancyService;
  history?: (auth: Auth, vacancyId: string) => Promise<PostHistory>;
  /** What each group brought across the workspace's vacancies (the responses reports). */
  pastResults?: (auth: Auth) => Promise<Map<string, PastResults>>;
}) {
  const { db, vacancies } = deps;
  return {
    async plan(auth: Auth, vacancyId: string, request: TargetingRequest, now = new Date()): Promise<TargetingPlan> {
      const vacancy = await vacancies.get(auth, vacancyId);
      if (vacancy.status === 'closed') throw new Problem(409, 'vacancy-closed', 'The vacancy is closed; reopen it to plan posts');
      const [groups, accounts] = await Promise.all([groupRepo.listAll(db, auth.workspaceId), accountRepo.list(db, auth.workspaceId)]);
      const accountStatus = new Map(accounts.map((a) => [a.id, a.status]));
      const history = deps.history ? await deps.history(auth, vacancyId) : NO_POSTS_YET;
      const past = deps.pastResults ? await deps.pastResults(auth) : undefined;
      return planTargets(vacancy, groups.map((g) => toTargetable(g, accountStatus)), request, history, now, past && ((id) => past.get(id)));
    },
  };
}

export type TargetingService = ReturnType<typeof createTargetingService>;
