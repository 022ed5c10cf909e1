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

// A text search's first window of newest vacancies, per row of the page (105 for the default page
// of 20 and its look-ahead row), and the match rate under which it leaves the newest-first reading
// for the trigram index. Reading finds k matches in about k / rate texts, the index checks every
// match (rate × vacancies); at 10,000 vacancies and a page of 21 they cost the same near 1 in 20.
export const SEARCH_WINDOW_PER_ROW = 5;
export const SEARCH_SWITCH_RATE = 20;

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
   * A page of vacancies, newest first. A text search has two ways to find the newest matches, and
   * the best one depends on how common the text is, which PostgreSQL cannot tell (it keeps no
   * statistics on values over 1 kB, and descriptions are longer):
   * - read the vacancies newest first and check each text: cheap while matches are frequent;
   * - ask the trigram index: it hands over every match, each checked against its text (trigrams only
   *   narrow the candidates), cheap while matches are few.
   * So it reads a window of the newest ones first (five per row of the page), doubling it while at
   * least one in SEARCH_SWITCH_RATE matched, and asks the index for the rest once matches are
   * rarer than that. Every step returns ids; the page's rows are read once at the end.
   * BENCHMARKS.md ("Text search") has the figures.
   */
  async list(db: Db, q: VacancyListQuery): Promise<VacancyRow[]> {
    if (q.text === undefined) return vacancyRepo.listQuery(db, q);
    const text = q.text;
    const ids: string[] = [];
    let beforeId = q.beforeId;
    let checked = 0;
    for (let size = q.limit * SEARCH_WINDOW_PER_ROW; ; size *= 2) {
      const window = await vacancyRepo.searchWindowQuery(db, { ...q, text, beforeId }, size);
      ids.push(...window.filter((r) => r.hit).map((r) => r.id));
      checked += window.length;
      // Full, or a short window: that was everything there was to search.
      if (ids.length >= q.limit || window.length < size) break;
      beforeId = window[window.length - 1]!.id;
      if (ids.length * SEARCH_SWITCH_RATE < checked) {
        const older = await vacancyRepo.listIdsQuery(db, { ...q, text, beforeId, limit: q.limit - ids.length });
        ids.push(...older.map((r) => r.id));
        break;
      }
    }
    if (ids.length === 0) return [];
    return db
      .select()
      .from(vacancies)
      .where(and(eq(vacancies.workspaceId, q.workspaceId), inArray(vacancies.id, ids.slice(0, q.limit))))
      .orderBy(desc(vacancies.id));
  },
  /** The list's query without the window: what the API runs when there is no text. */
  listQuery(db: Db, q: VacancyListQuery) {
    return db.select().from(vacancies).where(and(...conditions(q))).orderBy(desc(vacancies.id)).limit(q.limit);
  },
  /** The `size` newest vacancies' ids (after the cursor), each with whether its text matches. */
  searchWindowQuery(db: Db, q: VacancyListQuery & { text: string }, size: number) {
    return db
      // strpos, not LIKE: the same test (is the text a piece of search_text), and several times cheaper
      // than LIKE's matcher on long texts; nothing needs the index here.
      .select({ id: vacancies.id, hit: sql<boolean>`strpos(${vacancies.searchText}, ${q.text.toLowerCase()}) > 0` })
      .from(vacancies)
      .where(and(...conditions(q)))
      .orderBy(desc(vacancies.id))
      .limit(size);
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
