import { and, arrayContains, desc, eq, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { vacancies } from '../db/schema.js';

export type VacancyRow = typeof vacancies.$inferSelect;
export type VacancyInsert = typeof vacancies.$inferInsert;

export interface VacancyListQuery {
  workspaceId: string;
  status?: 'open' | 'closed';
  tag?: string;
  text?: string;
  /** Ids are UUIDv7 (time-ordered): "after the cursor" is "id below the last one seen". */
  beforeId?: string;
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// How many of the newest vacancies a text search checks before it asks the index, per row of the
// page: a word in more than about a fifth of them fills the page here. Larger, and every rare word
// pays for checking more texts; smaller, and more common words go to the index, which checks every
// match (BENCHMARKS.md, "Text search"). At the default page (21 rows with the look-ahead): 105.
export const SEARCH_WINDOW_PER_ROW = 5;
const searchWindow = (limit: number) => limit * SEARCH_WINDOW_PER_ROW;

/** Every filter but the text. */
function conditions(q: VacancyListQuery): SQL[] {
  const where: SQL[] = [eq(vacancies.workspaceId, q.workspaceId)];
  if (q.status) where.push(eq(vacancies.status, q.status));
  if (q.tag) where.push(arrayContains(vacancies.tags, [q.tag]));
  if (q.beforeId) where.push(lt(vacancies.id, q.beforeId));
  return where;
}

// search_text is stored lower-cased (vacancy-mapping.ts), so LIKE on the lower-cased text is the
// case-insensitive substring match, and the trigram index (vacancies_search_trgm_idx) serves it.
const textMatches = (text: string) => like(vacancies.searchText, `%${escapeLike(text.toLowerCase())}%`);

export const vacancyRepo = {
  async insert(db: Db, row: VacancyInsert): Promise<VacancyRow> {
    const [created] = await db.insert(vacancies).values(row).returning();
    return created!;
  },
  async findById(db: Db, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}) {
    const query = db
      .select()
      .from(vacancies)
      .where(and(eq(vacancies.workspaceId, workspaceId), eq(vacancies.id, id)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row;
  },
  async findByExternalId(db: Db, workspaceId: string, externalId: string) {
    const [row] = await db
      .select()
      .from(vacancies)
      .where(and(eq(vacancies.workspaceId, workspaceId), eq(vacancies.externalId, externalId)));
    return row;
  },
  async update(db: Db, workspaceId: string, id: string, patch: Partial<VacancyInsert>) {
    const [row] = await db
      .update(vacancies)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(vacancies.workspaceId, workspaceId), eq(vacancies.id, id)))
      .returning();
    return row;
  },
  async delete(db: Db, workspaceId: string, id: string): Promise<boolean> {
    const rows = await db
      .delete(vacancies)
      .where(and(eq(vacancies.workspaceId, workspaceId), eq(vacancies.id, id)))
      .returning({ id: vacancies.id });
    return rows.length > 0;
  },
  /**
   * A page of vacancies, newest first. A text search looks at the newest few vacancies
   * (under the other filters) first, and asks the trigram index only for what that window could not
   * fill. The index hands over every match, each re-checked against its text (trigrams only narrow
   * the candidates), and a word in thousands of vacancies would cost thousands of checks for one
   * page. PostgreSQL cannot choose the newest-first scan itself: it keeps no statistics on values
   * over 1 kB (descriptions are longer), so it takes every word for a rare one. Both steps return
   * ids only; the page's rows are read once at the end. BENCHMARKS.md ("Text search") has figures.
   */
  async list(db: Db, q: VacancyListQuery): Promise<VacancyRow[]> {
    if (q.text === undefined) return vacancyRepo.listQuery(db, q);
    const text = q.text;
    const newest = await vacancyRepo.searchWindowQuery(db, { ...q, text });
    const ids = newest.filter((r) => r.hit).map((r) => r.id).slice(0, q.limit);
    // A full window may have older vacancies behind it; a short one was all there was to search.
    if (ids.length < q.limit && newest.length === searchWindow(q.limit)) {
      const older = await vacancyRepo.listIdsQuery(db, { ...q, text, beforeId: newest[newest.length - 1]!.id, limit: q.limit - ids.length });
      ids.push(...older.map((r) => r.id));
    }
    if (ids.length === 0) return [];
    return db.select().from(vacancies).where(and(eq(vacancies.workspaceId, q.workspaceId), inArray(vacancies.id, ids))).orderBy(desc(vacancies.id));
  },
  /** The list's query without the window: what the API runs when there is no text. */
  listQuery(db: Db, q: VacancyListQuery) {
    return db.select().from(vacancies).where(and(...conditions(q))).orderBy(desc(vacancies.id)).limit(q.limit);
  },
  /** The newest vacancies' ids (five per row of the page), each with whether its text matches. */
  searchWindowQuery(db: Db, q: VacancyListQuery & { text: string }) {
    return db
      // strpos, not LIKE: the same test (is the text a piece of search_text), and several times cheaper
      // than LIKE's matcher on long texts; nothing needs the index here.
      .select({ id: vacancies.id, hit: sql<boolean>`strpos(${vacancies.searchText}, ${q.text.toLowerCase()}) > 0` })
      .from(vacancies)
      .where(and(...conditions(q)))
      .orderBy(desc(vacancies.id))
      .limit(searchWindow(q.limit));
  },
  /** Matching ids through the trigram index, newest first. Tests and bench/search.ts EXPLAIN it. */
  listIdsQuery(db: Db, q: VacancyListQuery & { text: string }) {
    return db
      .select({ id: vacancies.id })
      .from(vacancies)
      .where(and(...conditions(q), textMatches(q.text)))
      .orderBy(desc(vacancies.id))
      .limit(q.limit);
  },
};
