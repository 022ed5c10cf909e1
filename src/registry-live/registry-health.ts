// The registry at a glance: per network and posting mode, how many groups can be posted to and
// what stands in the way of the others, with the next action for each kind of obstacle.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database.js';

export const HEALTH_STATES = {
  postable: 'Nothing to do: campaigns can post here',
  needs_address: 'Find the address: POST /v1/groups/{id}/candidates (VK searches by name; other networks take links), then POST /v1/groups/{id}/address; or paste many links at once with POST /v1/groups/import-links',
  needs_account: 'Connect an account of this network (POST /v1/accounts) and link it to the group (PATCH /v1/groups/{id} accountId), or re-authorise the linked one',
  needs_admin: "Ask the chat's admins to add the bot as an administrator with 'Post messages' (or let it write), then POST /v1/groups/{id}/verify",
  broken: 'The network said the group cannot be posted to (see brokenReason): fix it there and verify again, choose another address, or disable the group',
  disabled: 'Disabled by a person: PATCH /v1/groups/{id} {"disabled": false} to use it again',
} as const;
export type HealthState = keyof typeof HEALTH_STATES;

// The one place the states are decided, in SQL so a workspace of any size is one query.
const STATE = sql`case
  when g.status = 'disabled' then 'disabled'
  when g.status = 'needs_address' or g.address is null then 'needs_address'
  when g.status = 'broken' and g.broken_code = 'bot_not_admin' then 'needs_admin'
  when g.status = 'broken' then 'broken'
  when g.mode <> 'assisted' and (a.id is null or a.status = 'needs_reauth') then 'needs_account'
  else 'postable' end`;

interface HealthRow { network: string; mode: string; state: HealthState; groups: number; unverified: number; sample: { id: string; slug: string; name: string; reason: string | null }[] }

const SAMPLE_SIZE = 10;

export async function registryHealth(db: Db, workspaceId: string) {
  const result = await db.execute(sql`
    select network, mode, state, count(*)::int as groups,
           count(*) filter (where (verified_at is null or verification->>'outcome' = 'unverifiable') and state <> 'needs_address')::int as unverified,
           (jsonb_agg(jsonb_build_object('id', id, 'slug', slug, 'name', name, 'reason', broken_reason) order by slug))
             as sample
      from (select g.*, ${STATE} as state from groups g left join accounts a on a.id = g.account_id
             where g.workspace_id = ${workspaceId}) s
     group by network, mode, state
     order by network, mode, state`);
  const rows = rowsOf<HealthRow>(result);
  const byNetwork = new Map<string, { network: string; mode: string; total: number; states: Record<string, { groups: number; unverified: number; nextAction: string; examples: HealthRow['sample'] }> }>();
  const totals: Record<string, number> = Object.fromEntries(Object.keys(HEALTH_STATES).map((k) => [k, 0]));
  for (const r of rows) {
    const key = `${r.network}/${r.mode}`;
    const entry = byNetwork.get(key) ?? { network: r.network, mode: r.mode, total: 0, states: {} };
    entry.total += r.groups;
    entry.states[r.state] = { groups: r.groups, unverified: r.unverified, nextAction: HEALTH_STATES[r.state], examples: r.sample.slice(0, SAMPLE_SIZE) };
    byNetwork.set(key, entry);
    totals[r.state] = (totals[r.state] ?? 0) + r.groups;
  }
  return { totals, networks: [...byNetwork.values()], states: HEALTH_STATES };
}
