// Writes what a verification found onto the group, under its row lock, and records every status
// change (the registry's history; the database turns each into a group.status_changed event).
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { groups, groupStatusChanges } from '../db/schema.js';
import { uuidv7 } from '../lib/uuid7.js';
import type { GroupRow } from '../repositories/group-repo.js';
import type { GroupFacts } from './facts.js';
import type { Verdict } from './posting-mode.js';

export type ChangeSource = (typeof groupStatusChanges.$inferInsert)['source'];

/** What is kept on the group about its last verification (groups.verification). */
export interface VerificationRecord {
  at: string;
  source: ChangeSource;
  outcome: 'postable' | 'broken' | 'unverifiable';
  /** Why, in words (the verdict's reason, or why nothing could be read). */
  detail: string;
  accountId: string | null;
  facts: Pick<GroupFacts, 'name' | 'url' | 'members' | 'access' | 'explanation' | 'read'> | null;
  /** The mode the facts allow, and why (shown; applied only when an address is chosen). */
  suggestedMode: { mode: string; why: string } | null;
}

export async function lockGroup(tx: Db, workspaceId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await tx.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id))).for('update');
  return row;
}

/**
 * Another group of the workspace on this network already at one of these addresses (or known by it
 * from before it was resolved), compared without case: one community is one group, or every
 * vacancy would go to it twice.
 */
export async function groupAtAddress(tx: Db, workspaceId: string, network: GroupRow['network'], addresses: string[], exceptId: string): Promise<GroupRow | undefined> {
  const wanted = sql.join([...new Set(addresses.map((a) => a.toLowerCase()))].map((a) => sql`${a}`), sql`, `);
  const [row] = await tx
    .select()
    .from(groups)
    .where(
      and(
        eq(groups.workspaceId, workspaceId),
        eq(groups.network, network),
        ne(groups.id, exceptId),
        sql`(lower(${groups.address}) in (${wanted}) or exists (select 1 from unnest(${groups.addressAliases}) alias where lower(alias) in (${wanted})))`,
      ),
    )
    .limit(1);
  return row;
}

export async function recordStatusChange(tx: Db, group: GroupRow, to: GroupRow['status'], change: { code: string | null; reason: string; source: ChangeSource }) {
  if (group.status === to) return;
  await tx.insert(groupStatusChanges).values({
    id: uuidv7(),
    workspaceId: group.workspaceId,
    groupId: group.id,
    fromStatus: group.status,
    toStatus: to,
    code: change.code,
    reason: change.reason,
    source: change.source,
  });
}

/**
 * Applies a verdict on the group's current address. A group disabled by a person stays disabled (the
 * facts are kept); a broken one becomes active again when its address works. Answers the group
 * after the change, or undefined when its address changed meanwhile (the verdict is about an old one).
 */
export async function applyVerdict(tx: Db, group: GroupRow, verdict: Verdict, record: VerificationRecord): Promise<GroupRow | undefined> {
  const now = new Date(record.at);
  let status = group.status;
  if (group.status !== 'disabled' && group.address !== null) {
    if (verdict.kind === 'broken') status = 'broken';
    else if (verdict.kind === 'postable') status = 'active';
  }
  const broken = verdict.kind === 'broken' ? { brokenCode: verdict.code, brokenReason: verdict.reason } : verdict.kind === 'postable' ? { brokenCode: null, brokenReason: null } : {};
  const [updated] = await tx
    .update(groups)
    .set({ status, verification: record, verifiedAt: now, updatedAt: now, ...broken })
    .where(and(eq(groups.id, group.id), eq(groups.workspaceId, group.workspaceId)))
    .returning();
  const reason = verdict.kind === 'broken' ? verdict.reason : verdict.why;
  await recordStatusChange(tx, group, status, { code: verdict.kind === 'broken' ? verdict.code : null, reason, source: record.source });
  return updated;
}

export async function statusHistory(db: Db, workspaceId: string, groupId: string, limit: number) {
  return db
    .select()
    .from(groupStatusChanges)
    .where(and(eq(groupStatusChanges.workspaceId, workspaceId), eq(groupStatusChanges.groupId, groupId)))
    .orderBy(desc(groupStatusChanges.at), desc(groupStatusChanges.id))
    .limit(limit);
}
