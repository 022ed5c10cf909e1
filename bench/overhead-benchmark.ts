// Benchmark 2: what the engine costs per post on top of its job queue. Both sides drain a queue filled
// beforehand, fetched and settled the same way (the service's job pool, src/jobs/job-pool.ts, with its
// concurrency, batch size and polling), each on a fresh database of the same engine:
//   (a) raw pg-boss: N no-op jobs (and, for reference, the same drained by pg-boss's own work() with
//       batches, as the service fetched before its pools);
//   (b) the engine: N posts made through the HTTP API as campaigns, published to fakes that answer at
//       once and enforce no limit, with every rate limit cleared in the engine too (the reservation
//       tables and advisory locks are still taken: that is part of the cost measured).
// Filling the queue first keeps the API's insert time out of both rates; it is reported on its own.
import { drainNoopJobs, drainNoopJobsWithWork } from './noop-drain.js';
import { REGISTRY_SWEEP_CRON } from '../src/registry-live/verify-sweep.js';
import { RESPONSE_SUMMARY_CRON } from '../src/webhooks/response-summary.js';
import { WEBHOOK_SWEEP_CRON } from '../src/webhooks/webhooks.js';
import { POLL_SWEEP_CRON } from '../src/responses/network/counter-polling.js';
import { MAINTENANCE_CRON } from '../src/publishing/maintenance.js';
import { startJobQueue } from '../src/jobs/job-queue.js';
import { QUEUE_OPTIONS } from '../src/jobs/job-types.js';
import { startWorkers } from '../src/jobs/workers.js';
import { parseEnv } from '../src/config/env.js';
import { startFakesThread } from '../test/fakes/fakes-thread.js';
import { freshDatabase } from './fresh-database.js';
import { furnish, jobCount, lastSettledAt, postCampaigns, settledOf, sleep, startBenchApp, statusCounts, tuning, vkUsers } from './setup.js';

// Every limit cleared: the engine's own cost per post is what is measured, not the networks' pacing.
const NO_LIMITS = JSON.stringify({ telegram: { target: [], account: [] }, vk: { account: [], posts: [] } });
// 10 Telegram chats + 10 VK groups; N / 20 vacancies campaigned to all of them.
const TELEGRAM_CHATS = 10;
const VK_GROUPS = 10;
const INSERT_BATCH = 500;

export interface OverheadResult {
  jobs: number;
  concurrency: number;
  batchSize: number;
  pollSeconds: number;
  raw: { insertMs: number; drainMs: number; jobsPerSecond: number };
  /** The same no-op jobs drained by pg-boss's work() with batches (the older reference). */
  rawWork: { drainMs: number; jobsPerSecond: number };
  engine: { marginMs: number; posts: number; apiMs: number; drainMs: number; postsPerSecond: number; statuses: Record<string, number>; publishJobs: number; timedOut: boolean };
  ratio: number;
}

async function rawPgBoss(n: number, concurrency: number, batchSize: number, pollSeconds: number, how: 'pool' | 'work') {
  const fresh = await freshDatabase('raw');
  // The engine's own PgBoss construction (src/jobs/job-queue.ts), without supervision: the engine
  // side below runs unsupervised too, so neither pays for maintenance the other skips.
  const queue = await startJobQueue(fresh.database, { supervise: false });
  const { boss } = queue;
  try {
    await boss.createQueue('bench.noop', QUEUE_OPTIONS['post.publish']);
    const t0 = Date.now();
    for (let i = 0; i < n; i += INSERT_BATCH) {
      await boss.insert('bench.noop', Array.from({ length: Math.min(INSERT_BATCH, n - i) }, (_, j) => ({ data: { i: i + j } })));
    }
    const insertMs = Date.now() - t0;

    const drain = how === 'pool' ? drainNoopJobs : drainNoopJobsWithWork;
    const { drainMs } = await drain(boss, 'bench.noop', n, { concurrency, batchSize }, pollSeconds);
    return { insertMs, drainMs, jobsPerSecond: (n / drainMs) * 1000 };
  } finally {
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    await fresh.dispose();
  }
}

async function engine(n: number, log: (line: string) => void) {
  const fakes = await startFakesThread({ limits: false, vk: { users: vkUsers(VK_GROUPS) } });
  const fresh = await freshDatabase('engine');
  // Workers off while the campaigns are created; started below exactly as buildApp starts them.
  const b = await startBenchApp(fresh, fakes, { rateLimits: NO_LIMITS, workers: false });
  try {
    const perVacancy = TELEGRAM_CHATS + VK_GROUPS;
    const { groupIds, vacancyIds } = await furnish(b, { telegramChats: TELEGRAM_CHATS, vkGroups: VK_GROUPS, vacancies: Math.ceil(n / perVacancy) });
    const t0 = Date.now();
    const posts = await postCampaigns(b, vacancyIds, groupIds);
    const apiMs = Date.now() - t0;
    log(`  engine: ${posts} posts created as ${vacancyIds.length} campaigns through the API in ${(apiMs / 1000).toFixed(1)} s; draining…`);

    const start = Date.now();
    await startWorkers(b.app.services.jobs, b.app.services.jobHandlers, {
      concurrency: b.config.WORKER_CONCURRENCY,
      batchSize: b.config.JOB_BATCH_SIZE,
      pollSeconds: b.config.JOB_POLL_SECONDS,
      maintenanceCron: MAINTENANCE_CRON,
      pollSweepCron: POLL_SWEEP_CRON,
      webhookConcurrency: b.config.WEBHOOK_CONCURRENCY,
      webhookSweepCron: WEBHOOK_SWEEP_CRON,
      responseSummaryCron: RESPONSE_SUMMARY_CRON,
      registrySweepCron: REGISTRY_SWEEP_CRON,
    });
    const deadline = start + 600_000;
    let counts = await statusCounts(b);
    let lastReport = start;
    while (settledOf(counts) < posts && Date.now() < deadline) {
      await sleep(250);
      counts = await statusCounts(b);
      if (Date.now() - lastReport >= 15_000) {
        lastReport = Date.now();
        log(`  t=${((lastReport - start) / 1000).toFixed(0)} s: ${settledOf(counts)}/${posts} settled`);
      }
    }
    const timedOut = settledOf(counts) < posts;
    // The last settle transaction's own clock, not the poll's: exact to the millisecond.
    const drainMs = (timedOut ? Date.now() : await lastSettledAt(b)) - start;
    return { marginMs: b.config.RATE_LIMIT_MARGIN_MS, posts, apiMs, drainMs, postsPerSecond: (posts / drainMs) * 1000, statuses: counts, publishJobs: await jobCount(b, 'post.publish'), timedOut };
  } finally {
    await b.app.close();
    await fakes.close();
    await fresh.dispose();
  }
}

export async function runOverheadBenchmark(
  n: number,
  opts: { log: (line: string) => void; phase: (name: 'raw pg-boss' | 'engine drain') => void },
): Promise<OverheadResult> {
  const { log } = opts;
  // The settings the engine side runs with (startBenchApp parses the same), for the raw side too.
  const { WORKER_CONCURRENCY: concurrency, JOB_BATCH_SIZE: batchSize, JOB_POLL_SECONDS: pollSeconds } = parseEnv(tuning());
  opts.phase('raw pg-boss');
  const raw = await rawPgBoss(n, concurrency, batchSize, pollSeconds, 'pool');
  log(`  raw pg-boss: ${n} no-op jobs in ${(raw.drainMs / 1000).toFixed(1)} s → ${raw.jobsPerSecond.toFixed(0)} jobs/s`);
  const rawWork = await rawPgBoss(n, concurrency, batchSize, pollSeconds, 'work');
  log(`  raw pg-boss, work() with batches: ${n} no-op jobs in ${(rawWork.drainMs / 1000).toFixed(1)} s → ${rawWork.jobsPerSecond.toFixed(0)} jobs/s`);
  opts.phase('engine drain');
  const eng = await engine(n, log);
  log(`  engine: ${eng.posts} posts in ${(eng.drainMs / 1000).toFixed(1)} s → ${eng.postsPerSecond.toFixed(0)} posts/s`);
  return { jobs: n, concurrency, batchSize, pollSeconds, raw, rawWork, engine: eng, ratio: eng.postsPerSecond / raw.jobsPerSecond };
}
