// `DATABASE_URL=postgres://…/postgres npx tsx bench/reports.ts [--posts 10000] [--hits 1000000] [--applications 20000] [--rounds 30]`
// measures the responses reports (issue 10: "the reports' latency with 10,000 posts and 1,000,000
// click rows on a PostgreSQL server"): GET /v1/vacancies/{id}/responses (with and without the daily
// series), GET /v1/posts/{id}/responses, GET /v1/reports/groups (all, and by tag and period) and
// GET /v1/groups/{id}/performance, timed through the real app (buildApp, app.inject with the admin
// key, workers off) on a fresh database on the server, created for the run and dropped afterwards.
//
// The workspace, its groups and vacancies are made through the API, as a client would make them.
// The bulk rows (campaigns, posts, link_hits, applications) are written by SQL: a million clicks
// through HTTP would take the benchmark far longer than what it measures, and what is measured here is
// reading them. They are made the way the service stores them (link_hits carries the post's
// workspace, vacancy and group; visitors are 22-character hashes, null for previews), spread with a
// fixed seed so each run makes the same distribution: a few vacancies and groups with many posts, most
// with a few; hits skewed towards some posts; ~85% clicks, ~14% previews, ~1% closed.
//
// Each endpoint is called 3 times to warm up, then --rounds times; the endpoints take turns, round
// after round, so a change in the machine's load falls on all of them alike. Every answer must be a
// 200 with the counts the rows say (computed separately by SQL): a wrong figure fails the run (exit 1).
// Then EXPLAIN (ANALYZE, BUFFERS) of the SQL the reports run (the same shape, copied from
// src/responses/*.ts) shows where the time goes and which link_hits indexes are used (the group
// reports read post_hit_totals, one row per post, since 0009).
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freshDatabase, type FreshDatabase } from './fresh-database.js';
import { describeMachine, machineLines } from './machine.js';
import { startBenchApp, type BenchApp } from './setup.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    hits: { type: 'string', default: '1000000' },
    applications: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '30' },
    vacancies: { type: 'string', default: '200' },
    groups: { type: 'string', default: '30' },
  },
});
const POSTS = Number(values.posts);
const HITS = Number(values.hits);
const APPLICATIONS = Number(values.applications);
const ROUNDS = Number(values.rounds);
const VACANCIES = Number(values.vacancies);
const GROUPS = Number(values.groups);
for (const [name, v] of Object.entries({ posts: POSTS, hits: HITS, applications: APPLICATIONS, rounds: ROUNDS, vacancies: VACANCIES, groups: GROUPS })) {
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`--${name} must be a positive integer\n`);
    process.exit(2);
  }
}
const WARMUP = 3;
const HIT_CHUNK = 250_000;
const DAYS = 60;
const DISTINCT_VISITORS = 300_000;
const PUBLIC_BASE_URL = 'https://jobs.example.org';
const TIME_ZONE = 'Europe/Moscow';
const NETWORKS = ['telegram', 'vk', 'facebook', 'linkedin'] as const;
const PROFESSIONS = ['marketing', 'sales', 'design', 'development', 'analytics', 'support'];
const INDEXES = ['link_hits_vacancy_idx', 'link_hits_group_idx', 'link_hits_post_idx'];

const serverUrl = process.env.DATABASE_URL;
const log = (line: string) => process.stderr.write(`${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const redacted = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = '…';
  return u.toString();
};
const commandLine = `DATABASE_URL=${serverUrl ? redacted(serverUrl) : ''} npx tsx bench/reports.ts ${process.argv.slice(2).join(' ')}`.trim();

// ---- the workspace, through the API -----------------------------------------------------------

async function furnish(b: BenchApp) {
  const groupIds: string[] = [];
  for (let i = 0; i < GROUPS; i++) {
    const network = NETWORKS[i % NETWORKS.length]!;
    // Assisted groups (a person pastes the post) need no account; only their posts matter here.
    const address = {
      telegram: `@bench_jobs_${i}`,
      vk: String(700000 + i),
      facebook: `https://www.facebook.com/groups/g${i}`,
      linkedin: `https://www.linkedin.com/groups/${9000 + i}`,
    }[network];
    const g = await b.json<{ id: string }>('POST', '/v1/groups', { network, name: `Bench ${network} ${i}`, kind: 'group', mode: 'assisted', address });
    groupIds.push(g.id);
  }
  const vacancyIds: string[] = [];
  for (let i = 0; i < VACANCIES; i++) {
    // One or two professions each: "marketing" in every third vacancy (and as the second of some).
    const professions = [...new Set([PROFESSIONS[i % PROFESSIONS.length]!, ...(i % 4 === 1 ? ['marketing'] : [])])];
    const v = await b.json<{ id: string }>('POST', '/v1/vacancies', {
      title: `Bench vacancy ${i + 1}`,
      description: 'A vacancy made by the reports benchmark.',
      hiringOrganization: { name: 'Bench Ltd' },
      applyUrl: `https://example.org/jobs/${i + 1}`,
      audience: { professions },
    });
    vacancyIds.push(v.id);
  }
  return { groupIds, vacancyIds };
}

// ---- the bulk rows, by SQL --------------------------------------------------------------------

async function timed(label: string, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function fillBulk(c: pg.Client, workspaceId: string, vacancyIds: string[], groupIds: string[]) {
  // Session-local: the seed makes random() the same sequence on every run.
  await c.query('select setseed(0.42)');
  await c.query('create temp table bench_vacancies (i int primary key, id uuid not null)');
  await c.query('insert into bench_vacancies select (o - 1)::int, id from unnest($1::uuid[]) with ordinality as t(id, o)', [vacancyIds]);
  await c.query('create temp table bench_groups (i int primary key, id uuid not null)');
  await c.query('insert into bench_groups select (o - 1)::int, id from unnest($1::uuid[]) with ordinality as t(id, o)', [groupIds]);

  await timed(`campaigns (${vacancyIds.length}, one per vacancy)`, () =>
    c.query(
      `insert into campaigns (id, workspace_id, vacancy_id, status, timing, targets, group_ids, created_at, updated_at, ended_at)
       select gen_random_uuid(), $1, v.id, 'completed', '{"type":"now"}'::jsonb, jsonb_build_object('groupIds', to_jsonb($2::uuid[])), $2::uuid[],
              now() - interval '${DAYS + 1} days', now() - interval '${DAYS + 1} days', now() - interval '${DAYS + 1} days'
         from bench_vacancies v`,
      [workspaceId, groupIds],
    ),
  );

  // Which vacancy and group each post belongs to, and when it went out: skewed (power of a uniform
  // random), so vacancy 0 and group 0 have the most posts and most have a few.
  await c.query(`create temp table bench_posts (k int primary key, id uuid not null, vi int not null, gi int not null, published_at timestamptz not null, code text not null)`);
  await c.query(
    `insert into bench_posts
     select n - 1, gen_random_uuid(), floor($2 * power(random(), 1.6))::int, floor($3 * power(random(), 1.3))::int,
            now() - random() * interval '${DAYS} days', substr(md5('bench-link-' || n), 1, 12)
       from generate_series(1, $1::int) as n`,
    [POSTS, vacancyIds.length, groupIds.length],
  );
  await timed(`posts (${POSTS})`, () =>
    c.query(
      `insert into posts (id, workspace_id, campaign_id, vacancy_id, group_id, network, mode, occurrence, status, due_at, attempt,
                          address, text, apply_url, link_code, published_at, created_at, updated_at)
       select b.id, $1, cp.id, v.id, g.id, g.network, g.mode,
              -- a campaign posts to a group once per occurrence: number a vacancy's posts to one group 1, 2, …
              row_number() over (partition by b.vi, b.gi order by b.published_at, b.k)::int,
              'published', b.published_at, 1, g.address, 'A bench post', '${PUBLIC_BASE_URL}/r/' || b.code, b.code,
              b.published_at, b.published_at - interval '5 minutes', b.published_at
         from bench_posts b
         join bench_vacancies v on v.i = b.vi
         join campaigns cp on cp.vacancy_id = v.id
         join bench_groups bg on bg.i = b.gi
         join groups g on g.id = bg.id`,
      [workspaceId],
    ),
  );

  // Hits: a post picked with a skew (some posts draw many), at a moment after it went out (most soon
  // after), a kind (85% click, 14% preview, 1% closed), and for people a visitor hash among 300k.
  for (let from = 1; from <= HITS; from += HIT_CHUNK) {
    const to = Math.min(HITS, from + HIT_CHUNK - 1);
    await timed(`link_hits ${from}–${to}`, () =>
      c.query(
        `insert into link_hits (post_id, workspace_id, vacancy_id, group_id, at, kind, visitor)
         select p.id, p.workspace_id, p.vacancy_id, p.group_id,
                p.published_at + (now() - p.published_at) * power(s.r_at, 3),
                case when s.r_kind < 0.85 then 'click' when s.r_kind < 0.99 then 'preview' else 'closed' end,
                case when s.r_kind < 0.85 or s.r_kind >= 0.99 then substr(md5('visitor-' || s.who), 1, 22) end
           from (select floor($3 * power(random(), 1.3))::int as k, random() as r_at, random() as r_kind,
                        floor(random() * ${DISTINCT_VISITORS})::int as who
                   from generate_series($1::int, $2::int)) s
           join bench_posts b on b.k = s.k
           join posts p on p.id = b.id`,
        [from, to, POSTS],
      ),
    );
  }

  // The service keeps each post's totals as it writes hits; written here by SQL, they are counted the
  // way migration 0009 counts hits written before the totals existed.
  await timed('post_click_visitors', () =>
    c.query(`insert into post_click_visitors (post_id, visitor) select distinct post_id, visitor from link_hits where kind = 'click' and visitor is not null`),
  );
  await timed('post_hit_totals', () =>
    c.query(
      `insert into post_hit_totals (post_id, workspace_id, vacancy_id, group_id, previews, clicks, unique_clicks, closed, last_at)
       select post_id, workspace_id, vacancy_id, group_id, count(*) filter (where kind = 'preview'), count(*) filter (where kind = 'click'),
              count(distinct visitor) filter (where kind = 'click'), count(*) filter (where kind = 'closed'), max(at)
         from link_hits group by post_id, workspace_id, vacancy_id, group_id`,
    ),
  );

  await timed(`applications (${APPLICATIONS})`, () =>
    c.query(
      `insert into applications (id, workspace_id, external_id, post_id, vacancy_id, group_id, campaign_id, candidate, applied_at, via, created_at)
       select gen_random_uuid(), p.workspace_id, 'bench-' || s.n, p.id, p.vacancy_id, p.group_id, p.campaign_id, null,
              p.published_at + (now() - p.published_at) * power(s.r, 2), 'link_code', now()
         from (select n, floor($2 * power(random(), 1.3))::int as k, random() as r from generate_series(1, $1::int) as n) s
         join bench_posts b on b.k = s.k
         join posts p on p.id = b.id`,
      [APPLICATIONS, POSTS],
    ),
  );
  await timed('analyze', () => c.query('analyze'));
}

// ---- what the answers must say, by SQL --------------------------------------------------------

// uniqueClicks: different visitors over all the posts (the vacancy report); postUniqueClicks: the sum of
// each post's (the group reports, read from post_hit_totals).
interface Expected { posts: number; previews: number; clicks: number; uniqueClicks: number; postUniqueClicks: number; closedClicks: number; applications: number; hits: number }

/** The counts of the posts matching `where` (over posts p join vacancies v), straight from the rows. */
async function expected(c: pg.Client, where: string, params: unknown[]): Promise<Expected> {
  const { rows } = await c.query(
    `with p as (select p.id from posts p join vacancies v on v.id = p.vacancy_id where ${where})
     select (select count(*) from p)::int as posts,
            count(*) filter (where h.kind = 'preview')::int as previews,
            count(*) filter (where h.kind = 'click')::int as clicks,
            count(distinct h.visitor) filter (where h.kind = 'click')::int as unique_clicks,
            count(*) filter (where h.kind = 'closed')::int as closed,
            count(h.id)::int as hits,
            (select count(*) from applications a where a.post_id in (select id from p))::int as applications,
            (select coalesce(sum(n), 0) from (select count(distinct visitor) as n from link_hits
               where kind = 'click' and post_id in (select id from p) group by post_id) q)::int as post_unique_clicks
       from p left join link_hits h on h.post_id = p.id`,
    params,
  );
  const r = rows[0]!;
  return {
    posts: r.posts, previews: r.previews, clicks: r.clicks, uniqueClicks: r.unique_clicks, postUniqueClicks: r.post_unique_clicks, closedClicks: r.closed,
    applications: r.applications, hits: r.hits,
  };
}

const failures: string[] = [];
function check(what: string, actual: unknown, want: unknown) {
  if (actual !== want) failures.push(`${what}: the API said ${JSON.stringify(actual)}, the rows say ${JSON.stringify(want)}`);
}
const sum = (xs: Array<Record<string, unknown>>, key: string) => xs.reduce((n, x) => n + Number(x[key]), 0);

// ---- the SQL the reports run, for EXPLAIN (copied from src/responses/*.ts) ----------------------

// response-reports.ts aggregate(): the hits statement, vacancy scope.
const VACANCY_HITS_SQL = `select x.group_id, g.network, g.slug, g.name,
    count(*) filter (where x.kind = 'preview')::int as n1,
    count(*) filter (where x.kind = 'click')::int as n2,
    count(distinct x.visitor) filter (where x.kind = 'click')::int as n3,
    count(*) filter (where x.kind = 'closed')::int as n4,
    (extract(epoch from max(x.at)) * 1000)::float8 as last
  from link_hits x join groups g on g.id = x.group_id where x.workspace_id = $1 and x.vacancy_id = $2
  group by grouping sets ((x.group_id, g.network, g.slug, g.name), (g.network), ())`;

// response-reports.ts aggregate(): the hits statement, post scope.
const POST_HITS_SQL = VACANCY_HITS_SQL.replace('x.vacancy_id = $2', 'x.post_id = $2');

// daily-series.ts: the hits part of the series.
const SERIES_HITS_SQL = `select (h.at at time zone $3)::date as day,
    count(*) filter (where h.kind = 'preview')::int as previews,
    count(*) filter (where h.kind = 'click')::int as clicks,
    count(distinct h.visitor) filter (where h.kind = 'click')::int as unique_clicks,
    count(*) filter (where h.kind = 'closed')::int as closed
  from link_hits h where h.workspace_id = $1 and h.vacancy_id = $2 group by 1`;

// group-performance.ts groupPerformance(): the one statement, with its filters.
function groupPerformanceSql(filter: { tag?: string; from?: string; groupId?: string }, byVacancy = false) {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const conditions = ['x.workspace_id = WS', 'x.published_at is not null'];
  if (filter.tag) conditions.push(`v.tags @> array[${p(filter.tag)}]::text[]`);
  if (filter.from) conditions.push(`x.published_at >= ${p(filter.from)}::timestamptz`);
  if (filter.groupId) conditions.push(`x.group_id = ${p(filter.groupId)}`);
  const by = byVacancy ? 'p.group_id, p.vacancy_id' : 'p.group_id';
  const vacancyColumns = byVacancy ? ', s.vacancy_id, (select title from vacancies where id = s.vacancy_id) as title' : ', null::uuid as vacancy_id, null::text as title';
  const joinOn = (alias: string) => (byVacancy ? `${alias}.group_id = s.group_id and ${alias}.vacancy_id = s.vacancy_id` : `${alias}.group_id = s.group_id`);
  const text = `
    with p as (
      select x.id, x.group_id, x.vacancy_id from posts x join vacancies v on v.id = x.vacancy_id where ${conditions.join(' and ')}
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
      left join h on ${joinOn('h')} left join a on ${joinOn('a')}`;
  // The workspace is the last parameter, so the filters keep their numbers.
  return (workspaceId: string) => ({ text: text.replace('WS', `$${params.length + 1}`), params: [...params, workspaceId] });
}

async function explain(c: pg.Client, label: string, text: string, params: unknown[]): Promise<string[]> {
  const { rows } = await c.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, params);
  const plan = rows.map((r) => r['QUERY PLAN']);
  const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  const planning = plan.find((l) => l.startsWith('Planning Time'))?.replace('Planning Time: ', '') ?? '?';
  const buffers = plan.find((l) => l.trim().startsWith('Buffers:'))?.trim() ?? '';
  // JIT compilation, when the planner's cost estimate crosses jit_above_cost: part of the execution time.
  const jit = plan.find((l) => /^\s*Timing: /.test(l))?.trim();
  const used = INDEXES.map((ix) => `${ix} ${plan.some((l) => l.includes(` ${ix}`)) ? 'USED' : 'not used'}`);
  // How link_hits is read, and any sort or hash that spilled to disk.
  const access = plan
    .filter((l) => /on link_hits\b|link_hits_\w+_idx|Disk:|external/.test(l))
    .map((l) => l.replace(/\s*\(cost=[^)]*\)/, '').trim());
  return [
    `${label}: execution ${time} (planning ${planning}); top node ${buffers}`,
    `    ${used.join(', ')}`,
    ...(jit ? [`    JIT ${jit}`] : []),
    ...access.map((l) => `    ${l}`),
  ];
}

// ---- the run ----------------------------------------------------------------------------------

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => x.toFixed(1).padStart(8);

async function main() {
  if (!serverUrl) {
    process.stderr.write(
      'bench/reports.ts needs DATABASE_URL: issue 10 asks for the reports\' latency on a PostgreSQL server (a million link_hits rows),\n' +
        'not on embedded PGlite. Example: DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx bench/reports.ts\n',
    );
    process.exit(2);
  }
  const startLoad = load();
  const machine = await describeMachine(serverUrl);
  out(`# Responses reports at scale (issue 10)`);
  out(machineLines(machine).join('\n'));
  out(`Load:     ${startLoad} (1, 5, 15 min, at start)`);
  out(`Scale:    ${VACANCIES} vacancies × ${GROUPS} groups, ${POSTS} posts, ${HITS} link_hits rows, ${APPLICATIONS} applications; ${WARMUP} warm-up calls, then ${ROUNDS} rounds`);
  out();

  const setupStart = performance.now();
  let fresh: FreshDatabase | undefined;
  let b: BenchApp | undefined;
  let bulk: pg.Client | undefined;
  const cleanUp = async () => {
    await bulk?.end().catch(() => {});
    if (b) await b.app.close().catch(() => {});
    else await fresh?.database.close().catch(() => {});
    await fresh?.dispose();
  };
  process.once('SIGINT', () => {
    log('interrupted: dropping the benchmark database');
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    fresh = await freshDatabase('reports', serverUrl);
    // Workers off: nothing here publishes, and the reports are read by the API alone. The network
    // URLs are never called (assisted groups, no workers).
    const nowhere = 'http://127.0.0.1:9';
    b = await startBenchApp(fresh, { urls: { telegram: nowhere, vk: nowhere, facebook: nowhere, linkedin: nowhere, ok: nowhere } }, {
      rateLimits: '',
      workers: false,
      env: { PUBLIC_BASE_URL },
    });
    const app = b;
    log(`setup: ${GROUPS} groups and ${VACANCIES} vacancies through the API…`);
    const t0 = performance.now();
    const { groupIds, vacancyIds } = await furnish(app);
    const apiMs = performance.now() - t0;

    bulk = new pg.Client({ connectionString: fresh.url });
    await bulk.connect();
    const c = bulk;
    const [{ id: workspaceId }] = (await c.query<{ id: string }>('select id from workspaces')).rows as [{ id: string }];
    log('setup: bulk rows by SQL…');
    const t1 = performance.now();
    await fillBulk(c, workspaceId, vacancyIds, groupIds);
    const sqlMs = performance.now() - t1;
    const setupMs = performance.now() - setupStart;

    // The subjects: the vacancy with the most posts, a typical one (the median hits among vacancies
    // with posts), the post with the most hits, the group with the most posts.
    const byVacancy = (
      await c.query<{ id: string; posts: number; hits: number }>(
        `select v.id, count(distinct p.id)::int as posts, count(h.id)::int as hits
           from vacancies v join posts p on p.vacancy_id = v.id left join link_hits h on h.post_id = p.id
          where v.workspace_id = $1 group by v.id order by posts desc, hits desc, v.id`,
        [workspaceId],
      )
    ).rows;
    const top = byVacancy[0]!;
    const byHits = [...byVacancy].sort((x, y) => x.hits - y.hits || x.id.localeCompare(y.id));
    const typical = byHits[Math.floor(byHits.length / 2)]!;
    const [busiestPost] = (
      await c.query<{ id: string }>(`select post_id as id from link_hits where workspace_id = $1 group by post_id order by count(*) desc, post_id limit 1`, [workspaceId])
    ).rows;
    const [busiestGroup] = (await c.query<{ id: string }>(`select group_id as id from posts where workspace_id = $1 group by group_id order by count(*) desc, group_id limit 1`, [workspaceId]))
      .rows;
    if (!busiestPost || !busiestGroup) throw new Error('the bulk fill made no posts or hits');
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();

    const exp = {
      top: await expected(c, 'p.workspace_id = $1 and p.vacancy_id = $2', [workspaceId, top.id]),
      typical: await expected(c, 'p.workspace_id = $1 and p.vacancy_id = $2', [workspaceId, typical.id]),
      post: await expected(c, 'p.workspace_id = $1 and p.id = $2', [workspaceId, busiestPost.id]),
      all: await expected(c, 'p.workspace_id = $1 and p.published_at is not null', [workspaceId]),
      tag: await expected(c, `p.workspace_id = $1 and p.published_at is not null and v.tags @> array['marketing']::text[] and p.published_at >= $2::timestamptz`, [workspaceId, from]),
      group: await expected(c, 'p.workspace_id = $1 and p.published_at is not null and p.group_id = $2', [workspaceId, busiestGroup.id]),
    };

    out(`Setup:    ${((setupMs) / 1000).toFixed(1)} s in all: ${(apiMs / 1000).toFixed(1)} s for the workspace, ${GROUPS} groups (assisted: no accounts) and ${VACANCIES} vacancies through the API;`);
    out(`          ${(sqlMs / 1000).toFixed(1)} s for the bulk rows by SQL (campaigns, posts, link_hits, applications, then ANALYZE).`);
    out(`          The bulk rows are written by SQL (insert … select … from generate_series), not through the API: a million clicks through`);
    out(`          HTTP would take the benchmark far longer than what it measures. The reports read them as they would read recorded ones.`);
    out(`Data:     top vacancy ${top.posts} posts / ${top.hits} hits; typical vacancy ${typical.posts} posts / ${typical.hits} hits;`);
    out(`          busiest post ${exp.post.hits} hits; busiest group ${exp.group.posts} posts / ${exp.group.hits} hits; marketing since ${from.slice(0, 10)}: ${exp.tag.posts} posts / ${exp.tag.hits} hits`);
    out();

    // Each endpoint, and what its answer must say.
    type Check = (body: any) => void;
    const vacancyCheck = (name: string, e: Expected, series: boolean): Check => (body) => {
      for (const k of ['posts', 'previews', 'clicks', 'uniqueClicks', 'closedClicks', 'applications'] as const) check(`${name} totals.${k}`, body.totals[k], e[k]);
      check(`${name} clicks summed over groups`, sum(body.groups, 'clicks'), e.clicks);
      check(`${name} clicks summed over networks`, sum(body.networks, 'clicks'), e.clicks);
      check(`${name} posts summed over groups`, sum(body.groups, 'posts'), e.posts);
      if (series) {
        check(`${name} series present`, Array.isArray(body.series), true);
        if (Array.isArray(body.series)) {
          check(`${name} clicks summed over the series`, sum(body.series, 'clicks'), e.clicks);
          check(`${name} previews summed over the series`, sum(body.series, 'previews'), e.previews);
          check(`${name} applications summed over the series`, sum(body.series, 'applications'), e.applications);
        }
      }
    };
    const reportCheck = (name: string, e: Expected): Check => (body) => {
      check(`${name} one page`, body.nextCursor, null);
      for (const k of ['posts', 'previews', 'clicks', 'applications'] as const) check(`${name} ${k} summed over groups`, sum(body.items, k), e[k]);
    };
    const endpoints: Array<{ label: string; url: string; hits: number; check: Check }> = [
      { label: 'vacancy responses (top vacancy)', url: `/v1/vacancies/${top.id}/responses`, hits: exp.top.hits, check: vacancyCheck('top vacancy', exp.top, false) },
      { label: 'vacancy responses (typical)', url: `/v1/vacancies/${typical.id}/responses`, hits: exp.typical.hits, check: vacancyCheck('typical vacancy', exp.typical, false) },
      {
        label: 'vacancy + daily series (top)',
        url: `/v1/vacancies/${top.id}/responses?interval=day&timeZone=${TIME_ZONE}`,
        hits: exp.top.hits,
        check: vacancyCheck('top vacancy, series', exp.top, true),
      },
      {
        label: 'vacancy + daily series (typical)',
        url: `/v1/vacancies/${typical.id}/responses?interval=day&timeZone=${TIME_ZONE}`,
        hits: exp.typical.hits,
        check: vacancyCheck('typical vacancy, series', exp.typical, true),
      },
      {
        label: 'post responses (busiest post)',
        url: `/v1/posts/${busiestPost.id}/responses`,
        hits: exp.post.hits,
        check: (body) => {
          for (const k of ['previews', 'clicks', 'uniqueClicks', 'closedClicks', 'applications'] as const) check(`busiest post ${k}`, body[k], exp.post[k]);
        },
      },
      { label: 'groups report (all)', url: '/v1/reports/groups', hits: exp.all.hits, check: reportCheck('groups report', exp.all) },
      {
        label: 'groups report (tag, last 30 days)',
        url: `/v1/reports/groups?tag=marketing&from=${encodeURIComponent(from)}`,
        hits: exp.tag.hits,
        check: reportCheck('groups report by tag and period', exp.tag),
      },
      {
        label: 'group performance (busiest group)',
        url: `/v1/groups/${busiestGroup.id}/performance`,
        hits: exp.group.hits,
        check: (body) => {
          for (const k of ['posts', 'previews', 'clicks', 'applications'] as const) check(`busiest group ${k}`, body[k], exp.group[k]);
          check('busiest group uniqueClicks (each post\'s, summed)', body.uniqueClicks, exp.group.postUniqueClicks);
          check('busiest group clicks summed over its vacancies', sum(body.vacancies, 'clicks'), exp.group.clicks);
          check('busiest group posts summed over its vacancies', sum(body.vacancies, 'posts'), exp.group.posts);
        },
      },
    ];

    // The same totals every round: only the first answer is checked in full; every one must be a 200.
    // Timed: the request through app.inject with the admin key (setup.ts's json), answer parsed.
    const times = new Map<string, number[]>(endpoints.map((e) => [e.label, []]));
    log(`measuring: ${endpoints.length} endpoints × (${WARMUP} warm-up + ${ROUNDS}) calls…`);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const e of endpoints) {
        const started = performance.now();
        let body: unknown;
        try {
          body = await app.json('GET', e.url);
        } catch (err) {
          failures.push((err as Error).message.slice(0, 400));
          continue;
        }
        const elapsed = performance.now() - started;
        if (round === 0) e.check(body);
        if (round >= WARMUP) times.get(e.label)!.push(elapsed);
      }
      if (failures.length > 0) break;
    }

    out(`Latency through the app (app.inject, admin key; ${ROUNDS} calls each after ${WARMUP} warm-up, endpoints taking turns):`);
    out();
    out(`| endpoint | hits in scope | p50 ms | p95 ms | max ms |`);
    out(`|---|--:|--:|--:|--:|`);
    for (const e of endpoints) {
      const t = times.get(e.label)!;
      if (t.length === 0) {
        out(`| ${e.label} | ${e.hits} | – | – | – |`);
        continue;
      }
      out(`| ${e.label} | ${e.hits} | ${ms(pct(t, 50)).trim()} | ${ms(pct(t, 95)).trim()} | ${ms(Math.max(...t)).trim()} |`);
    }
    out();
    for (const e of endpoints) out(`  ${e.label.padEnd(36)} GET ${e.url.replace(/[0-9a-f-]{36}/g, '{id}')}`);
    out();

    const { rows: settings } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('work_mem', 'shared_buffers', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit') order by name`,
    );
    out(`EXPLAIN (ANALYZE, BUFFERS) of the reports' SQL (the shapes in src/responses/*.ts), run directly on the same data`);
    out(`(server settings: ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')}):`);
    const plans = [
      await explain(c, 'vacancy report, hits statement (top vacancy)', VACANCY_HITS_SQL, [workspaceId, top.id]),
      await explain(c, 'vacancy report, hits statement (typical vacancy)', VACANCY_HITS_SQL, [workspaceId, typical.id]),
      await explain(c, 'daily series, hits part (top vacancy)', SERIES_HITS_SQL, [workspaceId, top.id, TIME_ZONE]),
      await explain(c, 'post report, hits statement (busiest post)', POST_HITS_SQL, [workspaceId, busiestPost.id]),
      await (async () => {
        const q = groupPerformanceSql({})(workspaceId);
        return explain(c, 'groups report (all)', q.text, q.params);
      })(),
      await (async () => {
        const q = groupPerformanceSql({ tag: 'marketing', from })(workspaceId);
        return explain(c, 'groups report (tag=marketing, from 30 days ago)', q.text, q.params);
      })(),
      await (async () => {
        const q = groupPerformanceSql({ groupId: busiestGroup.id })(workspaceId);
        return explain(c, 'group performance, total (busiest group)', q.text, q.params);
      })(),
      await (async () => {
        const q = groupPerformanceSql({ groupId: busiestGroup.id }, true)(workspaceId);
        return explain(c, 'group performance, per vacancy (busiest group)', q.text, q.params);
      })(),
    ];
    for (const lines of plans) out(lines.join('\n'));
    out();

    out(`Load:     ${load()} (1, 5, 15 min, at the end)`);
    out(`Command:  ${commandLine}`);
    if (failures.length > 0) {
      out();
      out(`FAILED: ${failures.length} wrong figure(s) or status(es):`);
      for (const f of failures.slice(0, 30)) out(`  ${f}`);
      process.exitCode = 1;
    } else {
      out(`Checks:   every answer a 200; totals, per-group, per-network and series sums equal the counts computed from the rows by SQL.`);
    }
  } finally {
    await cleanUp();
  }
}

await main();
