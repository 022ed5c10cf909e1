// Many addresses at once: a list of group links as a recruiter keeps them. Each is read on its
// network, given to the curated group of that network whose name it matches, or made a custom
// group; the answer is a report per line. The same list twice changes nothing: a link whose group
// already has that address is reported "already" before anything is asked or written.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { groups } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { inTransaction } from '../db/database.js';
import { Problem } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { validateAddress, type GroupKind, type Network } from '../registry/channel-schema.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { DEFAULT_RULES } from '../services/group-service.js';
import type { Inspection } from './facts.js';
import type { GroupVerification } from './group-verification.js';
import { recordStatusChange } from './group-state.js';
import type { InspectContext } from './inspector.js';
import type { InspectionRunner } from './inspection-runner.js';
import { nameSimilarity } from './ranking.js';

type Auth = { workspaceId: string };
export type ImportItem = string | { url: string; name?: string };
type Line = {
  line: number;
  input: string;
  network: Network | null;
  outcome: 'matched' | 'created' | 'already' | 'refused';
  groupId: string | null;
  slug: string | null;
  name: string | null;
  verified: 'postable' | 'broken' | 'unverifiable' | 'pending' | null;
  mode: GroupRow['mode'] | null;
  detail: string;
};

// A curated name this alike is the same group (emoji, quotes and word order aside).
const SAME_NAME = 0.6;
// A bulk import waits less per call than a single address: the rest of the list is waiting too.
const IMPORT_WAIT_MS = 5_000;

const HOSTS: Array<[RegExp, Network]> = [
  [/(^|\.)(t\.me|telegram\.me|telegram\.dog)$/, 'telegram'],
  [/(^|\.)(vk\.com|vk\.ru|vkontakte\.ru)$/, 'vk'],
  [/(^|\.)(ok\.ru|odnoklassniki\.ru)$/, 'ok'],
  [/(^|\.)(facebook\.com|fb\.com)$/, 'facebook'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
];

/** The network a link is on, by its host (or "@name" for Telegram); null when it is none of the five. */
export function networkOfLink(input: string): Network | null {
  if (/^@[A-Za-z]/.test(input)) return 'telegram';
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(input) ? input : `https://${input}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  return HOSTS.find(([pattern]) => pattern.test(host))?.[1] ?? null;
}

/** The lines of a pasted text or a JSON list, with their 1-based positions; blanks and # comments skipped. */
export function importLines(body: { text?: string; links?: ImportItem[] }): { line: number; url: string; name?: string }[] {
  const out: { line: number; url: string; name?: string }[] = [];
  if (body.text !== undefined) {
    body.text.split(/\r?\n/).forEach((raw, i) => {
      const url = raw.trim();
      if (url && !url.startsWith('#')) out.push({ line: i + 1, url });
    });
  }
  const offset = out.length;
  (body.links ?? []).forEach((item, i) => out.push({ line: offset + i + 1, ...(typeof item === 'string' ? { url: item.trim() } : { url: item.url, ...(item.name ? { name: item.name } : {}) }) }));
  return out;
}

function kindFor(network: Network, inspection: Inspection | null): GroupKind {
  const type = inspection?.kind === 'facts' ? inspection.facts.read.type : null;
  if (network === 'telegram') return type === 'channel' || type === null ? 'channel' : 'group';
  return 'group';
}

/** A readable name from the link itself, for a group nothing could be read about. */
function nameFromLink(address: string): string {
  const last = address.replace(/\/+$/, '').split('/').pop() ?? address;
  return decodeURIComponent(last).replace(/^@/, '') || address;
}

export function createLinkImport(deps: { db: Db; jobs: JobQueue; runner: InspectionRunner; verification: GroupVerification }) {
  const { db, runner } = deps;

  async function findByAddress(workspaceId: string, network: Network, address: string): Promise<GroupRow | undefined> {
    const [row] = await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.network, network), eq(groups.address, address)));
    return row;
  }

  /** The curated group still without an address whose name is most like `name`, if alike enough. */
  async function curatedMatch(workspaceId: string, network: Network, name: string): Promise<GroupRow | undefined> {
    const open = (await groupRepo.listAll(db, workspaceId)).filter((g) => g.network === network && g.source === 'curated' && g.address === null);
    const scored = open.map((g) => ({ g, s: nameSimilarity(name, g.name) })).sort((a, b) => b.s - a.s);
    return scored[0] && scored[0].s >= SAME_NAME ? scored[0].g : undefined;
  }

  async function createCustom(auth: Auth, network: Network, name: string, inspection: Inspection | null): Promise<GroupRow> {
    const slugBase = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'group';
    return groupRepo.insert(db, {
      id: uuidv7(),
      workspaceId: auth.workspaceId,
      slug: `${network}-${slugBase}-${uuidv7().slice(-4)}`,
      source: 'custom',
      network,
      name: name.slice(0, 300),
      kind: kindFor(network, inspection),
      language: 'ru',
      tags: { professions: [], cities: [], remote: false },
      mode: 'assisted',
      address: null,
      status: 'needs_address',
      rules: DEFAULT_RULES,
    });
  }

  async function importOne(auth: Auth, item: { line: number; url: string; name?: string }, waitUntil: Map<Network, number>): Promise<Line> {
    const base = { line: item.line, input: item.url, groupId: null, slug: null, name: null, verified: null, mode: null };
    const network = networkOfLink(item.url);
    if (!network) return { ...base, network, outcome: 'refused', detail: 'not a link to t.me, vk.com, ok.ru, facebook.com or linkedin.com' };
    const checked = validateAddress(network, item.url);
    if (!checked.ok) return { ...base, network, outcome: 'refused', detail: checked.message };
    const existing = await findByAddress(auth.workspaceId, network, checked.normalized);
    if (existing) return { ...base, network, outcome: 'already', groupId: existing.id, slug: existing.slug, name: existing.name, mode: existing.mode, detail: 'a group already has this address: nothing changed' };

    // Once a network asked to wait, its other lines are not asked now: they are verified by a job.
    const ctx: InspectContext | null = (waitUntil.get(network) ?? 0) > Date.now() ? null : await runner.contextFor(auth.workspaceId, network, null, IMPORT_WAIT_MS);
    const inspection = (waitUntil.get(network) ?? 0) > Date.now() ? null : await runner.inspect(ctx, network, checked.normalized);
    if (inspection?.kind === 'missing') return { ...base, network, outcome: 'refused', detail: inspection.reason };
    if (inspection?.kind === 'unverifiable' && network === 'vk' && !/^\d+$/.test(checked.normalized)) {
      // wall.post needs the numeric id, and nothing could resolve this name: no group is made for it.
      return { ...base, network, outcome: 'refused', detail: `a VK screen name is resolved to its community's id with a VK account, and could not be: ${inspection.reason}` };
    }
    if (inspection?.kind === 'later') waitUntil.set(network, inspection.retryAt);
    const facts = inspection?.kind === 'facts' ? inspection.facts : null;
    if (facts) {
      const same = await findByAddress(auth.workspaceId, network, facts.address);
      if (same) return { ...base, network, outcome: 'already', groupId: same.id, slug: same.slug, name: same.name, mode: same.mode, detail: `a group already has this address (${facts.address}): nothing changed` };
    }
    const name = facts?.name ?? item.name ?? nameFromLink(checked.normalized);
    const curated = await curatedMatch(auth.workspaceId, network, name);
    const group = curated ?? (await createCustom(auth, network, name, inspection));
    const outcome = curated ? 'matched' : 'created';
    const why = curated ? `matched the curated group "${curated.name}" by name` : `no curated ${network} group is named like "${name}": a custom group was made`;

    if (!inspection || inspection.kind === 'later') {
      // Not read now: keep the address as given and let a job verify (and, for VK, resolve) it later.
      const retryAt = waitUntil.get(network) ?? Date.now();
      const reason = inspection?.kind === 'later' ? inspection.reason : `${network} asked to wait`;
      // A group a person disabled stays disabled (as applyChoice keeps it); any change is in the history.
      const status = group.status === 'disabled' ? 'disabled' : 'active';
      const pending = await inTransaction(db, async (tx) => {
        const row = await groupRepo.update(tx, auth.workspaceId, group.id, {
          address: checked.normalized,
          status,
          ...(group.source === 'curated' ? { editedFields: [...new Set([...group.editedFields, 'address'])] } : {}),
        });
        await recordStatusChange(tx, group, status, { code: null, reason: `address set to ${checked.normalized}; not verified yet (${reason})`, source: 'import' });
        await deps.jobs.enqueue(tx, 'registry.verify', { workspaceId: auth.workspaceId, groupId: group.id, source: 'import' }, { startAfter: new Date(retryAt) });
        return row!;
      });
      return { ...base, network, outcome, groupId: pending.id, slug: pending.slug, name: pending.name, verified: 'pending', mode: pending.mode, detail: `${why}; not verified yet (${reason}): a job verifies it after ${new Date(retryAt).toISOString()}` };
    }
    let applied;
    try {
      applied = await deps.verification.applyChoice(auth, group.id, checked.normalized, inspection, ctx, 'import');
    } catch (error) {
      if (error instanceof Problem && error.slug === 'address-taken') return { ...base, network, outcome: 'refused', groupId: group.id, slug: group.slug, name: group.name, detail: error.message };
      throw error;
    }
    const record = applied.verification;
    return { ...base, network, outcome, groupId: applied.group.id, slug: applied.group.slug, name: applied.group.name, verified: record.outcome, mode: applied.group.mode, detail: `${why}; ${record.detail}` };
  }

  return {
    async importLinks(auth: Auth, body: { text?: string; links?: ImportItem[] }) {
      const lines: Line[] = [];
      const waitUntil = new Map<Network, number>();
      // One at a time: two lines of one list may name the same group, and the second must see the first.
      for (const item of importLines(body)) lines.push(await importOne(auth, item, waitUntil));
      const summary: Record<string, number> = { matched: 0, created: 0, already: 0, refused: 0, pending: 0 };
      for (const l of lines) {
        summary[l.outcome] = (summary[l.outcome] ?? 0) + 1;
        if (l.verified === 'pending') summary.pending = (summary.pending ?? 0) + 1;
      }
      return { lines, summary };
    },
  };
}

export type LinkImport = ReturnType<typeof createLinkImport>;
