// A vacancy's responses day by day, for a chart: every day from its first post to today (or to its
// last response), days in the recruiter's time zone, empty days included as zeros.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database.js';

export interface DayCounts {
  day: string;
  previews: number;
  clicks: number;
  uniqueClicks: number;
  closedClicks: number;
  applications: number;
}

// A series longer than this starts this many days before its end: a chart of years is not a daily one.
export const MAX_SERIES_DAYS = 366;

export async function dailySeries(db: Db, workspaceId: string, vacancyId: string, timeZone: string, now = new Date()): Promise<DayCounts[]> {
  const rows = rowsOf<{ day: string; previews: number; clicks: number; unique_clicks: number; closed: number; applications: number }>(
    await db.execute(sql`
      with bounds as (
        select (min(p.created_at) at time zone ${timeZone})::date as first,
               greatest((${now.toISOString()}::timestamptz at time zone ${timeZone})::date,
                        (select (max(h.at) at time zone ${timeZone})::date from link_hits h where h.workspace_id = ${workspaceId} and h.vacancy_id = ${vacancyId}),
                        (select (max(a.applied_at) at time zone ${timeZone})::date from applications a where a.workspace_id = ${workspaceId} and a.vacancy_id = ${vacancyId})) as last
          from posts p where p.workspace_id = ${workspaceId} and p.vacancy_id = ${vacancyId}
      ),
      days as (
        select d::date as day from bounds, generate_series(greatest(bounds.first, bounds.last - ${MAX_SERIES_DAYS - 1}::int), bounds.last, interval '1 day') as d
         where bounds.first is not null
      ),
      hits as (
        select (h.at at time zone ${timeZone})::date as day,
               count(*) filter (where h.kind = 'preview')::int as previews,
               count(*) filter (where h.kind = 'click')::int as clicks,
               count(distinct h.visitor) filter (where h.kind = 'click')::int as unique_clicks,
               count(*) filter (where h.kind = 'closed')::int as closed
          from link_hits h where h.workspace_id = ${workspaceId} and h.vacancy_id = ${vacancyId} group by 1
      ),
      apps as (
        select (a.applied_at at time zone ${timeZone})::date as day, count(*)::int as applications
          from applications a where a.workspace_id = ${workspaceId} and a.vacancy_id = ${vacancyId} group by 1
      )
      select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(hits.previews, 0) as previews, coalesce(hits.clicks, 0) as clicks,
             coalesce(hits.unique_clicks, 0) as unique_clicks, coalesce(hits.closed, 0) as closed, coalesce(apps.applications, 0) as applications
        from days left join hits on hits.day = days.day left join apps on apps.day = days.day
       order by days.day`),
  );
  return rows.map((r) => ({
    day: r.day,
    previews: Number(r.previews),
    clicks: Number(r.clicks),
    uniqueClicks: Number(r.unique_clicks),
    closedClicks: Number(r.closed),
    applications: Number(r.applications),
  }));
}
