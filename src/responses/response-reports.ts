// What each group brought a vacancy (or one post): previews, clicks, unique visitors, clicks after
// closing, applications. Three statements, each aggregating in the database by group, network and
// in all at once (grouping sets), so a vacancy with a million clicks costs no more rows in Node.
// Also the groups compared across vacancies (createGroupReports).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database.js';
import { groups as groupsTable, postCounters, posts, vacancies } from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { Problem } from '../lib/problem.js';
import type { AuthContext } from '../services/api-key-service.js';
import { dailySeries } from './daily-series.js';
import { groupPerformance, type PerformanceFilter } from './group-performance.js';
import { UNTRACKED_WARNING, type TrackedLinks } from './tracked-links.js';

type Auth = Pick<AuthContext, 'workspaceId'>;

interface Counts {
  posts: number;
  views: number | null;
  previews: number;
  clicks: number;
  uniqueClicks: number;
  closedClicks: number;
  clickThrough: number | null;
  reactions: number;
  reposts: number;
  comments: number;
  applications: number;
  lastResponseAt: string | null;
}
const ZERO: Counts = {
  posts: 0, views: null, previews: 0, clicks: 0, uniqueClicks: 0, closedClicks: 0, clickThrough: null, reactions: 0, reposts: 0, comments: 0, applications: 0, lastResponseAt: null,
};

type Scope = { vacancyId: string } | { postId: string };
// One row per level: a group (group_id set), a network (network only) or the whole (neither).
type Row = { group_id: string | null; network: string | null; slug: string | null; name: string | null; n1: number; n2: number; n3: number; n4: number; last: number | null };
// What the networks told: views (null where no post's network tells them), reactions, reposts, comments.
type NetworkRow = Row & { views: number | null };

async function aggregate(db: Db, workspaceId: string, scope: Scope) {
  // posts are scoped by their own id; hits and applications by their post_id.
  const on = (alias: string, postColumn: 'id' | 'post_id'): SQL =>
    'vacancyId' in scope
      ? sql`${sql.raw(alias)}.workspace_id = ${workspaceId} and ${sql.raw(alias)}.vacancy_id = ${scope.vacancyId}`
      : sql`${sql.raw(alias)}.workspace_id = ${workspaceId} and ${sql.raw(`${alias}.${postColumn}`)} = ${scope.postId}`;
  const levels = sql`grouping sets ((x.group_id, g.network, g.slug, g.name), (g.network), ())`;
  const postRows = rowsOf<Row>(
    await db.execute(sql`select x.group_id, g.network, g.slug, g.name, count(*)::int as n1, 0 as n2, 0 as n3, 0 as n4, null::float8 as last
      from posts x join groups g on g.id = x.group_id where ${on('x', 'id')} group by ${levels}`),
  );
  // n5: the clicks on posts whose network counts views, for click-through.
  const hitRows = rowsOf<Row & { n5: number }>(
    await db.execute(sql`select x.group_id, g.network, g.slug, g.name,
        count(*) filter (where x.kind = 'preview')::int as n1,
        count(*) filter (where x.kind = 'click')::int as n2,
        count(distinct x.visitor) filter (where x.kind = 'click')::int as n3,
        count(*) filter (where x.kind = 'closed')::int as n4,
        count(*) filter (where x.kind = 'click' and c.views is not null)::int as n5,
        (extract(epoch from max(x.at)) * 1000)::float8 as last
      from link_hits x join groups g on g.id = x.group_id left join post_counters c on c.post_id = x.post_id
      where ${on('x', 'post_id')} group by ${levels}`),
  );
  const applicationRows = rowsOf<Row>(
    await db.execute(sql`select x.group_id, g.network, g.slug, g.name, count(*)::int as n1, 0 as n2, 0 as n3, 0 as n4,
        (extract(epoch from max(x.applied_at)) * 1000)::float8 as last
      from applications x join groups g on g.id = x.group_id where ${on('x', 'post_id')} group by ${levels}`),
  );
  // A post's comments are the ones delivered to us, or the count a poll read if that is more (comments
  // made before the hook was set up, or on a network that only counts them).
  const networkRows = rowsOf<NetworkRow>(
    await db.execute(sql`select x.group_id, g.network, g.slug, g.name,
        sum(c.views)::float8 as views,
        coalesce(sum(c.reactions), 0)::int as n1,
        coalesce(sum(c.reposts), 0)::int as n2,
        coalesce(sum(greatest(coalesce(c.comments, 0), coalesce(k.n, 0))), 0)::int as n3,
        0 as n4,
        (extract(epoch from max(k.last)) * 1000)::float8 as last
      from posts x join groups g on g.id = x.group_id
        left join post_counters c on c.post_id = x.id
        left join (select post_id, count(*) as n, max(at) as last from comments x
          where ${on('x', 'post_id')} and deleted_at is null group by post_id) k on k.post_id = x.id
      where ${on('x', 'id')} and (c.post_id is not null or k.post_id is not null) group by ${levels}`),
  );
  return { postRows, hitRows, applicationRows, networkRows };
}

const later = (a: string | null, b: number | null) => (b === null ? a : a === null || new Date(a).getTime() < b ? new Date(b).toISOString() : a);
const levelOf = (r: Row) => (r.group_id !== null ? `group:${r.group_id}` : r.network !== null ? `network:${r.network}` : 'all');

/** The counts of every level (group, network, all), merged from the three aggregates. */
function merge(rows: { postRows: Row[]; hitRows: Array<Row & { n5: number }>; applicationRows: Row[]; networkRows: NetworkRow[] }) {
  const out = new Map<string, Counts & { row: Row }>();
  const viewedClicks = new Map<string, number>();
  const at = (r: Row) => out.get(levelOf(r)) ?? (out.set(levelOf(r), { ...ZERO, row: r }), out.get(levelOf(r))!);
  for (const r of rows.postRows) at(r).posts = Number(r.n1);
  for (const r of rows.hitRows) {
    const c = at(r);
    Object.assign(c, { previews: Number(r.n1), clicks: Number(r.n2), uniqueClicks: Number(r.n3), closedClicks: Number(r.n4), lastResponseAt: later(c.lastResponseAt, r.last) });
    viewedClicks.set(levelOf(r), Number(r.n5));
  }
  for (const r of rows.applicationRows) {
    const c = at(r);
    c.applications = Number(r.n1);
    c.lastResponseAt = later(c.lastResponseAt, r.last);
  }
  for (const r of rows.networkRows) {
    const c = at(r);
    Object.assign(c, { views: r.views === null ? null : Number(r.views), reactions: Number(r.n1), reposts: Number(r.n2), comments: Number(r.n3) });
    c.lastResponseAt = later(c.lastResponseAt, r.last);
  }
  // Click-through only where a network counted views: the clicks on those posts per view, as a fraction
  // (a Telegram post's clicks have no views to divide by).
  for (const [level, c] of out) c.clickThrough = c.views ? Math.round(((viewedClicks.get(level) ?? 0) / c.views) * 10_000) / 10_000 : null;
  return out;
}

const countsOf = (c: (Counts & { row: Row }) | undefined): Counts => {
  if (!c) return { ...ZERO };
  const { row: _row, ...counts } = c;
  return counts;
};

export function createResponseReports(deps: { db: Db; links: TrackedLinks }) {
  const { db, links } = deps;
  const tracking = () => ({ enabled: links.enabled, ...(links.enabled ? {} : { warning: UNTRACKED_WARNING }) });

  return {
    async forVacancy(auth: Auth, vacancyId: string, options: { interval?: 'day'; timeZone?: string } = {}) {
      const [vacancy] = await db.select({ id: vacancies.id }).from(vacancies).where(and(eq(vacancies.workspaceId, auth.workspaceId), eq(vacancies.id, vacancyId)));
      if (!vacancy) throw new Problem(404, 'not-found', 'Vacancy not found');
      const levels = merge(await aggregate(db, auth.workspaceId, { vacancyId }));
      const all = [...levels.values()];
      const groups = all
        .filter((c) => c.row.group_id !== null)
        .map((c) => ({ groupId: c.row.group_id!, slug: c.row.slug!, name: c.row.name!, network: c.row.network!, ...countsOf(c) }))
        .sort((a, b) => b.applications - a.applications || b.clicks - a.clicks || a.name.localeCompare(b.name));
      const networks = all
        .filter((c) => c.row.group_id === null && c.row.network !== null)
        .map((c) => ({ network: c.row.network!, ...countsOf(c) }))
        .sort((a, b) => a.network.localeCompare(b.network));
      const series = options.interval === 'day' ? { series: await dailySeries(db, auth.workspaceId, vacancyId, options.timeZone ?? 'UTC') } : {};
      return { vacancyId, tracking: tracking(), totals: countsOf(levels.get('all')), networks, groups, ...series };
    },

    async forPost(auth: Auth, postId: string) {
      const [post] = await db
        .select({ id: posts.id, groupId: posts.groupId, network: posts.network, linkCode: posts.linkCode, applyUrl: posts.applyUrl })
        .from(posts)
        .where(and(eq(posts.workspaceId, auth.workspaceId), eq(posts.id, postId)));
      if (!post) throw new Problem(404, 'not-found', 'Post not found');
      const levels = merge(await aggregate(db, auth.workspaceId, { postId }));
      const [read] = await db.select().from(postCounters).where(eq(postCounters.postId, postId));
      const counters = read
        ? { views: read.views, reactions: read.reactions, reposts: read.reposts, comments: read.comments, readAt: read.readAt?.toISOString() ?? null, note: read.pollNote }
        : null;
      return { postId, groupId: post.groupId, network: post.network, trackedLink: post.linkCode ? post.applyUrl : null, ...countsOf(levels.get('all')), counters };
    },
  };
}

export type ResponseReports = ReturnType<typeof createResponseReports>;

type ReportQuery = { network?: string; tag?: string; from?: string; to?: string };
const filterOf = (q: ReportQuery): PerformanceFilter => ({
  ...(q.network ? { network: q.network } : {}),
  ...(q.tag ? { tag: q.tag } : {}),
  ...(q.from ? { from: new Date(q.from) } : {}),
  ...(q.to ? { to: new Date(q.to) } : {}),
});

/** Groups across vacancies: one entry per group with posts in the filter, best first, paged. */
export function createGroupReports(deps: { db: Db }) {
  const { db } = deps;
  return {
    async list(auth: Auth, query: ReportQuery & { cursor?: string; limit: number }) {
      // The order is computed (applications and clicks per post), so the cursor is a position in it.
      const offset = query.cursor ? Number(decodeCursor(query.cursor, /^o:\d{1,6}$/).slice(2)) : 0;
      const all = await groupPerformance(db, auth.workspaceId, filterOf(query));
      const items = all.slice(offset, offset + query.limit);
      const next = offset + items.length;
      return { items, nextCursor: next < all.length ? encodeCursor(`o:${next}`) : null };
    },

    async forGroup(auth: Auth, groupId: string, query: ReportQuery) {
      const [group] = await db
        .select({ id: groupsTable.id, slug: groupsTable.slug, name: groupsTable.name, network: groupsTable.network })
        .from(groupsTable)
        .where(and(eq(groupsTable.workspaceId, auth.workspaceId), eq(groupsTable.id, groupId)));
      if (!group) throw new Problem(404, 'not-found', 'Group not found');
      const filter = { ...filterOf(query), groupId };
      const [total] = await groupPerformance(db, auth.workspaceId, filter);
      const vacancies = (await groupPerformance(db, auth.workspaceId, filter, { byVacancy: true })).map(
        ({ groupId: _g, slug: _s, name: _n, network: _w, ...perVacancy }) => perVacancy as typeof perVacancy & { vacancyId: string; title: string },
      );
      const none = { posts: 0, previews: 0, clicks: 0, uniqueClicks: 0, applications: 0, clicksPerPost: 0, applicationsPerPost: 0, lastResponseAt: null };
      return { groupId: group.id, slug: group.slug, name: group.name, network: group.network, ...(total ? stripNames(total) : none), vacancies };
    },
  };
}

const stripNames = ({ groupId: _g, slug: _s, name: _n, network: _w, ...counts }: Awaited<ReturnType<typeof groupPerformance>>[number]) => counts;

export type GroupReports = ReturnType<typeof createGroupReports>;
