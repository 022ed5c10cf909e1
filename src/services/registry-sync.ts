// Puts the curated registry (channels/) into a workspace's groups. Idempotent: run at every start
// and for every new workspace; a workspace's own edits win, and no group is ever deleted (campaigns
// and posts may refer to it).
import type { Db } from '../db/database.js';
import { uuidv7 } from '../lib/uuid7.js';
import type { ChannelEntry } from '../registry/channel-schema.js';
import { groupRepo, type GroupInsert } from '../repositories/group-repo.js';

export function toCuratedRow(workspaceId: string, entry: ChannelEntry): GroupInsert {
  return {
    id: uuidv7(),
    workspaceId,
    slug: entry.slug,
    source: 'curated',
    network: entry.network,
    name: entry.name,
    kind: entry.kind,
    language: entry.language,
    tags: entry.tags,
    mode: entry.mode,
    address: entry.address,
    status: entry.status,
    rules: entry.rules,
    notes: entry.notes ?? null,
  };
}

export function createRegistrySync(deps: { channels: readonly ChannelEntry[] }) {
  return {
    async syncWorkspace(db: Db, workspaceId: string): Promise<number> {
      await groupRepo.upsertCurated(db, deps.channels.map((entry) => toCuratedRow(workspaceId, entry)));
      return deps.channels.length;
    },
  };
}

export type RegistrySync = ReturnType<typeof createRegistrySync>;
