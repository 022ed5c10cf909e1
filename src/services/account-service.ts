// Network accounts: credentials sealed at rest under SECRETS_KEY, bound to the account's id so a
// sealed blob copied onto another row does not open. The API only ever shows a fingerprint.
import type { z } from 'zod';
import { inTransaction, type Db } from '../db/database.js';
import { Problem, notFound } from '../lib/problem.js';
import type { SecretBox } from '../lib/secret-box.js';
import { RESPONSES_NOTE } from '../responses/network/account-notes.js';
import { uuidv7 } from '../lib/uuid7.js';
import { adapterFor, type Adapters, type Credentials } from '../networks/index.js';
import type { LimitedCalls } from '../ratelimit/limited-call.js';
import { accountRepo, type AccountRow } from '../repositories/account-repo.js';
import type { accountSchema, CredentialsInput } from '../schemas/account.js';
import { canonicalHash } from './vacancy-mapping.js';

type Auth = { workspaceId: string };
export type AccountView = z.infer<typeof accountSchema>;

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    network: row.network,
    name: row.name,
    fingerprint: row.fingerprint,
    status: row.status,
    identity: row.identity,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastCheckError: row.lastCheckError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const aad = (accountId: string) => `account:${accountId}`;

// How long a check waits for a rate-limit turn that publishing leaves free before it answers "try
// again at …": a person is waiting for the answer.
const CHECK_MAX_WAIT_MS = 10_000;

export function createAccountService(deps: {
  db: Db;
  box: SecretBox;
  adapters: Adapters;
  // Every check is a call to the network: it goes through the shared rate limiter, behind publishing.
  calls: LimitedCalls;
  // Runs in the transaction that makes an account usable again (new credentials, or a passing check):
  // the posts a dead token held go back to the queue.
  onUsable?: (tx: Db, auth: Auth, accountId: string) => Promise<void>;
}) {
  const { db, box, adapters } = deps;

  const seal = (id: string, credentials: CredentialsInput) => ({
    credentials: box.seal(JSON.stringify(credentials), aad(id)),
    fingerprint: box.fingerprint(canonicalHash(credentials)),
  });

  const unseal = (row: AccountRow): Credentials => JSON.parse(box.open(row.credentials, aad(row.id))) as Credentials;

  async function mustFind(auth: Auth, id: string): Promise<AccountRow> {
    const row = await accountRepo.findById(db, auth.workspaceId, id);
    if (!row) throw notFound('Account');
    return row;
  }

  return {
    async create(auth: Auth, input: { name: string; credentials: CredentialsInput }): Promise<AccountView> {
      const id = uuidv7();
      const row = await accountRepo.insert(db, {
        id,
        workspaceId: auth.workspaceId,
        network: input.credentials.network,
        name: input.name,
        status: 'unchecked',
        ...seal(id, input.credentials),
      });
      return toAccountView(row);
    },

    async list(auth: Auth): Promise<AccountView[]> {
      return (await accountRepo.list(db, auth.workspaceId)).map(toAccountView);
    },

    async get(auth: Auth, id: string): Promise<AccountView> {
      return toAccountView(await mustFind(auth, id));
    },

    async update(auth: Auth, id: string, patch: { name?: string; credentials?: CredentialsInput }): Promise<AccountView> {
      const row = await mustFind(auth, id);
      if (patch.credentials && patch.credentials.network !== row.network) {
        throw new Problem(422, 'network-mismatch', `This is a ${row.network} account; credentials for ${patch.credentials.network} need a new account`, {
          errors: [{ field: 'credentials.network', in: 'body', message: `must be ${row.network}` }],
        });
      }
      return inTransaction(db, async (tx) => {
        const updated = await accountRepo.update(tx, auth.workspaceId, id, {
          ...(patch.name ? { name: patch.name } : {}),
          // New credentials are unproven until checked again.
          ...(patch.credentials ? { ...seal(id, patch.credentials), status: 'unchecked', identity: null, lastCheckError: null } : {}),
        });
        if (patch.credentials) await deps.onUsable?.(tx, auth, id);
        return toAccountView(updated!);
      });
    },

    async remove(auth: Auth, id: string): Promise<void> {
      // Groups that named this account keep existing, without one (ON DELETE SET NULL).
      if (!(await accountRepo.delete(db, auth.workspaceId, id))) throw notFound('Account');
    },

    /** The credentials of a row in clear, for the engine only; never for a route. */
    unseal,

    /** Asks the network whether the credentials work, and records the answer. */
    async check(auth: Auth, id: string) {
      const row = await mustFind(auth, id);
      const responses = RESPONSES_NOTE[row.network];
      const limited = await deps.calls.run(
        { network: row.network, accountId: row.id, purpose: 'check', maxWaitMs: CHECK_MAX_WAIT_MS },
        () => adapterFor(adapters, unseal(row)).checkCredentials(),
        (r) => (!r.ok && r.kind === 'retry_after' ? { seconds: r.seconds ?? 1, reason: r.reason } : undefined),
      );
      if (!limited.ok) {
        return { ok: false, status: row.status, identity: row.identity, reason: `not checked: ${limited.reason}`, retryAt: new Date(limited.retryAt).toISOString(), responses };
      }
      const result = limited.value;
      const now = new Date();
      if (result.ok) {
        await inTransaction(db, async (tx) => {
          await accountRepo.update(tx, auth.workspaceId, id, { status: 'active', identity: result.identity, lastCheckedAt: now, lastCheckError: null });
          await deps.onUsable?.(tx, auth, id);
        });
        return { ok: true, status: 'active' as const, identity: result.identity, reason: null, retryAt: null, responses };
      }
      // A network that did not answer says nothing about the credentials: keep the status.
      const status = result.kind === 'needs_reauth' || result.kind === 'permanent' ? ('needs_reauth' as const) : row.status;
      await accountRepo.update(db, auth.workspaceId, id, { status, lastCheckedAt: now, lastCheckError: result.reason });
      const retryAt = result.kind === 'retry_after' ? new Date(now.getTime() + (result.seconds ?? 1) * 1000).toISOString() : null;
      return { ok: false, status, identity: row.identity, reason: result.reason, retryAt, responses };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
