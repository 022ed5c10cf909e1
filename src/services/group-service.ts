// The workspace's registry: list and filter, custom groups, and edits (address, rules, account,
// template, disable). Every write is checked against the same rules as channels/ entries.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { inTransaction, type Db } from '../db/database.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { Problem, invalidContent, notFound } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { parseInput } from '../lib/validation.js';
import { SLUG_PATTERN, channelEntrySchema, validateAddress, type ChannelEntry, type GroupRules } from '../registry/channel-schema.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo, SYNCED_FIELDS, type GroupRow } from '../repositories/group-repo.js';
import type { GroupCreate, GroupPatch, groupSchema } from '../schemas/group.js';
import type { AddressResolver } from './address-resolution.js';
import { lockGroup, recordStatusChange } from '../registry-live/group-state.js';
import type { TemplateChecker } from './template-checker.js';

type Auth = { workspaceId: string };
export type GroupView = z.infer<typeof groupSchema>;

export const DEFAULT_RULES: GroupRules = {
  requiredHashtags: [],
  maxLength: null,
  minDaysBetweenPosts: 7,
  postingHours: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' },
  adsAllowed: null,
};

export function toGroupView(row: GroupRow): GroupView {
  return {
    id: row.id,
    slug: row.slug,
    source: row.source,
    network: row.network,
    name: row.name,
    kind: row.kind,
    language: row.language,
    tags: row.tags as GroupView['tags'],
    mode: row.mode,
    address: row.address,
    status: row.status,
    rules: row.rules as GroupRules,
    notes: row.notes,
    accountId: row.accountId,
    templateOverride: row.templateOverride,
    editedFields: row.editedFields,
    verification: (row.verification ?? null) as GroupView['verification'],
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    brokenCode: row.brokenCode,
    brokenReason: row.brokenReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const invalid = (issues: { path: PropertyKey[]; message: string }[]) => invalidContent('invalid-group', 'The group would be invalid', issues);

/** Runs the registry's own entry rules (modes per network, normalised address, status) on a group. */
function checkEntry(entry: Omit<ChannelEntry, 'status'> & { status: GroupRow['status'] }) {
  // A disabled or broken group is checked as the registry's entry it would be with its address.
  const asRegistry = { ...entry, status: entry.status === 'disabled' || entry.status === 'broken' ? (entry.address ? 'active' : 'needs_address') : entry.status };
  const parsed = parseInput(channelEntrySchema, asRegistry);
  if (!parsed.success) throw invalid(parsed.error.issues);
}

function normaliseAddress(network: ChannelEntry['network'], address: string | null): string | null {
  if (address === null) return null;
  const checked = validateAddress(network, address);
  if (!checked.ok) throw invalid([{ path: ['address'], message: checked.message }]);
  return checked.normalized;
}

function statusFor(address: string | null, disabled: boolean): GroupRow['status'] {
  if (disabled) return 'disabled';
  return address ? 'active' : 'needs_address';
}

/** Why a PATCH changed a group's status, in words for its history. */
function patchReason(row: GroupRow, status: GroupRow['status'], address: string | null): string {
  if (status === 'disabled') return 'disabled by a person';
  if (status === 'needs_address') return 'its address was removed';
  if (status === 'broken') return `enabled again, still broken: ${row.brokenReason ?? 'see its last verification'}`;
  return address !== row.address ? `address set to ${address}` : 'enabled again';
}

function slugFor(network: string, name: string): string {
  const ascii = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${network}-${ascii || 'group'}-${randomBytes(2).toString('hex')}`;
}

// How long setting an address waits for a rate-limit turn to resolve it: a person is waiting.
const RESOLVE_MAX_WAIT_MS = 10_000;

export function createGroupService(deps: { db: Db; templates: TemplateChecker; resolver: AddressResolver }) {
  const { db, templates } = deps;

  /**
   * The address to store: a VK screen name is resolved to the community's id now, with the group's
   * account (or, before it has one, any VK account of the workspace), so that posting never meets
   * an address the API does not take. Called before the write's transaction: it calls the network.
   */
  async function resolvedAddress(auth: Auth, network: ChannelEntry['network'], address: string | null, accountId: string | null | undefined): Promise<string | null> {
    if (!deps.resolver.needsResolving(network, address)) return address;
    const own = accountId ? await accountRepo.findById(db, auth.workspaceId, accountId) : undefined;
    const any = (await accountRepo.list(db, auth.workspaceId)).filter((a) => a.network === network).sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
    const account = own?.network === network ? own : any[0];
    const field = (message: string) => invalid([{ path: ['address'], message }]);
    if (!account) {
      throw field(`a VK screen name is resolved to its community's numeric id with a VK account: add one (POST /v1/accounts), or give the id (https://vk.com/club123)`);
    }
    const resolution = await deps.resolver.resolve(account, address, RESOLVE_MAX_WAIT_MS);
    if (resolution.ok) return resolution.address;
    if (resolution.kind === 'later') {
      throw new Problem(503, 'network-busy', `VK could not be asked what "${address}" is now: ${resolution.reason}`, {
        retryAfter: Math.max(1, Math.ceil((resolution.retryAt - Date.now()) / 1000)),
      });
    }
    if (resolution.kind === 'needs_reauth') throw field(`could not be resolved: the VK account "${account.name}" was refused (${resolution.reason})`);
    throw field(`could not be resolved: ${resolution.reason}`);
  }

  async function mustFind(auth: Auth, id: string, t: Db = db): Promise<GroupRow> {
    const row = await groupRepo.findById(t, auth.workspaceId, id);
    if (!row) throw notFound('Group');
    return row;
  }

  async function checkAccount(t: Db, auth: Auth, accountId: string | null, network: string) {
    if (!accountId) return;
    const account = await accountRepo.findById(t, auth.workspaceId, accountId);
    if (!account) throw invalid([{ path: ['accountId'], message: 'no such account in this workspace' }]);
    if (account.network !== network) throw invalid([{ path: ['accountId'], message: `is a ${account.network} account; this group is on ${network}` }]);
  }

  function checkTemplate(network: ChannelEntry['network'], source: string | null | undefined) {
    if (source === null || source === undefined) return;
    const result = templates.check(network, source);
    if (!result.ok) {
      throw new Problem(422, 'invalid-template', `templateOverride${result.line ? ` line ${result.line}` : ''}: ${result.message}`, {
        line: result.line,
        errors: [{ field: 'templateOverride', in: 'body', message: result.line ? `line ${result.line}: ${result.message}` : result.message }],
      });
    }
  }

  return {
    async list(auth: Auth, q: { network?: GroupRow['network']; mode?: GroupRow['mode']; status?: GroupRow['status']; tag?: string; q?: string; limit: number; cursor?: string }) {
      const rows = await groupRepo.list(db, {
        workspaceId: auth.workspaceId,
        network: q.network,
        mode: q.mode,
        status: q.status,
        tag: q.tag,
        text: q.q,
        afterSlug: q.cursor ? decodeCursor(q.cursor, SLUG_PATTERN) : undefined,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return {
        items: page.map(toGroupView),
        nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.slug) : null,
      };
    },

    async get(auth: Auth, id: string): Promise<GroupView> {
      return toGroupView(await mustFind(auth, id));
    },

    async create(auth: Auth, input: GroupCreate): Promise<GroupView> {
      const address = await resolvedAddress(auth, input.network, normaliseAddress(input.network, input.address), input.accountId);
      const entry = {
        slug: input.slug ?? slugFor(input.network, input.name),
        network: input.network,
        name: input.name,
        kind: input.kind,
        language: input.language,
        tags: input.tags,
        mode: input.mode,
        address,
        status: statusFor(address, false),
        rules: { ...DEFAULT_RULES, ...input.rules },
        ...(input.notes ? { notes: input.notes } : {}),
      };
      checkEntry(entry);
      return inTransaction(db, async (t) => {
        await checkAccount(t, auth, input.accountId, input.network);
        if (await groupRepo.findBySlug(t, auth.workspaceId, entry.slug)) {
          throw new Problem(409, 'slug-taken', `A group with slug "${entry.slug}" already exists`, {
            errors: [{ field: 'slug', in: 'body', message: 'must be unique in the workspace' }],
          });
        }
        const row = await groupRepo.insert(t, {
          ...entry,
          id: uuidv7(),
          workspaceId: auth.workspaceId,
          source: 'custom',
          notes: input.notes,
          accountId: input.accountId,
        });
        return toGroupView(row);
      });
    },

    async update(auth: Auth, id: string, patch: GroupPatch): Promise<GroupView> {
      const before = await mustFind(auth, id);
      const given = patch.address === undefined ? undefined : normaliseAddress(before.network, patch.address);
      const resolved = given === undefined ? undefined : await resolvedAddress(auth, before.network, given, patch.accountId ?? before.accountId);
      return inTransaction(db, async (t) => {
        // Locked: a publish refusal or a verification may be changing the row's status meanwhile.
        const row = await lockGroup(t, auth.workspaceId, id);
        if (!row) throw notFound('Group');
        const network = row.network;
        // A Telegram @username is the same chat in any case: re-typing it is not a new address.
        const sameAsStored = resolved !== undefined && resolved !== null && row.address !== null && network === 'telegram' && resolved.toLowerCase() === row.address.toLowerCase();
        const address = resolved === undefined || sameAsStored ? row.address : resolved;
        const disabled = patch.disabled ?? row.status === 'disabled';
        // A group the network said is broken stays so until its address changes or a verification
        // finds it working: an edit of its name or rules, or enabling it again, does not mend it.
        const addressChanged = address !== row.address;
        const wasBroken = row.status === 'broken' || (row.status === 'disabled' && row.brokenCode !== null);
        const status: GroupRow['status'] = disabled ? 'disabled' : !address ? 'needs_address' : wasBroken && !addressChanged ? 'broken' : 'active';
        const next = {
          slug: row.slug,
          network,
          name: patch.name ?? row.name,
          kind: patch.kind ?? row.kind,
          language: patch.language ?? row.language,
          tags: patch.tags ?? (row.tags as ChannelEntry['tags']),
          mode: patch.mode ?? row.mode,
          address,
          status,
          rules: { ...(row.rules as GroupRules), ...(patch.rules ?? {}) },
          notes: patch.notes === undefined ? row.notes : patch.notes,
        };
        checkEntry({ ...next, notes: next.notes ?? undefined });
        if (patch.accountId !== undefined) await checkAccount(t, auth, patch.accountId, network);
        checkTemplate(network, patch.templateOverride);

        const changed = SYNCED_FIELDS.filter((f) => JSON.stringify(next[f]) !== JSON.stringify(row[f]));
        const edited = row.source === 'curated' ? [...new Set([...row.editedFields, ...changed])] : row.editedFields;
        const updated = await groupRepo.update(t, auth.workspaceId, id, {
          ...next,
          ...(patch.accountId !== undefined ? { accountId: patch.accountId } : {}),
          ...(patch.templateOverride !== undefined ? { templateOverride: patch.templateOverride } : {}),
          editedFields: edited,
          // What was verified and found broken was about the old address.
          ...(addressChanged ? { brokenCode: null, brokenReason: null, verification: null, verifiedAt: null, addressAliases: [], awaitingFirstRead: false } : {}),
        });
        await recordStatusChange(t, row, status, { code: status === 'broken' ? row.brokenCode : null, reason: patchReason(row, status, address), source: 'patch' });
        return toGroupView(updated!);
      });
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
