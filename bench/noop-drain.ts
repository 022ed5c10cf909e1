// The raw side of a ratio: how long pg-boss takes to fetch and settle N queued no-op jobs, nothing
// else. Both the engine and the webhook benchmarks compare against it.
import type { PgBoss } from 'pg-boss';
import { startJobPool } from '../src/jobs/job-pool.js';

type Fetching = { concurrency: number; batchSize: number };

/** Counts handled jobs; `done` resolves with the milliseconds from now until the n-th. */
function finishLine(n: number) {
  const start = Date.now();
  let handled = 0;
  let finished!: (ms: number) => void;
  const done = new Promise<number>((r) => (finished = r));
  return {
    done,
    handled(count: number) {
      handled += count;
      if (handled >= n && handled - count < n) finished(Date.now() - start);
    },
  };
}

/** pg-boss work()'s pollers for `concurrency` jobs at once in batches: how the service fetched before its pools. */
export function pollersFor({ concurrency, batchSize }: Fetching): { localConcurrency: number; batchSize: number } {
  const size = Math.max(1, Math.min(batchSize, concurrency));
  return { localConcurrency: Math.ceil(concurrency / size), batchSize: size };
}

/** Fetched and settled as the service's workers fetch and settle its waiting queues (src/jobs/job-pool.ts). */
export async function drainNoopJobs(boss: PgBoss, queue: string, n: number, fetching: Fetching, pollSeconds: number): Promise<{ drainMs: number }> {
  const line = finishLine(n);
  const pool = startJobPool(boss, queue, { ...fetching, pollSeconds, onError: (err) => process.stderr.write(`${String(err)}\n`) }, async () => line.handled(1));
  const drainMs = await line.done;
  await pool.stop(10_000);
  return { drainMs };
}

/**
 * The same with pg-boss's own work(): `concurrency / batchSize` pollers, each fetching a batch and
 * settling it per job: how the service fetched before its pools, kept as the older reference.
 */
export async function drainNoopJobsWithWork(boss: PgBoss, queue: string, n: number, fetching: Fetching, pollSeconds: number): Promise<{ drainMs: number }> {
  const line = finishLine(n);
  await boss.work(queue, { ...pollersFor(fetching), pollingIntervalSeconds: pollSeconds, perJobResults: true }, async (jobs) => {
    line.handled(jobs.length);
    return jobs.map((job) => ({ id: job.id, status: 'completed' as const }));
  });
  const drainMs = await line.done;
  await boss.offWork(queue);
  return { drainMs };
}
