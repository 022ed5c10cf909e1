// The raw side of a ratio: how long pg-boss takes to fetch and settle N queued no-op jobs with given
// worker settings, nothing else. Both the engine and the webhook benchmarks compare against it.
import type { PgBoss } from 'pg-boss';

export async function drainNoopJobs(
  boss: PgBoss,
  queue: string,
  n: number,
  fetching: { localConcurrency: number; batchSize: number },
  pollSeconds: number,
): Promise<{ drainMs: number }> {
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const start = Date.now();
  let end = start;
  // Fetched and settled as the service's workers fetch and settle (src/jobs/workers.ts).
  await boss.work(queue, { ...fetching, pollingIntervalSeconds: pollSeconds, perJobResults: true }, async (jobs) => {
    done += jobs.length;
    if (done >= n) {
      end = Date.now();
      finished();
    }
    return jobs.map((job) => ({ id: job.id, status: 'completed' as const }));
  });
  await all;
  return { drainMs: end - start };
}
