// Workspaces: one agency or team each. Creating one also creates its first admin key, because a
// workspace nobody can call into is useless.
import { sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../db/database.js';
import { notFound } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { workspaceRepo, type WorkspaceRow } from '../repositories/workspace-repo.js';
import type { ApiKeyService, ApiKeyView } from './api-key-service.js';
import type { RegistrySync } from './registry-sync.js';

export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
}

const toView = (row: WorkspaceRow): WorkspaceView => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() });

// Any constant works; it only has to be the same in every process that might bootstrap at once.
const BOOTSTRAP_LOCK = 727_001;

export function createWorkspaceService(deps: { db: Db; apiKeys: ApiKeyService; registry: RegistrySync }) {
  const { db, apiKeys, registry } = deps;
  return {
    async create(name: string, tx: Db = db, adminSecret?: string): Promise<{ workspace: WorkspaceView; key: string; keyView: ApiKeyView }> {
      const run = async (t: Db) => {
        const workspace = await workspaceRepo.insert(t, { id: uuidv7(), name });
        const { key, view } = await apiKeys.create(workspace.id, { name: 'admin', role: 'admin', secret: adminSecret }, t);
        // A new workspace starts with the curated registry, like every other.
        await registry.syncWorkspace(t, workspace.id);
        return { workspace: toView(workspace), key, keyView: view };
      };
      return tx === db ? inTransaction(db, run) : run(tx);
    },

    /** Re-applies channels/ to every workspace: run at start, so edits to the files reach everyone. */
    async syncRegistryEverywhere(): Promise<number> {
      const ids = await workspaceRepo.listIds(db);
      for (const id of ids) await inTransaction(db, (t) => registry.syncWorkspace(t, id));
      return ids.length;
    },

    async get(auth: { workspaceId: string }, id: string): Promise<WorkspaceView> {
      // Another workspace's id answers exactly like an id that does not exist.
      if (id !== auth.workspaceId) throw notFound('Workspace');
      const row = await workspaceRepo.findById(db, id);
      if (!row) throw notFound('Workspace');
      return toView(row);
    },

    /**
     * On an empty database, makes the first workspace and its admin key (BOOTSTRAP_API_KEY if
     * given). Returns the key only when it was generated here, so the caller can show it once.
     * An advisory lock makes two processes starting together create one workspace, not two.
     */
    async bootstrap(bootstrapKey?: string): Promise<{ workspace: WorkspaceView; generatedKey?: string } | null> {
      return inTransaction(db, async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
        if ((await workspaceRepo.count(tx)) > 0) return null;
        const created = await this.create('Default workspace', tx, bootstrapKey);
        return { workspace: created.workspace, generatedKey: bootstrapKey ? undefined : created.key };
      });
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
