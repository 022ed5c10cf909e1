// VK: communities are found by name (groups.search) and read in full (groups.getById: members,
// wall, whether the account may post or suggest, admin rights). getById takes screen names too,
// so reading an address also resolves it to the numeric id wall.post needs.
import type { Adapters } from '../networks/index.js';
import type { VkCommunity, VkCredentials } from '../networks/types.js';
import type { GroupFacts, Inspection } from './facts.js';
import { readOnce, type InspectContext, type NetworkInspector, type SearchResult } from './inspector.js';
import { rank } from './ranking.js';

const WALL = ['off', 'open', 'limited', 'restricted'] as const;
const CLOSED = ['open', 'closed', 'private'] as const;

export function vkFacts(c: VkCommunity): Inspection {
  if (c.deactivated) return { kind: 'missing', code: 'deleted', reason: `VK community ${c.id} is ${c.deactivated}` };
  const read: GroupFacts['read'] = {
    id: c.id,
    screen_name: c.screenName,
    type: c.type,
    members_count: c.membersCount,
    is_closed: CLOSED[c.isClosed] ?? c.isClosed,
    wall: c.wall === null ? null : WALL[c.wall] ?? c.wall,
    can_post: c.canPost,
    can_suggest: c.canSuggest,
    is_admin: c.isAdmin,
    admin_level: c.adminLevel,
    activity: c.activity,
  };
  const base = { network: 'vk' as const, address: String(c.id), name: c.name, url: `https://vk.com/${c.screenName ?? `club${c.id}`}`, members: c.membersCount, read };
  if (c.isAdmin && (c.adminLevel ?? 0) >= 2) {
    const role = c.adminLevel === 3 ? 'an administrator' : 'an editor';
    return { kind: 'facts', facts: { ...base, access: 'post', problem: null, explanation: `the account is ${role} of the community: posts go out as the community` } };
  }
  if (c.canPost) {
    return { kind: 'facts', facts: { ...base, access: 'post', problem: null, explanation: "the community's wall is open to the account: posts go out under the account's own name" } };
  }
  if (c.canSuggest) {
    return {
      kind: 'facts',
      facts: { ...base, access: 'suggest', problem: { code: 'wall_closed', reason: 'the wall takes only suggested posts from the account' }, explanation: 'the community takes suggested posts: each waits for its moderators' },
    };
  }
  if (c.isClosed !== 0) {
    const reason = `the community is ${CLOSED[c.isClosed] ?? 'closed'}: the account must join it before it can suggest or post`;
    return { kind: 'facts', facts: { ...base, access: 'none', problem: { code: 'private', reason }, explanation: `${reason}; until then a person posts by hand` } };
  }
  const reason = c.wall === 0 ? 'the wall is off' : 'the wall takes neither posts nor suggestions from the account';
  return { kind: 'facts', facts: { ...base, access: 'none', problem: { code: 'wall_closed', reason }, explanation: `${reason}: a person posts by hand, if the community allows it at all` } };
}

export function createVkInspector(adapters: Adapters): NetworkInspector {
  const vk = adapters.vk;
  const creds = (ctx: InspectContext) => ctx.credentials as VkCredentials;

  return {
    network: 'vk',
    needsAccount: true,
    capabilities:
      'searches communities by name (groups.search), reads each (groups.getById: members, open/closed, wall, whether the account may post or suggest, admin rights) and resolves screen names and links to the numeric id',

    async search(ctx, query, limit): Promise<SearchResult> {
      const found = await readOnce(ctx, 'VK groups.search', () => vk.searchCommunities(creds(ctx), query, limit));
      if (!found.ok) return found.inspection;
      if (found.value.items.length === 0) return { kind: 'candidates', candidates: [] };
      // The search answers names only: one more call reads them all in full.
      const full = await readOnce(ctx, 'VK groups.getById', () => vk.readCommunities(creds(ctx), found.value.items.map((c) => String(c.id))));
      if (!full.ok) return full.inspection;
      const candidates = full.value.items.flatMap((c) => {
        const inspected = vkFacts(c);
        if (inspected.kind !== 'facts') return [];
        return [{ facts: inspected.facts, ...rank(query, inspected.facts) }];
      });
      return { kind: 'candidates', candidates: candidates.sort((a, b) => b.score - a.score) };
    },

    async inspect(ctx, address): Promise<Inspection> {
      if (!ctx) return { kind: 'unverifiable', reason: 'reading a VK community needs a VK account: add one (POST /v1/accounts)' };
      const read = await readOnce(ctx, 'VK groups.getById', () => vk.readCommunities(creds(ctx), [address]));
      if (!read.ok) {
        // VK answers an id or name it does not know with error 100.
        const r = read.inspection;
        if (r.kind === 'unverifiable' && /VK error 100\b/.test(r.reason)) return { kind: 'missing', code: 'not_found', reason: `VK has no community "${address}"` };
        return r;
      }
      const community = read.value.items[0];
      if (!community) return { kind: 'missing', code: 'not_found', reason: `VK has no community "${address}"` };
      return vkFacts(community);
    },

    searchLink: (query) => `https://vk.com/search/communities?q=${encodeURIComponent(query)}`,
  };
}
