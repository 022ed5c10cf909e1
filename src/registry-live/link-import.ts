// Many addresses at once: a list of group links as a recruiter keeps them. Each is read on its
// network, given to the curated group of that network whose name it matches, or made a custom
// group; the answer is a report per line. The same list twice changes nothing: a link whose group
// already has that address is reported "already" before anything is asked or written.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/database.js';
import { groups } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { Problem, invalidContent } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { validateAddress, type GroupKind, type Network } from '../registry/channel-schema.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { DEFAULT_RULES } from '../services/group-service.js';
import { GONE_CODES, type Inspection } from './facts.js';
import { nameFromAddress, type GroupVerification } from './group-verification.js';
import { lockGroup, recordStatusChange } from './group-state.js';
import type { InspectContext } from './inspector.js';
import type { InspectionRunner } from './inspection-runner.js';
import { SAME_GROUP_LIKENESS, sameGroupLikeness } from './ranking.js';

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

// Two curated names about as alike as each other: the link is not given to either by guesswork.
const CLEAR_LEAD = 0.05;
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

export const IMPORT_MAX_LINES = 500;

export interface ImportLog {
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * The lines of a pasted text and a JSON list, numbered as given (the list's after the text's last
 * line); blank lines and # comments skipped. More than IMPORT_MAX_LINES links is refused whole:
 * each is read from its network one after another while a person waits.
 */
export function importLines(body: { text?: string; links?: ImportItem[] }): { line: number; url: string; name?: string }[] {
  const out: { line: number; url: string; name?: string }[] = [];
  const textLines = body.text === undefined ? [] : body.text.split(/\r?\n/);
  textLines.forEach((raw, i) => {
    const url = raw.trim();
    if (url && !url.startsWith('#')) out.push({ line: i + 1, url });
  });
  (body.links ?? []).forEach((item, i) => out.push({ line: textLines.length + i + 1, ...(typeof item === 'string' ? { url: item.trim() } : { url: item.url, ...(item.name ? { name: item.name } : {}) }) }));
  if (out.length > IMPORT_MAX_LINES) {
    throw invalidContent('too-many-links', 'Too many links', [{ path: [body.text !== undefined ? 'text' : 'links'], message: `${out.length} links; at most ${IMPORT_MAX_LINES} per request` }]);
  }
  return out;
}

function kindFor(network: Network, inspection: Inspection | null): GroupKind {
  const type = inspection?.kind === 'facts' ? inspection.facts.read.type : null;
  if (network === 'telegram') return type === 'channel' || type === null ? 'channel' : 'group';
  return 'group';
}

export function createLinkImport(deps: { db: Db; jobs: JobQueue; runner: InspectionRunner; verification: GroupVerification; log: ImportLog }) {
  const { db, runner } = deps;

  async function findByAddress(workspaceId: string, network: Network, address: string): Promise<GroupRow | undefined> {
    // Also a form the address was given in before it was resolved (a VK screen name), so the same
    // list again is recognised without asking the network.
    const [row] = await db
      .select()
      .from(groups)
      .where(and(eq(groups.workspaceId, workspaceId), eq(groups.network, network), or(eq(groups.address, address), sql`${address} = any(${groups.addressAliases})`)));
    return row;
  }

  /**
   * The curated group still without an address whose name is most like `name`, if alike enough and
   * clearly the likest; otherwise why none was taken.
   */
  async function curatedMatch(workspaceId: string, network: Network, name: string): Promise<{ group: GroupRow } | { why: string } | { tie: string }> {
    const open = (await groupRepo.listAll(db, workspaceId)).filter((g) => g.network === network && g.source === 'curated' && g.address === null);
    const scored = open.map((g) => ({ g, s: sameGroupLikeness(name, g.name) })).sort((a, b) => b.s - a.s);
    const [best, next] = scored;
    if (!best || best.s < SAME_GROUP_LIKENESS) return { why: `no curated ${network} group is named like "${name}"` };
    if (next && best.s - next.s < CLEAR_LEAD) return { tie: `"${name}" is as like the curated "${best.g.name}" as "${next.g.name}": not guessed; set the address on the right one (${best.g.slug} or ${next.g.slug}) with POST /v1/groups/{id}/address` };
    return { group: best.g };
  }

  async function createCustom(auth: Auth, network: Network, name: string, inspection: Inspection | null): Promise<GroupRow> {
    const slugBase = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'group';
    return groupRepo.insert(db, {
      id: uuidv7(),
      workspaceId: auth.workspaceId,
      // 32 random bits: Cyrillic names all come down to "group", and hundreds may be imported.
      slug: `${network}-${slugBase}-${randomBytes(4).toString('hex')}`,
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

  /** Gives a group the address as given, unread, and queues the job that reads it when the network allows. */
  async function keepForLater(auth: Auth, group: GroupRow, address: string, retryAt: number, reason: string): Promise<GroupRow> {
    return inTransaction(db, async (tx) => {
      const row = await lockGroup(tx, auth.workspaceId, group.id);
      // Matched while it had no address: another import may have given it one since.
      if (!row || (row.address !== null && row.address !== address)) {
        throw new Problem(409, 'address-taken', `the group "${group.name}" got another address meanwhile (${row?.address ?? 'deleted'})`);
      }
      // A group a person disabled stays disabled (as applyChoice keeps it); any change is in the history.
      const status = row.status === 'disabled' ? 'disabled' : 'active';
      const updated = await groupRepo.update(tx, auth.workspaceId, group.id, {
        address,
        status,
        awaitingFirstRead: true,
        ...(row.source === 'curated' ? { editedFields: [...new Set([...row.editedFields, 'address'])] } : {}),
      });
      await recordStatusChange(tx, row, status, { code: null, reason: `address set to ${address}; not verified yet (${reason})`, source: 'import' });
      await deps.jobs.enqueue(tx, 'registry.verify', { workspaceId: auth.workspaceId, groupId: group.id, source: 'import' }, { startAfter: new Date(retryAt) });
      return updated!;
    });
  }

  /** One line's outcome; whatever goes wrong with it is that line's refusal, never the whole list's. */
  async function importOne(auth: Auth, item: { line: number; url: string; name?: string }, waitUntil: Map<Network, number>): Promise<Line> {
    try {
      return await importLine(auth, item, waitUntil);
    } catch (error) {
      const base = { line: item.line, input: item.url, network: networkOfLink(item.url), groupId: null, slug: null, name: null, verified: null, mode: null, outcome: 'refused' as const };
      if (error instanceof Problem && error.status < 500) return { ...base, detail: error.message };
      deps.log.error({ err: error, line: item.line }, 'an import line failed');
      return { ...base, detail: 'this line could not be imported (an error on our side, logged): send it again' };
    }
  }

  async function importLine(auth: Auth, item: { line: number; url: string; name?: string }, waitUntil: Map<Network, number>): Promise<Line> {
    const base = { line: item.line, input: item.url, groupId: null, slug: null, name: null, verified: null, mode: null };
    const network = networkOfLink(item.url);
    if (!network) return { ...base, network, outcome: 'refused', detail: 'not a link to t.me, vk.com, ok.ru, facebook.com or linkedin.com' };
    const checked = validateAddress(network, item.url);
    if (!checked.ok) return { ...base, network, outcome: 'refused', detail: checked.message };
    const already = (row: GroupRow, detail: string): Line => ({ ...base, network, outcome: 'already', groupId: row.id, slug: row.slug, name: row.name, mode: row.mode, detail });
    const existing = await findByAddress(auth.workspaceId, network, checked.normalized);
    if (existing) return already(existing, 'a group already has this address: nothing changed');

    // Once a network asked to wait, its other lines are not asked now: they are verified by a job.
    const waiting = (waitUntil.get(network) ?? 0) > Date.now();
    const ctx: InspectContext | null = waiting ? null : await runner.contextFor(auth.workspaceId, network, null, IMPORT_WAIT_MS);
    const inspection = waiting ? null : await runner.inspect(ctx, network, checked.normalized);
    if (inspection?.kind === 'missing' && GONE_CODES.has(inspection.code)) return { ...base, network, outcome: 'refused', detail: inspection.reason };
    if (inspection?.kind === 'unverifiable' && network === 'vk' && !/^\d+$/.test(checked.normalized)) {
      // wall.post needs the numeric id, and nothing could resolve this name: no group is made for it.
      return { ...base, network, outcome: 'refused', detail: `a VK screen name is resolved to its community's id with a VK account, and could not be: ${inspection.reason}` };
    }
    if (inspection?.kind === 'later') waitUntil.set(network, inspection.retryAt);
    const facts = inspection?.kind === 'facts' ? inspection.facts : null;
    if (facts) {
      const same = await findByAddress(auth.workspaceId, network, facts.address);
      if (same) return already(same, `a group already has this address (${facts.address}): nothing changed`);
    }
    const name = facts?.name ?? item.name ?? nameFromAddress(checked.normalized);
    const match = await curatedMatch(auth.workspaceId, network, name);
    if ('tie' in match) return { ...base, network, outcome: 'refused', detail: match.tie };
    const curated = 'group' in match ? match.group : undefined;
    const group = curated ?? (await createCustom(auth, network, name, inspection));
    const outcome = curated ? 'matched' : 'created';
    const why = 'group' in match ? `matched the curated group "${match.group.name}" by name` : `${match.why}: a custom group was made`;

    try {
      if (!inspection || inspection.kind === 'later') {
        // Not read now: keep the address as given and let a job verify (and, for VK, resolve) it later.
        const retryAt = waitUntil.get(network) ?? Date.now();
        const reason = inspection?.kind === 'later' ? inspection.reason : `${network} asked to wait`;
        const pending = await keepForLater(auth, group, checked.normalized, retryAt, reason);
        return { ...base, network, outcome, groupId: pending.id, slug: pending.slug, name: pending.name, verified: 'pending', mode: pending.mode, detail: `${why}; not verified yet (${reason}): a job verifies it after ${new Date(retryAt).toISOString()}` };
      }
      const applied = await deps.verification.applyChoice(auth, group.id, checked.normalized, inspection, ctx, 'import');
      const record = applied.verification;
      return { ...base, network, outcome, groupId: applied.group.id, slug: applied.group.slug, name: applied.group.name, verified: record.outcome, mode: applied.group.mode, detail: `${why}; ${record.detail}` };
    } catch (error) {
      // A custom group made for this line and left without its address is not kept: a half-written line.
      if (!curated) await db.delete(groups).where(and(eq(groups.id, group.id), isNull(groups.address)));
      throw error;
    }
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
