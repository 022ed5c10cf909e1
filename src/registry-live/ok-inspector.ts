// OK (Odnoklassniki): no group search is open to applications, so a person gives the link. It is
// resolved (url.getInfo), the group read (group.getInfo: name, members, private) and the account's
// role in it (group.getUserGroupsByIds): an admin, moderator or editor posts, a member suggests.
import type { Adapters } from '../networks/index.js';
import type { OkCredentials, OkGroup } from '../networks/types.js';
import type { GroupFacts, Inspection } from './facts.js';
import { readOnce, type InspectContext, type NetworkInspector } from './inspector.js';

const GONE_STATUSES = new Set(['DELETED', 'BLOCKED', 'BANNED']);
const POSTING_ROLES = new Set(['ADMIN', 'MODERATOR', 'EDITOR', 'SUPER_MODERATOR', 'ANALYST_EDITOR']);

/** The account's OK user id, from the identity its check recorded ("Name (uid)" or the uid alone). */
export function okUserId(identity: string | null): string | null {
  if (!identity) return null;
  const m = /\((\d+)\)$/.exec(identity) ?? /^(\d+)$/.exec(identity);
  return m ? m[1]! : null;
}

export function okFacts(group: OkGroup, role: string | null): Inspection {
  // OK does not document its group statuses: only the ones that plainly mean "gone" count as gone.
  if (group.status && GONE_STATUSES.has(group.status)) return { kind: 'missing', code: 'deleted', reason: `the OK group ${group.id} is ${group.status.toLowerCase()}` };
  const read: GroupFacts['read'] = { id: group.id, shortname: group.shortname, members_count: group.membersCount, private: group.private, role };
  const base = { network: 'ok' as const, address: group.id, name: group.name, url: `https://ok.ru/group/${group.id}`, members: group.membersCount, read };
  if (role && POSTING_ROLES.has(role)) {
    return { kind: 'facts', facts: { ...base, access: 'post', problem: null, explanation: `the account is ${role.toLowerCase()} of the group: topics go out as the group` } };
  }
  if (role === 'BLOCKED') {
    const reason = 'the account is blocked in the group';
    return { kind: 'facts', facts: { ...base, access: 'none', problem: { code: 'private', reason }, explanation: `${reason}: a person posts by hand, if at all` } };
  }
  if (role) {
    return { kind: 'facts', facts: { ...base, access: 'suggest', problem: { code: 'wall_closed', reason: 'the account is a member, not an editor: its topics go to moderation' }, explanation: "the account is a member of the group: its topics are suggested to the group's moderators" } };
  }
  const reason = group.private ? 'the group is private and the account is not a member' : 'the account is not a member of the group';
  return { kind: 'facts', facts: { ...base, access: 'none', problem: { code: 'private', reason: `${reason}: join it with the account, then verify again` }, explanation: `${reason}; until it joins, a person posts by hand` } };
}

export function createOkInspector(adapters: Adapters): NetworkInspector {
  const ok = adapters.ok;
  const creds = (ctx: InspectContext) => ctx.credentials as OkCredentials;

  async function groupId(ctx: InspectContext, address: string): Promise<{ ok: true; id: string } | { ok: false; inspection: Inspection }> {
    if (/^\d+$/.test(address)) return { ok: true, id: address };
    const link = await readOnce(ctx, 'OK url.getInfo', () => ok.resolveLink(creds(ctx), address));
    if (!link.ok) return link;
    if (link.value.kind === 'missing') return { ok: false, inspection: { kind: 'missing', code: 'not_found', reason: link.value.reason } };
    if (link.value.type.toUpperCase() !== 'GROUP') return { ok: false, inspection: { kind: 'missing', code: 'not_found', reason: `${address} is a ${link.value.type.toLowerCase()}, not a group` } };
    return { ok: true, id: link.value.id };
  }

  return {
    network: 'ok',
    needsAccount: true,
    capabilities:
      "cannot search (OK's group search is not open to applications): takes ok.ru links or group ids, resolves short names (url.getInfo), reads the group (group.getInfo: name, members, private) and the account's role in it (group.getUserGroupsByIds)",

    async inspect(ctx, address): Promise<Inspection> {
      if (!ctx) return { kind: 'unverifiable', reason: 'reading an OK group needs an OK account: add one (POST /v1/accounts)' };
      const id = await groupId(ctx, address);
      if (!id.ok) return id.inspection;
      const groups = await readOnce(ctx, 'OK group.getInfo', () => ok.readGroups(creds(ctx), [id.id]));
      if (!groups.ok) return groups.inspection;
      const group = groups.value.items[0];
      if (!group) return { kind: 'missing', code: 'not_found', reason: `OK has no group ${id.id}` };
      const userId = okUserId(ctx.account.identity);
      if (!userId) return { kind: 'unverifiable', reason: 'the OK account has not been checked yet (its user id is unknown): POST /v1/accounts/{id}/check, then verify again' };
      const role = await readOnce(ctx, 'OK group.getUserGroupsByIds', () => ok.readRole(creds(ctx), id.id, userId));
      if (!role.ok) return role.inspection;
      return okFacts(group, role.value.role);
    },

    searchLink: (query) => `https://ok.ru/search?st.mode=Groups&st.query=${encodeURIComponent(query)}`,
  };
}
