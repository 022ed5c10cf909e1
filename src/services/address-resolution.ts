// Addresses a person writes the way the network's site shows them, resolved to what its API takes:
// a VK screen name or vk.com link to the community's numeric id (wall.post needs owner_id=-<id>).
// Resolving is a call to the network with an account's token, so it goes through the shared rate
// limiter, behind publishing, like any call that is not a post.
import { adapterFor, type Adapters, type Credentials, type NetworkName } from '../networks/index.js';
import type { LimitedCalls } from '../ratelimit/limited-call.js';
import type { AccountRow } from '../repositories/account-repo.js';

export type Resolution =
  | { ok: true; address: string; what: string }
  /** The address names nothing that can be posted to: a person must fix it. */
  | { ok: false; kind: 'unresolvable' | 'needs_reauth'; reason: string }
  /** Not asked, or no clear answer: try again at retryAt. */
  | { ok: false; kind: 'later'; reason: string; retryAt: number };

// An unclear answer (a timeout) to a read-only lookup is simply asked again, a little later.
const UNCLEAR_RETRY_MS = 30_000;

export function needsResolving(network: NetworkName, address: string | null): address is string {
  return network === 'vk' && address !== null && !/^\d+$/.test(address);
}

export function createAddressResolver(deps: { adapters: Adapters; calls: LimitedCalls; unseal(account: AccountRow): Credentials }) {
  return {
    needsResolving,

    /** Asks the network, with the account's token, what `address` is; waits at most `maxWaitMs` for a turn. */
    async resolve(account: AccountRow, address: string, maxWaitMs: number): Promise<Resolution> {
      const adapter = adapterFor(deps.adapters, deps.unseal(account));
      if (!adapter.resolveAddress) return { ok: true, address, what: address };
      const limited = await deps.calls.run(
        { network: account.network, accountId: account.id, purpose: 'resolve', maxWaitMs },
        () => adapter.resolveAddress!(address),
        (r) => (r.kind === 'retry_after' ? { seconds: r.seconds, reason: r.reason } : undefined),
      );
      if (!limited.ok) return { ok: false, kind: 'later', reason: limited.reason, retryAt: limited.retryAt };
      const r = limited.value;
      switch (r.kind) {
        case 'resolved':
          return { ok: true, address: r.address, what: r.what };
        case 'unresolvable':
        case 'permanent':
          return { ok: false, kind: 'unresolvable', reason: r.reason };
        case 'needs_reauth':
          return { ok: false, kind: 'needs_reauth', reason: r.reason };
        case 'retry_after':
          return { ok: false, kind: 'later', reason: r.reason, retryAt: Date.now() + r.seconds * 1000 };
        case 'quota_exhausted':
          return { ok: false, kind: 'later', reason: r.reason, retryAt: r.until?.getTime() ?? Date.now() + UNCLEAR_RETRY_MS };
        default:
          return { ok: false, kind: 'later', reason: 'reason' in r ? r.reason : r.kind, retryAt: Date.now() + UNCLEAR_RETRY_MS };
      }
    },
  };
}

export type AddressResolver = ReturnType<typeof createAddressResolver>;
