// A group's address brought to life and kept honest: candidates for it (searched by name where the
// network can search, read from links where it cannot), the address a person chooses (verified, with
// the posting mode its facts allow), and verification again later (on demand, by the weekly sweep).
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { Problem, invalidContent, notFound } from '../lib/problem.js';
import { validateAddress, type Network } from '../registry/channel-schema.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { GONE_CODES, type BrokenCode, type GroupFacts, type Inspection } from './facts.js';
import { applyVerdict, groupAtAddress, lockGroup, recordStatusChange, type ChangeSource, type VerificationRecord } from './group-state.js';
import type { Candidate, InspectContext } from './inspector.js';
import type { InspectionRunner } from './inspection-runner.js';
import { modeFor, verdictFor, type Verdict } from './posting-mode.js';
import { rank } from './ranking.js';

type Auth = { workspaceId: string };

// A person is waiting for these answers: a call waits this long for its turn, then the answer is "later".
export const PERSON_WAIT_MS = 10_000;
const SEARCH_LIMIT = 20;

export interface CandidateView {
  address: string;
  name: string;
  url: string;
  members: number | null;
  access: 'post' | 'suggest' | 'none';
  mode: { mode: string; why: string };
  score: number;
  ranking: string[];
  read: Record<string, string | number | boolean | null>;
}

const field = (name: string, message: string) => invalidContent('invalid-address', 'The address cannot be used', [{ path: [name], message }]);

function busy(reason: string, retryAt: number): Problem {
  return new Problem(503, 'network-busy', `The network could not be asked now: ${reason}`, { retryAfter: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) });
}

function candidateView(c: Candidate): CandidateView {
  const f = c.facts;
  return { address: f.address, name: f.name, url: f.url, members: f.members, access: f.access, mode: modeFor(f), score: c.score, ranking: c.ranking, read: f.read };
}

export function recordOf(inspection: Inspection, verdict: Verdict, source: ChangeSource, ctx: InspectContext | null, now = new Date()): VerificationRecord {
  const facts = inspection.kind === 'facts' ? inspection.facts : null;
  return {
    at: now.toISOString(),
    source,
    outcome: verdict.kind === 'broken' ? 'broken' : verdict.kind === 'postable' ? 'postable' : 'unverifiable',
    detail: verdict.kind === 'broken' ? verdict.reason : verdict.why,
    accountId: ctx?.account.id ?? null,
    facts: facts && { name: facts.name, url: facts.url, members: facts.members, access: facts.access, explanation: facts.explanation, read: facts.read },
    suggestedMode: facts && modeFor(facts),
  };
}

export function normalisedAddress(network: Network, address: string, path = 'address'): string {
  const checked = validateAddress(network, address);
  if (!checked.ok) throw field(path, checked.message);
  return checked.normalized;
}

/** A link nothing could be read about, as a candidate a person may still choose (assisted networks). */
function unreadCandidate(network: Network, address: string, groupName: string, reason: string): Candidate {
  const facts: GroupFacts = { network, address, name: nameFromAddress(address), url: address, members: null, access: 'none', problem: null, explanation: reason, read: {} };
  return { facts, ...rank(groupName, facts) };
}

/** A readable name from an address itself (the last part of a link), for a group nothing could be read about. */
export function nameFromAddress(address: string): string {
  const last = address.replace(/\/+$/, '').split('/').pop() ?? address;
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // A stray "%" is kept as written.
  }
  return decoded.replace(/^@/, '') || address;
}

type Readable = Exclude<Inspection, { kind: 'later' }>;

export function createGroupVerification(deps: { db: Db; runner: InspectionRunner }) {
  const { db, runner } = deps;

  async function mustFind(auth: Auth, id: string): Promise<GroupRow> {
    const row = await groupRepo.findById(db, auth.workspaceId, id);
    if (!row) throw notFound('Group');
    return row;
  }

  /** The context to read with: the account asked for (which must be usable), else the group's or any. */
  async function readingContext(auth: Auth, group: GroupRow, accountId: string | undefined, waitMs: number): Promise<InspectContext | null> {
    if (accountId) {
      const account = await runner.accountFor(auth.workspaceId, group.network, accountId);
      if (!account || account.id !== accountId) throw field('accountId', `no usable ${group.network} account with this id in the workspace`);
    }
    return runner.contextFor(auth.workspaceId, group.network, accountId ?? group.accountId, waitMs);
  }

  /**
   * Sets an address after reading it: the stored address is what the API takes, the posting mode
   * the one its facts allow (kept when nothing could be read), and the account that read it is
   * linked when the group has none. Decided under the group's lock, from the row as it is then.
   */
  async function applyChoice(
    auth: Auth,
    groupId: string,
    given: string,
    inspection: Readable,
    ctx: InspectContext | null,
    source: ChangeSource,
    /** The address the group must still have (a job's first read of what an import kept). */
    expect?: { address: string | null },
  ) {
    const group = await mustFind(auth, groupId);
    if (inspection.kind === 'unverifiable' && group.network === 'vk' && !/^\d+$/.test(given)) {
      // wall.post takes numeric ids only; a name nobody could resolve would fail every post.
      throw field('address', `a VK screen name must be resolved to the community's id, and could not be: ${inspection.reason}`);
    }
    const choice = inspection.kind === 'facts' ? modeFor(inspection.facts) : null;
    const address = inspection.kind === 'facts' ? inspection.facts.address : given;

    return inTransaction(db, async (tx) => {
      const row = await lockGroup(tx, auth.workspaceId, groupId);
      if (!row) throw notFound('Group');
      // An import matched this group while it had no address; another import may have set one since.
      if (source === 'import' && row.address !== null && row.address !== address && row.address !== given) {
        throw new Problem(409, 'address-taken', `the group "${row.name}" got another address meanwhile (${row.address})`);
      }
      // A job reading what an import kept: a person may have set another address meanwhile, or read it.
      if (expect && (row.address !== expect.address || !row.awaitingFirstRead)) {
        throw new Problem(409, 'address-changed', `the group "${row.name}" changed while its address was read`);
      }
      const twin = await groupAtAddress(tx, auth.workspaceId, row.network, [address, given], row.id);
      if (twin) throw new Problem(409, 'address-taken', `the group "${twin.name}" (${twin.slug}) already has this address: one community is one group`);
      const mode = choice?.mode ?? row.mode;
      let verdict: Verdict = verdictFor(mode, inspection);
      // Choosing again the address a broken group already has, without reading it, does not mend it
      // (nor does it when the group is disabled meanwhile: its broken code is kept for re-enabling).
      if (verdict.kind === 'unchanged' && row.brokenCode !== null && row.address === address) {
        verdict = { kind: 'broken', code: (row.brokenCode ?? 'not_found') as BrokenCode, reason: row.brokenReason ?? verdict.why };
      }
      const record = recordOf(inspection, verdict, source, ctx);
      const linkAccount = ctx && mode !== 'assisted' && !row.accountId ? { accountId: ctx.account.id } : {};
      const changed = ['address', ...(mode !== row.mode ? ['mode'] : [])];
      const editedFields = row.source === 'curated' ? [...new Set([...row.editedFields, ...changed])] : row.editedFields;
      const status = row.status === 'disabled' ? 'disabled' : verdict.kind === 'broken' ? 'broken' : 'active';
      const aliases = given !== address ? [...new Set([...row.addressAliases, given])] : row.addressAliases;
      const updated = await groupRepo.update(tx, auth.workspaceId, groupId, {
        address,
        addressAliases: aliases,
        mode,
        status,
        editedFields,
        verification: record,
        verifiedAt: new Date(record.at),
        brokenCode: verdict.kind === 'broken' ? verdict.code : null,
        brokenReason: verdict.kind === 'broken' ? verdict.reason : null,
        awaitingFirstRead: false,
        ...linkAccount,
      });
      await recordStatusChange(tx, row, status, {
        code: verdict.kind === 'broken' ? verdict.code : null,
        reason: verdict.kind === 'broken' ? verdict.reason : `address set to ${address}${choice ? `; ${choice.why}` : ''}`,
        source,
      });
      const why = choice ?? { mode, why: `kept ${mode}: ${inspection.kind === 'facts' ? inspection.facts.explanation : inspection.reason}` };
      return { group: updated!, mode: why, verification: record };
    });
  }

  return {
    applyChoice,
    mustFind,

    async candidates(auth: Auth, groupId: string, body: { query?: string; links?: string[] }) {
      const group = await mustFind(auth, groupId);
      const inspector = runner.inspectorOf(group.network);
      const query = body.query ?? group.name;
      // One wait for the whole answer, shared by all its calls: a person is waiting.
      const ctx = await runner.contextFor(auth.workspaceId, group.network, group.accountId, PERSON_WAIT_MS);
      const base = {
        groupId: group.id,
        network: group.network,
        query,
        capabilities: inspector.capabilities,
        searchLink: inspector.searchLink?.(query) ?? null,
      };
      const candidates: Candidate[] = [];
      const refused: { link: string; reason: string }[] = [];
      let notes: string[] = [];

      if (body.links && body.links.length > 0) {
        for (const link of body.links) {
          const checked = validateAddress(group.network, link);
          if (!checked.ok) {
            refused.push({ link, reason: checked.message });
            continue;
          }
          const inspection = await runner.inspect(ctx, group.network, checked.normalized);
          if (inspection.kind === 'later') throw busy(inspection.reason, inspection.retryAt);
          if (inspection.kind === 'facts') candidates.push({ facts: inspection.facts, ...rank(group.name, inspection.facts) });
          else if (inspection.kind === 'missing') refused.push({ link, reason: inspection.reason });
          else if (!inspector.needsAccount) candidates.push(unreadCandidate(group.network, checked.normalized, group.name, inspection.reason));
          else refused.push({ link, reason: inspection.reason });
        }
        candidates.sort((a, b) => b.score - a.score);
        return { ...base, searched: 'links' as const, candidates: candidates.map(candidateView), refused, notes };
      }
      if (!inspector.search) {
        notes = [`${group.network} cannot be searched by the service: open the search link, then pass the group's link(s) as "links"`];
        return { ...base, searched: 'none' as const, candidates: [], refused, notes };
      }
      if (!ctx) throw field('network', `searching ${group.network} needs a ${group.network} account: add one (POST /v1/accounts)`);
      const found = await inspector.search(ctx, query, SEARCH_LIMIT);
      if (found.kind === 'later') throw busy(found.reason, found.retryAt);
      if (found.kind === 'unverifiable') throw new Problem(502, 'network-refused', `The search was refused: ${found.reason}`);
      if (found.candidates.length === 0) notes = [`nothing on ${group.network} matches "${query}": try a shorter query, or pass links`];
      return { ...base, searched: 'name' as const, candidates: found.candidates.map(candidateView), refused, notes };
    },

    async chooseAddress(auth: Auth, groupId: string, body: { address: string; accountId?: string }, source: ChangeSource = 'address') {
      const group = await mustFind(auth, groupId);
      const given = normalisedAddress(group.network, body.address);
      const ctx = await readingContext(auth, group, body.accountId, PERSON_WAIT_MS);
      const inspection = await runner.inspect(ctx, group.network, given);
      if (inspection.kind === 'later') throw busy(inspection.reason, inspection.retryAt);
      // Nothing there to post to, whatever the mode. (A bot that is not in the chat is a fixable state:
      // the group keeps the address, broken for its api mode, postable by a person if assisted.)
      if (inspection.kind === 'missing' && GONE_CODES.has(inspection.code)) throw field('address', inspection.reason);
      return applyChoice(auth, groupId, given, inspection, ctx, source);
    },

    /** Reads the group's address again and applies what it shows (see verdictFor). */
    async verify(auth: Auth, groupId: string, source: ChangeSource, maxWaitMs = PERSON_WAIT_MS) {
      const group = await mustFind(auth, groupId);
      if (!group.address) throw new Problem(409, 'no-address', 'The group has no address to verify: find one with POST /v1/groups/{id}/candidates');
      const ctx = await runner.contextFor(auth.workspaceId, group.network, group.accountId, maxWaitMs);
      const inspection = await runner.inspect(ctx, group.network, group.address);
      if (inspection.kind === 'later') return { kind: 'later' as const, reason: inspection.reason, retryAt: inspection.retryAt, group };
      // Kept unread by an import (the network asked to wait): what it is decides as the person's
      // import would have, had it been read then. Only if the group still waits for that read.
      if (group.awaitingFirstRead && !(inspection.kind === 'missing' && GONE_CODES.has(inspection.code))) {
        try {
          const chosen = await applyChoice(auth, groupId, group.address, inspection, ctx, source, { address: group.address });
          return { kind: 'verified' as const, verification: chosen.verification, group: chosen.group };
        } catch (error) {
          // A VK name nothing could resolve stays as it is, unverified, until it can be read; a group
          // changed meanwhile, or whose community another group already has, is verified as it is below.
          if (!(error instanceof Problem && (error.status === 422 || error.status === 409))) throw error;
        }
      }
      const outcome = await inTransaction(db, async (tx) => {
        const row = await lockGroup(tx, auth.workspaceId, groupId);
        // The address changed while it was being read: the verdict is about the old one.
        if (!row || row.address !== group.address) return undefined;
        // An assisted group whose account may now post or suggest (the bot was made an admin, the
        // account joined) moves up to that mode; a mode is never lowered here: that is a person's call.
        const upgrade = row.mode === 'assisted' && inspection.kind === 'facts' ? modeFor(inspection.facts) : null;
        const mode = upgrade && upgrade.mode !== 'assisted' ? upgrade.mode : row.mode;
        const verdict = verdictFor(mode, inspection);
        const record = recordOf(inspection, verdict, source, ctx);
        // A VK screen name or an OK short-name link is stored as the id the API posts to, once read.
        const resolvable = inspection.kind === 'facts' && (row.network === 'vk' || row.network === 'ok') && inspection.facts.address !== row.address ? inspection.facts.address : null;
        // Not onto a community another group already has: the record says which, for a person to merge.
        const twin = resolvable ? await groupAtAddress(tx, auth.workspaceId, row.network, [resolvable], row.id) : undefined;
        const resolved = twin ? null : resolvable;
        const linkAccount = ctx && mode !== 'assisted' && !row.accountId && verdict.kind === 'postable' ? { accountId: ctx.account.id } : {};
        if (mode !== row.mode || resolved || 'accountId' in linkAccount) {
          const changed = [...(mode !== row.mode ? ['mode'] : []), ...(resolved ? ['address'] : [])];
          const editedFields = row.source === 'curated' ? [...new Set([...row.editedFields, ...changed])] : row.editedFields;
          const aliases = resolved ? [...new Set([...row.addressAliases, row.address!])] : row.addressAliases;
          await groupRepo.update(tx, auth.workspaceId, groupId, { mode, editedFields, addressAliases: aliases, ...linkAccount, ...(resolved ? { address: resolved } : {}) });
          if (mode !== row.mode) record.detail = `mode ${row.mode} → ${mode}: ${record.detail}`;
        }
        if (twin) record.detail = `${record.detail}; the same community as the group "${twin.name}" (${twin.slug}): keep one of them`;
        const updated = await applyVerdict(tx, { ...row, mode, address: resolved ?? row.address }, verdict, record);
        return { record, updated };
      });
      if (!outcome) return { kind: 'verified' as const, verification: null, group: await mustFind(auth, groupId) };
      return { kind: 'verified' as const, verification: outcome.record, group: outcome.updated ?? (await mustFind(auth, groupId)) };
    },
  };
}

export type GroupVerification = ReturnType<typeof createGroupVerification>;
