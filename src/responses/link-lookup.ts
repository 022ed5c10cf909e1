// The redirect's one read: a link code to its post, group and vacancy, by the unique index on
// posts.link_code. Answers are kept for a few seconds, so a link shared widely costs one statement
// per code per interval, not one per click; a vacancy closed meanwhile shows its closed page at most
// that much later.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { groups, posts, vacancies } from '../db/schema.js';
import type { Vacancy } from '../schemas/vacancy.js';
import { toVacancy } from '../services/vacancy-mapping.js';

export interface LinkedPost {
  post: { id: string; workspaceId: string; vacancyId: string; groupId: string; campaignId: string; network: string };
  groupSlug: string;
  vacancy: Vacancy;
}

export interface LinkLookupOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createLinkLookup(db: Db, options: LinkLookupOptions = {}) {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 20_000;
  const now = options.now ?? Date.now;
  const statement = db
    .select({
      post: { id: posts.id, workspaceId: posts.workspaceId, vacancyId: posts.vacancyId, groupId: posts.groupId, campaignId: posts.campaignId, network: posts.network },
      groupSlug: groups.slug,
      vacancy: vacancies,
    })
    .from(posts)
    .innerJoin(vacancies, eq(vacancies.id, posts.vacancyId))
    .innerJoin(groups, eq(groups.id, posts.groupId))
    .where(eq(posts.linkCode, sql.placeholder('code')))
    .prepare('link_lookup');
  const cache = new Map<string, { until: number; value: LinkedPost | null }>();

  return async function lookup(code: string): Promise<LinkedPost | null> {
    const t = now();
    const cached = cache.get(code);
    if (cached && cached.until > t) return cached.value;
    const [row] = await statement.execute({ code });
    const value = row ? { post: row.post, groupSlug: row.groupSlug, vacancy: toVacancy(row.vacancy) } : null;
    // Bounded: a flood of made-up codes empties the cache instead of growing it.
    if (cache.size >= maxEntries) cache.clear();
    cache.set(code, { until: t + ttlMs, value });
    return value;
  };
}

export type LinkLookup = ReturnType<typeof createLinkLookup>;
