// Runs an inspector for a workspace: picks the account to read with (the group's own, else the
// workspace's other account on that network, active first) and gives every call of the inspection
// its own turn on the shared rate limiter, behind publishing, waiting at most a bounded time.
import type { Db } from '../db/database.js';
import type { Credentials, FailureOutcome, NetworkName } from '../networks/types.js';
import type { LimitedCalls } from '../ratelimit/limited-call.js';
import { accountRepo, type AccountRow } from '../repositories/account-repo.js';
import type { Inspection } from './facts.js';
import { isFailure, type InspectContext, type NetworkInspector } from './inspector.js';

export interface InspectionRunnerDeps {
  db: Db;
  calls: LimitedCalls;
  inspectors: Record<NetworkName, NetworkInspector>;
  unseal(account: AccountRow): Credentials;
}

export function createInspectionRunner(deps: InspectionRunnerDeps) {
  async function accountFor(workspaceId: string, network: NetworkName, preferred: string | null): Promise<AccountRow | undefined> {
    const all = (await accountRepo.list(deps.db, workspaceId)).filter((a) => a.network === network && a.status !== 'needs_reauth');
    return all.find((a) => a.id === preferred) ?? all.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'))[0];
  }

  // One deadline for every call made with the context: a person waits for the whole answer, not per call.
  function contextFor(account: AccountRow, maxWaitMs: number): InspectContext {
    const deadline = Date.now() + maxWaitMs;
    return {
      account,
      credentials: deps.unseal(account),
      call: <T>(fn: () => Promise<T | FailureOutcome>) =>
        deps.calls.run({ network: account.network, accountId: account.id, purpose: 'check', maxWaitMs: Math.max(0, deadline - Date.now()) }, fn, (value) =>
          isFailure(value) && value.kind === 'retry_after' ? { seconds: value.seconds, reason: value.reason } : undefined,
        ),
    };
  }

  return {
    inspectorOf: (network: NetworkName) => deps.inspectors[network],
    accountFor,
    /** A context to read with on `network`, or null when the workspace has no usable account there. */
    async contextFor(workspaceId: string, network: NetworkName, preferredAccountId: string | null, maxWaitMs: number): Promise<InspectContext | null> {
      if (!deps.inspectors[network].needsAccount) return null;
      const account = await accountFor(workspaceId, network, preferredAccountId);
      return account ? contextFor(account, maxWaitMs) : null;
    },
    async inspect(ctx: InspectContext | null, network: NetworkName, address: string): Promise<Inspection> {
      return deps.inspectors[network].inspect(ctx, address);
    },
  };
}

export type InspectionRunner = ReturnType<typeof createInspectionRunner>;
