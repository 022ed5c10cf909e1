import { and, arrayContains, desc, eq, like, lt, type SQL } from 'drizzle-orm';
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
  async list(db: Db, q: VacancyListQuery): Promise<VacancyRow[]> {
    return vacancyRepo.listQuery(db, q);
  },
  /** The list's query, unexecuted: tests and bench/search.ts EXPLAIN exactly what the API runs. */
  listQuery(db: Db, q: VacancyListQuery) {
    const where: SQL[] = [eq(vacancies.workspaceId, q.workspaceId)];
    if (q.status) where.push(eq(vacancies.status, q.status));
    if (q.tag) where.push(arrayContains(vacancies.tags, [q.tag]));
    // search_text is stored lower-cased (vacancy-mapping.ts), so LIKE on the lower-cased text is the
    // case-insensitive substring match, and the trigram index (vacancies_search_trgm_idx) serves it.
    if (q.text) where.push(like(vacancies.searchText, `%${escapeLike(q.text.toLowerCase())}%`));
    if (q.beforeId) where.push(lt(vacancies.id, q.beforeId));
    return db
      .select()
      .from(vacancies)
      .where(and(...where))
      .orderBy(desc(vacancies.id))
      .limit(q.limit);
  },
};
