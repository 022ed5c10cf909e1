// Between the API's Vacancy and the stored row: the validated fields live in `doc`, and a few are
// copied to columns so the database can filter on them.
import { createHash } from 'node:crypto';
import type { Vacancy, VacancyInput } from '../schemas/vacancy.js';
import type { VacancyInsert, VacancyRow } from '../repositories/vacancy-repo.js';

export type VacancyDoc = Omit<Vacancy, 'id' | 'status' | 'extra' | 'createdAt' | 'updatedAt' | 'closedAt'>;

export function toDoc(input: VacancyInput): VacancyDoc {
  return {
    ...input,
    audience: input.audience ?? { professions: [], seniority: [] },
    hashtags: input.hashtags ?? [],
  };
}

export function tagsOf(doc: VacancyDoc): string[] {
  const all = [...doc.audience.professions, ...doc.audience.seniority, ...doc.hashtags].map((t) => t.toLowerCase());
  return [...new Set(all)];
}

function searchTextOf(doc: VacancyDoc): string {
  return [doc.title, doc.hiringOrganization.name, doc.jobLocation?.city, doc.description]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

/** The columns derived from a doc; every write goes through here so they never drift from it. */
export function columnsOf(doc: VacancyDoc): Pick<VacancyInsert, 'doc' | 'title' | 'externalId' | 'tags' | 'searchText'> {
  return { doc, title: doc.title, externalId: doc.externalId ?? null, tags: tagsOf(doc), searchText: searchTextOf(doc) };
}

export function toVacancy(row: VacancyRow): Vacancy {
  const doc = row.doc as VacancyDoc;
  return {
    ...doc,
    id: row.id,
    status: row.status,
    ...(row.extra ? { extra: row.extra as Record<string, unknown> } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.closedAt ? { closedAt: row.closedAt.toISOString() } : {}),
  };
}

/** Key order does not change meaning, so it must not change the hash of an idempotent request. */
export function canonicalHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}
