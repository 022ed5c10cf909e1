// `npm run bench:webhooks [-- --events 2000 --posts 100]`: outbound webhooks against their own job
// queue, all measured in one run on one engine (embedded PGlite, or fresh databases on the server
// DATABASE_URL names), since only ratios measured side by side survive a noisy machine:
//   1. raw pg-boss: N no-op jobs with the webhooks.deliver queue's worker settings (src/jobs/workers.ts);
//   2. throughput: N vacancy.created events, made by one INSERT … generate_series through the
//      vacancies trigger (as an import would make them), delivered to a receiver answering 204 at
//      once: from the INSERT's commit until the receiver holds every webhook-id; then 2 ÷ 1;
//   3. delay: posts published to the Telegram fake (real limits), each post.published event's arrival
//      minus the post's publishedAt.
// The app runs its workers as the service does (buildApp), so the dispatcher's cadence is part of 2.
// WEBHOOK_DISPATCH_MS, WEBHOOK_CONCURRENCY, JOB_BATCH_SIZE, JOB_POLL_SECONDS and WORKER_CONCURRENCY
// from the environment are used if set (bench/setup.ts's tuning() otherwise).
import { drainNoopJobs } from './noop-drain.js';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { parseEnv, type Env } from '../src/config/env.js';
import { rowsOf } from '../src/db/database.js';
import { startJobQueue } from '../src/jobs/job-queue.js';
import { QUEUE_OPTIONS } from '../src/jobs/job-types.js';
import { startFakesThread, type FakesThread } from '../test/fakes/fakes-thread.js';
import { freshDatabase, trackFreshDatabases } from './fresh-database.js';
import { describeMachine, machineLines } from './machine.js';
import { furnish, postCampaigns, settledOf, sleep, startBenchApp, statusCounts, tuning, type BenchApp } from './setup.js';
import { startWatchdog } from './watchdog.js';
import { startReceiverThread } from './webhook-receiver-server.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '2000' }, posts: { type: 'string', default: '100' } } });
const events = Number(values.events);
const TELEGRAM_CHATS = 10;
const vacancies = Math.ceil(Number(values.posts) / TELEGRAM_CHATS);
if (!Number.isInteger(events) || events < 1) throw new Error('--events must be a positive integer');
if (!Number.isInteger(vacancies) || vacancies < 1) throw new Error('--posts must be a positive integer');

// A receiver on 127.0.0.1 over plain http is refused unless both are allowed.
const WEBHOOK_ENV: Record<string, string> = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  ...(process.env.WEBHOOK_DISPATCH_MS ? { WEBHOOK_DISPATCH_MS: process.env.WEBHOOK_DISPATCH_MS } : {}),
  ...(process.env.WEBHOOK_CONCURRENCY ? { WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY } : {}),
};
const settings = parseEnv({ ...tuning(), ...WEBHOOK_ENV });
const deliverFetching = { concurrency: settings.WEBHOOK_CONCURRENCY, batchSize: settings.JOB_BATCH_SIZE };
const OPEN = sql`status in ('pending', 'queued', 'sending', 'retrying')`;

// Progress goes to stderr, so stdout is the report alone.
const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (p: ReturnType<typeof percentiles>) => `p50 ${p.p50} ms, p90 ${p.p90} ms, p99 ${p.p99} ms, max ${p.max} ms`;
const rows = (pairs: [string, string][]) => {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
};
function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) ?? NaN };
}
async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, progress?: () => string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let reported = Date.now();
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    await sleep(20);
    if (progress && Date.now() - reported >= 15_000) {
      reported = Date.now();
      log(`  ${progress()}`);
    }
  }
  return true;
}
async function numbers(b: BenchApp, query: ReturnType<typeof sql>): Promise<number[]> {
  return rowsOf<{ x: number | string }>(await b.database.db.execute(query)).map((r) => Number(r.x));
}
async function one<T>(b: BenchApp, query: ReturnType<typeof sql>): Promise<T> {
  return rowsOf<T>(await b.database.db.execute(query))[0]!;
}

/** N no-op jobs drained by pollers set up as the webhooks.deliver queue's are; the queue filled first. */
async function rawPgBoss(n: number, env: Env) {
  const fresh = await freshDatabase('webhooks_raw');
  // Supervised like the app's workers on the other side (src/app.ts), so both pay for the same upkeep.
  const queue = await startJobQueue(fresh.database, { supervise: true, superviseIntervalSeconds: env.JOB_SUPERVISE_SECONDS });
  const { boss } = queue;
  try {
    await boss.createQueue('bench.noop', QUEUE_OPTIONS['webhooks.deliver']);
    for (let i = 0; i < n; i += 500) {
      await boss.insert('bench.noop', Array.from({ length: Math.min(500, n - i) }, (_, j) => ({ data: { deliveryId: String(i + j) } })));
    }
    const { drainMs } = await drainNoopJobs(boss, 'bench.noop', n, deliverFetching, env.JOB_POLL_SECONDS);
    return { drainMs, perSecond: (n / drainMs) * 1000 };
  } finally {
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    await fresh.dispose();
  }
}

/** N vacancy.created events to one endpoint: from the commit that makes them to the last arrival. */
async function throughput(n: number, fakes: FakesThread) {
  const receiver = await startReceiverThread();
  const fresh = await freshDatabase('webhooks');
  const b = await startBenchApp(fresh, fakes, { rateLimits: '', workers: true, env: WEBHOOK_ENV });
  try {
    const endpoint = await b.json<{ secret: string }>('POST', '/v1/webhook-endpoints', { url: receiver.url });
    await receiver.verifyWith(endpoint.secret);
    const { id: workspaceId } = await one<{ id: string }>(b, sql`select id from workspaces`);
    const t0 = Date.now();
    await b.database.db.execute(sql`insert into vacancies (id, workspace_id, status, title, doc, search_text)
      select gen_random_uuid(), ${workspaceId}, 'open', 'Бариста №' || i, jsonb_build_object('title', 'Бариста №' || i), 'бариста №' || i
      from generate_series(1, ${n}) i`);
    const start = Date.now();
    log(`  ${n} events written by one INSERT in ${s(start - t0)}; delivering…`);
    const complete = await until(() => receiver.uniqueCount() >= n, 600_000, () => `t=${s(Date.now() - start)}: ${receiver.uniqueCount()}/${n} received`);
    // The receiver answers before the attempt is recorded: the log is read once every delivery settled.
    await until(async () => (await one<{ n: number }>(b, sql`select count(*)::int as n from webhook_deliveries where ${OPEN}`)).n === 0, 30_000);
    const report = await receiver.report();
    const end = complete ? Math.max(...report.arrivals.map((a) => a.at)) : Date.now();
    const eventIds = rowsOf<{ id: string }>(await b.database.db.execute(sql`select id from webhook_events`)).map((r) => r.id);
    const received = new Set(report.arrivals.map((a) => a.id));
    const statuses = rowsOf<{ status: string; n: number; attempts: number }>(
      await b.database.db.execute(sql`select status, count(*)::int as n, sum(attempts)::int as attempts from webhook_deliveries group by 1 order by 1`),
    );
    const jobs = rowsOf<{ name: string; n: number }>(
      await b.database.db.execute(sql`select name, count(*)::int as n from pgboss.job where name in ('webhooks.deliver', 'webhooks.dispatch') group by 1 order by 1`),
    );
    // When the dispatcher handed the last delivery to a job (a first attempt keeps that time).
    const handedOver = await one<{ at: Date | string }>(b, sql`select max(next_attempt_at) as at from webhook_deliveries`);
    // Against the poll interval: a batch done sooner waits for the next poll, as the raw side's does.
    const batchRun = percentiles(await numbers(b, sql`select round(extract(epoch from completed_on - started_on) * 1000) as x from pgboss.job where name = 'webhooks.deliver'`));
    const post = percentiles(await numbers(b, sql`select duration_ms as x from webhook_attempts`));
    return {
      complete,
      drainMs: end - start,
      perSecond: (report.arrivals.length / (end - start)) * 1000,
      insertMs: start - t0,
      handedOverMs: new Date(handedOver.at).getTime() - start,
      eventIds: eventIds.length,
      missing: eventIds.filter((id) => !received.has(id)).length,
      unknown: [...received].filter((id) => !eventIds.includes(id)).length,
      report,
      statuses,
      jobs,
      batchRun,
      post,
    };
  } finally {
    await b.app.close();
    await receiver.close();
    await fresh.dispose();
  }
}

/** Posts published to the Telegram fake; per post.published event, its arrival minus publishedAt. */
async function publicationDelay(fakes: FakesThread) {
  const receiver = await startReceiverThread();
  const fresh = await freshDatabase('webhooks_delay');
  const b = await startBenchApp(fresh, fakes, { rateLimits: '', workers: true, env: WEBHOOK_ENV });
  try {
    const endpoint = await b.json<{ secret: string }>('POST', '/v1/webhook-endpoints', { url: receiver.url, eventTypes: ['post.published'] });
    await receiver.verifyWith(endpoint.secret);
    const { groupIds, vacancyIds } = await furnish(b, { telegramChats: TELEGRAM_CHATS, vkGroups: 0, vacancies });
    await fakes.reset();
    const start = Date.now();
    const posts = await postCampaigns(b, vacancyIds, groupIds);
    log(`  ${posts} posts campaigned in ${s(Date.now() - start)}; publishing…`);
    let counts: Record<string, number> = {};
    const settled = async () => {
      counts = await statusCounts(b);
      return settledOf(counts) >= posts && receiver.uniqueCount() >= (counts.published ?? 0);
    };
    const complete = await until(settled, 300_000, () => `t=${s(Date.now() - start)}: ${JSON.stringify(counts)}, ${receiver.uniqueCount()} post.published received`);
    const report = await receiver.report();
    const delays = report.arrivals.filter((a) => a.publishedAt).map((a) => a.at - Date.parse(a.publishedAt!));
    // Where the delay goes: published → handed to a job by the dispatcher (a first attempt's
    // next_attempt_at is that moment) → received.
    const queuedAt = new Map(
      rowsOf<{ event_id: string; at: Date | string }>(await b.database.db.execute(sql`select event_id, next_attempt_at as at from webhook_deliveries where attempts = 1`)).map((r) => [
        r.event_id,
        new Date(r.at).getTime(),
      ]),
    );
    const split = report.arrivals.filter((a) => a.publishedAt && queuedAt.has(a.id));
    const linkStarts = await numbers(b, sql`select extract(epoch from started_on) * 1000 as x from pgboss.job
      where name = 'webhooks.dispatch' and started_on >= ${new Date(start)} order by started_on`);
    return {
      complete,
      posts,
      counts,
      wallMs: Date.now() - start,
      report,
      delay: percentiles(delays),
      toDispatch: percentiles(split.map((a) => queuedAt.get(a.id)! - Date.parse(a.publishedAt!))),
      toArrival: percentiles(split.map((a) => a.at - queuedAt.get(a.id)!)),
      linkPeriod: percentiles(linkStarts.slice(1).map((x, i) => Math.round(x - linkStarts[i]!))),
    };
  } finally {
    await b.app.close();
    await receiver.close();
    await fresh.dispose();
  }
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const startedAt = new Date();
const loadAtStart = load();
const watchdog = startWatchdog(['setup', 'raw pg-boss', 'webhook throughput', 'publication delay'] as const);
trackFreshDatabases((leftover, alive) => watchdog.track(leftover, alive));
const machine = await describeMachine();
print(['Machine', ...machineLines(machine).map((l) => `  ${l}`), '']);
print([
  'Settings',
  ...rows([
    ['engine', process.env.DATABASE_URL ? 'PostgreSQL server (DATABASE_URL), a fresh database per part' : 'embedded PGlite, a fresh data directory per part'],
    ['WEBHOOK_DISPATCH_MS', String(settings.WEBHOOK_DISPATCH_MS)],
    ['WEBHOOK_CONCURRENCY', `${settings.WEBHOOK_CONCURRENCY} (one pool fetching up to ${deliverFetching.batchSize} at a time, settled per job)`],
    ['JOB_BATCH_SIZE', String(settings.JOB_BATCH_SIZE)],
    ['JOB_POLL_SECONDS', String(settings.JOB_POLL_SECONDS)],
    ['WORKER_CONCURRENCY', `${settings.WORKER_CONCURRENCY} (the publish jobs of part 3)`],
  ]),
  '',
]);

const fakes = await startFakesThread({});
try {
  log(`\n1. raw pg-boss: ${events} no-op jobs…`);
  watchdog.phase('raw pg-boss');
  const raw = await rawPgBoss(events, settings);
  print([
    "1. Raw pg-boss baseline (the webhooks.deliver queue's worker settings, queue filled first)",
    ...rows([['drain', `${events} no-op jobs in ${s(raw.drainMs)} → ${raw.perSecond.toFixed(1)} jobs/s`]]),
    '',
  ]);

  log(`\n2. webhook throughput: ${events} events…`);
  watchdog.phase('webhook throughput');
  const t = await throughput(events, fakes);
  const r = t.report;
  print([
    '2. Delivery throughput (vacancy.created events → a receiver answering 204 at once)',
    ...rows([
      ['events written', `${t.eventIds} by one INSERT of ${events} vacancies (its trigger), in ${s(t.insertMs)} (not timed)`],
      ['delivered', `${r.arrivals.length} in ${s(t.drainMs)} → ${t.perSecond.toFixed(1)} events/s${t.complete ? '' : ' (TIMED OUT)'}`],
      ['last handed to a job', `${s(t.handedOverMs)} after the start (the dispatcher's share)`],
      ['check', `${r.arrivals.length} unique webhook-ids of ${t.eventIds} events: ${t.missing} missing, ${t.unknown} unknown, ${r.repeats} repeated (${r.requests} requests)`],
      ['signatures', `${r.verified} verified by standardwebhooks, ${r.badSignatures} bad`],
      ['deliveries', t.statuses.map((x) => `${x.status} ${x.n} (${x.attempts} attempts)`).join(', ')],
      ['jobs', t.jobs.map((j) => `${j.name} ${j.n}`).join(', ')],
      ['deliver job run', `${ms(t.batchRun)} (pg-boss started → completed: claim, POST, settle, within its batch)`],
      ['  of which the POST', ms(t.post)],
      ['events/s ÷ raw jobs/s', `${(t.perSecond / raw.perSecond).toFixed(3)} (goal ≥ 0.5)`],
    ]),
    '',
  ]);

  log(`\n3. publication delay: ${vacancies * TELEGRAM_CHATS} posts to the Telegram fake…`);
  watchdog.phase('publication delay');
  const d = await publicationDelay(fakes);
  print([
    '3. Publication → post.published delay (receiver arrival − data.post.publishedAt)',
    ...rows([
      ['posts', `${vacancies} vacancies × ${TELEGRAM_CHATS} Telegram chats = ${d.posts}; ${Object.entries(d.counts).map(([k, n]) => `${k} ${n}`).join(', ')}; all settled in ${s(d.wallMs)}${d.complete ? '' : ' (TIMED OUT)'}`],
      ['events', `${d.report.arrivals.length} post.published received, ${d.report.repeats} repeated, ${d.report.verified} signatures verified, ${d.report.badSignatures} bad`],
      ['delay', ms(d.delay)],
      ['  published → handed to a job', ms(d.toDispatch)],
      ['  handed to a job → received', ms(d.toArrival)],
      ['dispatch links started every', ms(d.linkPeriod)],
    ]),
    '',
  ]);
} finally {
  await fakes.close();
}
print([`Run: ${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min; load average (1/5/15 min) ${loadAtStart} at start, ${load()} at end`]);
