// Vacancies: the one resource a recruiter enters once. Every write validates the whole vacancy
// and happens in one transaction, so a failure leaves nothing half-written.
import { inTransaction, type Db } from '../db/database.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { Problem, invalidContent, notFound, type FieldError } from '../lib/problem.js';
import { uuidv7 } from '../lib/uuid7.js';
import { parseInput } from '../lib/validation.js';
import { idempotencyRepo } from '../repositories/idempotency-repo.js';
import { vacancyRepo, type VacancyRow } from '../repositories/vacancy-repo.js';
import { vacancyInputSchema, type Vacancy, type VacancyInput, type VacancyPatch } from '../schemas/vacancy.js';
import { canonicalHash, columnsOf, toDoc, toVacancy, type VacancyDoc } from './vacancy-mapping.js';

type Auth = { workspaceId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps driver errors; the SQLSTATE is on the error or its cause.
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
}

function externalIdConflict(externalId: string, existingId?: string) {
  return new Problem(409, 'external-id-conflict', `Another vacancy already has externalId "${externalId}"`, {
    ...(existingId ? { existingVacancyId: existingId } : {}),
    errors: [{ field: 'externalId', in: 'body', message: 'must be unique in the workspace' } satisfies FieldError],
  });
}

export interface ListResult {
  items: Vacancy[];
  nextCursor: string | null;
}

export function createVacancyService(deps: {
  db: Db;
  // Runs in the closing transaction: cancels pending posts, plans edits/removals of published ones.
  onClosed?: (tx: Db, auth: Auth, vacancyId: string) => Promise<void>;
}) {
  const { db } = deps;
  const tx = <T>(fn: (t: Db) => Promise<T>) => inTransaction(db, fn);

  async function insertChecked(t: Db, auth: Auth, id: string, input: VacancyInput, extra?: Record<string, unknown>) {
    const doc = toDoc(input);
    if (doc.externalId) {
      const existing = await vacancyRepo.findByExternalId(t, auth.workspaceId, doc.externalId);
      if (existing) throw externalIdConflict(doc.externalId, existing.id);
    }
    return vacancyRepo.insert(t, {
      id,
      workspaceId: auth.workspaceId,
      status: 'open',
      ...columnsOf(doc),
      extra: extra && Object.keys(extra).length > 0 ? extra : null,
    });
  }

  // A concurrent insert can still hit the unique index after our check; it is the same conflict.
  async function guardUnique<T>(externalId: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isUniqueViolation(error) && externalId) throw externalIdConflict(externalId);
      throw error;
    }
  }

  async function mustFind(t: Db, auth: Auth, id: string, forUpdate = false): Promise<VacancyRow> {
    const row = await vacancyRepo.findById(t, auth.workspaceId, id, { forUpdate });
    if (!row) throw notFound('Vacancy');
    return row;
  }

  return {
    async create(
      auth: Auth,
      input: VacancyInput,
      options: { idempotencyKey?: string; extra?: Record<string, unknown> } = {},
    ): Promise<{ vacancy: Vacancy; replayed: boolean }> {
      return guardUnique(input.externalId, () =>
        tx(async (t) => {
          const id = uuidv7();
          if (options.idempotencyKey) {
            const prior = await idempotencyRepo.claim(t, {
              workspaceId: auth.workspaceId,
              scope: 'vacancies.create',
              key: options.idempotencyKey,
              requestHash: canonicalHash(input),
              resourceId: id,
            });
            if (prior) {
              if (prior.requestHash !== canonicalHash(input)) {
                throw new Problem(
                  422,
                  'idempotency-key-reused',
                  'This Idempotency-Key was already used with a different request body',
                );
              }
              const existing = await vacancyRepo.findById(t, auth.workspaceId, prior.resourceId);
              if (!existing) throw new Problem(404, 'not-found', 'The vacancy created with this Idempotency-Key was deleted');
              return { vacancy: toVacancy(existing), replayed: true };
            }
          }
          const row = await insertChecked(t, auth, id, input, options.extra);
          return { vacancy: toVacancy(row), replayed: false };
        }),
      );
    },

    async get(auth: Auth, id: string): Promise<Vacancy> {
      return toVacancy(await mustFind(db, auth, id));
    },

    async list(
      auth: Auth,
      q: { status?: 'open' | 'closed'; tag?: string; q?: string; limit: number; cursor?: string },
    ): Promise<ListResult> {
      const rows = await vacancyRepo.list(db, {
        workspaceId: auth.workspaceId,
        status: q.status,
        tag: q.tag?.toLowerCase().replace(/^#/, ''),
        text: q.q,
        beforeId: q.cursor ? decodeCursor(q.cursor, UUID) : undefined,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const more = rows.length > q.limit;
      return { items: page.map(toVacancy), nextCursor: more ? encodeCursor(page[page.length - 1]!.id) : null };
    },

    /** JSON merge patch: absent keeps, null clears; the merged vacancy must still be valid. */
    async patch(auth: Auth, id: string, patch: VacancyPatch): Promise<Vacancy> {
      return guardUnique(patch.externalId ?? undefined, () =>
        tx(async (t) => {
          const row = await mustFind(t, auth, id, true);
          const merged: Record<string, unknown> = { ...(row.doc as VacancyDoc) };
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined) continue;
            if (value === null) delete merged[key];
            else merged[key] = value;
          }
          const parsed = parseInput(vacancyInputSchema, merged);
          if (!parsed.success) throw invalidContent('invalid-vacancy', 'The vacancy would be invalid', parsed.error.issues);
          const doc = toDoc(parsed.data);
          if (doc.externalId && doc.externalId !== row.externalId) {
            const other = await vacancyRepo.findByExternalId(t, auth.workspaceId, doc.externalId);
            if (other) throw externalIdConflict(doc.externalId, other.id);
          }
          return toVacancy((await vacancyRepo.update(t, auth.workspaceId, id, columnsOf(doc)))!);
        }),
      );
    },

    async setStatus(auth: Auth, id: string, status: 'open' | 'closed'): Promise<Vacancy> {
      return tx(async (t) => {
        const row = await mustFind(t, auth, id, true);
        if (row.status === status) return toVacancy(row); // closing a closed vacancy is a no-op, not an error
        const updated = await vacancyRepo.update(t, auth.workspaceId, id, {
          status,
          closedAt: status === 'closed' ? new Date() : null,
        });
        if (status === 'closed') await deps.onClosed?.(t, auth, id);
        return toVacancy(updated!);
      });
    },

    /** Locks an open vacancy for the caller's transaction (a close waits for it); 409 when closed. */
    async lockOpen(t: Db, auth: Auth, id: string): Promise<Vacancy> {
      const row = await mustFind(t, auth, id, true);
      if (row.status === 'closed') throw new Problem(409, 'vacancy-closed', 'The vacancy is closed; reopen it to post it');
      return toVacancy(row);
    },

    async remove(auth: Auth, id: string): Promise<void> {
      if (!(await vacancyRepo.delete(db, auth.workspaceId, id))) throw notFound('Vacancy');
    },

    /**
     * An ATS pushes the same posting again when it changes: the JSON-LD identifier makes the
     * import an upsert. Returns whether a vacancy was created.
     */
    async upsertImported<I>(
      auth: Auth,
      posted: VacancyInput,
      extra: Record<string, unknown>,
      // What the posting leaves unsaid, filled in the transaction that sees the stored vacancy (if any).
      complete: (input: VacancyInput, existing: VacancyDoc | undefined) => { input: VacancyInput; inferred: I },
    ): Promise<{ vacancy: Vacancy; created: boolean; inferred: I }> {
      return guardUnique(posted.externalId, () =>
        tx(async (t) => {
          const existing = posted.externalId
            ? await vacancyRepo.findByExternalId(t, auth.workspaceId, posted.externalId)
            : undefined;
          const { input, inferred } = complete(posted, existing ? (existing.doc as VacancyDoc) : undefined);
          if (!existing) {
            const row = await insertChecked(t, auth, uuidv7(), input, extra);
            return { vacancy: toVacancy(row), created: true, inferred };
          }
          const updated = await vacancyRepo.update(t, auth.workspaceId, existing.id, {
            ...columnsOf(toDoc(input)),
            extra: Object.keys(extra).length > 0 ? extra : null,
          });
          return { vacancy: toVacancy(updated!), created: false, inferred };
        }),
      );
    },
  };
}

export type VacancyService = ReturnType<typeof createVacancyService>;
