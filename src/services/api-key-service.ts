// API keys: created with a secret shown once, stored as a hash, revocable. A key belongs to one
// workspace and sees nothing outside it.
import type { Db } from '../db/database.js';
import { apiKeyHint, generateApiKey, hashApiKey } from '../lib/api-key-token.js';
import { Problem, notFound } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { apiKeyRepo, type ApiKeyRole, type ApiKeyRow } from '../repositories/api-key-repo.js';

export interface AuthContext {
  workspaceId: string;
  keyId: string;
  role: ApiKeyRole;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    hint: row.hint,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function createApiKeyService(deps: { db: Db; onTouchError?: (error: unknown) => void }) {
  const { db } = deps;
  return {
    /** `secret` lets the bootstrap use a key given by the operator (BOOTSTRAP_API_KEY). */
    async create(
      workspaceId: string,
      input: { name: string; role: ApiKeyRole; secret?: string },
      tx: Db = db,
    ): Promise<{ key: string; view: ApiKeyView }> {
      const key = input.secret ?? generateApiKey();
      const row = await apiKeyRepo.insert(tx, {
        id: uuidv7(),
        workspaceId,
        name: input.name,
        role: input.role,
        hash: hashApiKey(key),
        hint: apiKeyHint(key),
      });
      return { key, view: toApiKeyView(row) };
    },

    async list(workspaceId: string): Promise<ApiKeyView[]> {
      return (await apiKeyRepo.listByWorkspace(db, workspaceId)).map(toApiKeyView);
    },

    async revoke(auth: AuthContext, id: string): Promise<ApiKeyView> {
      if (id === auth.keyId) {
        // Revoking the key in hand would lock a single-key workspace out for good.
        throw new Problem(409, 'revoke-own-key', 'A key cannot revoke itself; use another admin key');
      }
      const revoked = await apiKeyRepo.revoke(db, auth.workspaceId, id);
      if (revoked) return toApiKeyView(revoked);
      const existing = await apiKeyRepo.findById(db, auth.workspaceId, id);
      if (!existing) throw notFound('API key');
      return toApiKeyView(existing); // already revoked: revoking is idempotent
    },

    async authenticate(token: string): Promise<AuthContext | null> {
      const row = await apiKeyRepo.findActiveByHash(db, hashApiKey(token));
      if (!row) return null;
      apiKeyRepo.touch(db, row, new Date()).catch(deps.onTouchError ?? (() => {}));
      return { workspaceId: row.workspaceId, keyId: row.id, role: row.role };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
