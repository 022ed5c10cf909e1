// How each group has done across vacancies: the posts that went out to it, and the clicks, unique
// visitors and applications they brought, per post. Filters: network, a vacancy's tag (a profession),
// and the period the posts went out in. For a recruiter deciding which groups to keep posting to.
// Hits are read from each post's totals (post_hit_totals), one row per post however many clicks:
// a group's unique visitors are its posts' (a person clicking two of its posts counts twice).
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database.js';

export interface PerformanceFilter {
  network?: string;
  tag?: string;
  /** Posts that went out at or after this instant… */
  from?: Date;
  /** …and before this one. */
  to?: Date;
  groupId?: string;
}

export interface GroupPerformance {
  groupId: string;
  slug: string;
  name: string;
  network: string;
  posts: number;
  previews: number;
  clicks: number;
  uniqueClicks: number;
  applications: number;
  clicksPerPost: number;
  applicationsPerPost: number;
  lastResponseAt: string | null;
}

type Row = {
  group_id: string;
  slug: string;
  name: string;
  network: string;
  vacancy_id: string | null;
  title: string | null;
  posts: number;
  previews: number;
  clicks: number;
  unique_clicks: number;
  applications: number;
  last: number | null;
};

/** Per group (and, with `byVacancy`, per group and vacancy): best first, by applications then clicks per post. */
export async function groupPerformance(db: Db, workspaceId: string, filter: PerformanceFilter, options: { byVacancy?: boolean } = {}) {
  const conditions: SQL[] = [sql`x.workspace_id = ${workspaceId}`, sql`x.published_at is not null`];
  if (filter.network) conditions.push(sql`x.network = ${filter.network}`);
  if (filter.tag) conditions.push(sql`v.tags @> array[${filter.tag.toLowerCase()}]::text[]`);
  if (filter.from) conditions.push(sql`x.published_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`x.published_at < ${filter.to.toISOString()}::timestamptz`);
  if (filter.groupId) conditions.push(sql`x.group_id = ${filter.groupId}`);
  const by = options.byVacancy ? sql`p.group_id, p.vacancy_id` : sql`p.group_id`;
  const vacancyColumns = options.byVacancy ? sql`, s.vacancy_id, (select title from vacancies where id = s.vacancy_id) as title` : sql`, null::uuid as vacancy_id, null::text as title`;
  const joinOn = (alias: string) => (options.byVacancy ? sql`${sql.raw(alias)}.group_id = s.group_id and ${sql.raw(alias)}.vacancy_id = s.vacancy_id` : sql`${sql.raw(alias)}.group_id = s.group_id`);
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with p as (
        select x.id, x.group_id, x.vacancy_id from posts x join vacancies v on v.id = x.vacancy_id where ${sql.join(conditions, sql` and `)}
      ),
      s as (select ${by}, count(*)::int as posts from p group by ${by}),
      h as (
        select ${by}, sum(t.previews)::int as previews, sum(t.clicks)::int as clicks, sum(t.unique_clicks)::int as unique_clicks, max(t.last_at) as last
          from post_hit_totals t join p on p.id = t.post_id group by ${by}
      ),
      a as (select ${by}, count(*)::int as applications, max(a.applied_at) as last from applications a join p on p.id = a.post_id group by ${by})
      select s.group_id, g.slug, g.name, g.network ${vacancyColumns}, s.posts,
             coalesce(h.previews, 0) as previews, coalesce(h.clicks, 0) as clicks, coalesce(h.unique_clicks, 0) as unique_clicks,
             coalesce(a.applications, 0) as applications,
             (extract(epoch from greatest(h.last, a.last)) * 1000)::float8 as last
        from s join groups g on g.id = s.group_id
        left join h on ${joinOn('h')} left join a on ${joinOn('a')}`),
  );
  const perPost = (n: number, posts: number) => Math.round((n / posts) * 100) / 100;
  return rows
    .map((r) => ({
      groupId: r.group_id,
      slug: r.slug,
      name: r.name,
      network: r.network,
      ...(options.byVacancy ? { vacancyId: r.vacancy_id!, title: r.title ?? '' } : {}),
      posts: Number(r.posts),
      previews: Number(r.previews),
      clicks: Number(r.clicks),
      uniqueClicks: Number(r.unique_clicks),
      applications: Number(r.applications),
      clicksPerPost: perPost(Number(r.clicks), Number(r.posts)),
      applicationsPerPost: perPost(Number(r.applications), Number(r.posts)),
      lastResponseAt: r.last === null ? null : new Date(Number(r.last)).toISOString(),
    }))
    .sort((x, y) => y.applicationsPerPost - x.applicationsPerPost || y.clicksPerPost - x.clicksPerPost || x.slug.localeCompare(y.slug));
}

/** Each group's results across the workspace's vacancies, as the targeting plan shows them. */
export function pastResultsOf(db: Db) {
  return async (auth: { workspaceId: string }) =>
    new Map(
      (await groupPerformance(db, auth.workspaceId, {})).map((g) => [
        g.groupId,
        { posts: g.posts, clicksPerPost: g.clicksPerPost, applicationsPerPost: g.applicationsPerPost },
      ]),
    );
}
