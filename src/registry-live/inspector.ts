// One inspector per network behind one interface: it reads what an address is and what the
// workspace's account may do there, one network call per rate-limit turn (the caller's `call`).
import type { Credentials, FailureOutcome, NetworkName } from '../networks/types.js';
import type { Limited } from '../ratelimit/limited-call.js';
import type { AccountRow } from '../repositories/account-repo.js';
import type { GroupFacts, Inspection } from './facts.js';

export interface InspectContext {
  account: AccountRow;
  credentials: Credentials;
  /** Makes one network call in a rate-limit turn of its own, behind publishing. */
  call<T>(fn: () => Promise<T | FailureOutcome>): Promise<Limited<T | FailureOutcome>>;
}

/** A community the network's search found, read in full and ranked for the group's name. */
export interface Candidate {
  facts: GroupFacts;
  score: number;
  /** Why it ranks where it does: name likeness, members, activity. */
  ranking: string[];
}

/** A read that did not happen or was refused. */
export type NotRead = Extract<Inspection, { kind: 'later' | 'unverifiable' }>;

export type SearchResult = { kind: 'candidates'; candidates: Candidate[] } | NotRead;

export interface NetworkInspector {
  readonly network: NetworkName;
  /** Whether reading an address needs a network account (assisted networks have no API at all). */
  readonly needsAccount: boolean;
  /** Plain words: what this network lets the service find and verify. */
  readonly capabilities: string;
  /** Communities found by name (VK only); absent where the network offers no search to us. */
  search?(ctx: InspectContext, query: string, limit: number): Promise<SearchResult>;
  /** What `address` (already normalised by the registry's rules) is, and what the account may do there. */
  inspect(ctx: InspectContext | null, address: string): Promise<Inspection>;
  /** Where a person searches by hand: a link to the network's own search for the name. */
  searchLink?(query: string): string;
}

const FAILURE_KINDS = new Set(['retry_after', 'permanent', 'needs_reauth', 'needs_person', 'quota_exhausted', 'target_moved', 'unknown']);

export function isFailure(value: unknown): value is FailureOutcome {
  return typeof value === 'object' && value !== null && FAILURE_KINDS.has((value as { kind?: string }).kind ?? '');
}

// An unclear answer to a read is simply asked again a little later: reads change nothing.
const ASK_AGAIN_MS = 30_000;

/** A refusal or an unclear answer to a read, as the inspection's outcome. */
export function inspectionOfFailure(failure: FailureOutcome, what: string): NotRead {
  switch (failure.kind) {
    case 'retry_after':
      return { kind: 'later', reason: `${what}: ${failure.reason}`, retryAt: Date.now() + failure.seconds * 1000 };
    case 'quota_exhausted':
      return { kind: 'later', reason: `${what}: ${failure.reason}`, retryAt: failure.until?.getTime() ?? Date.now() + ASK_AGAIN_MS };
    case 'unknown':
      return { kind: 'later', reason: `${what}: ${failure.reason}`, retryAt: Date.now() + ASK_AGAIN_MS };
    case 'needs_reauth':
      return { kind: 'unverifiable', reason: `${what}: the account was refused (${failure.reason}); re-authorise it and verify again` };
    case 'needs_person':
      return { kind: 'unverifiable', reason: `${what}: the network wants a person (${failure.reason})` };
    case 'target_moved':
      return { kind: 'unverifiable', reason: `${what}: the chat moved to ${failure.newAddress}; set that address` };
    case 'permanent':
      return { kind: 'unverifiable', reason: `${what}: refused: ${failure.reason}` };
  }
}

/** Runs one call of an inspection: its value, or the inspection it ends with (not asked, refused). */
export async function readOnce<T>(ctx: InspectContext, what: string, fn: () => Promise<T | FailureOutcome>): Promise<{ ok: true; value: T } | { ok: false; inspection: NotRead }> {
  const limited = await ctx.call(fn);
  if (!limited.ok) return { ok: false, inspection: { kind: 'later', reason: `${what}: ${limited.reason}`, retryAt: limited.retryAt } };
  if (isFailure(limited.value)) return { ok: false, inspection: inspectionOfFailure(limited.value, what) };
  return { ok: true, value: limited.value as T };
}
