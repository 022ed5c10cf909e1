// A worker pool over one pg-boss queue: up to `concurrency` jobs at once, and a free place is filled
// as soon as it frees up, whatever the other jobs are doing.
//
// Why not pg-boss's work() with batches: its poller hands a batch to the handler and fetches again
// only when the whole batch is done, so a publish job waiting in-process for its rate-limit turn
// (seconds) holds the places of the four jobs fetched beside it, which finished long ago. Measured
// on the 3000-post campaign, the first minute's Telegram bursts stalled for up to 9 s while VK
// jobs waited for theirs (BENCHMARKS.md). Batches of one avoid that, at the price of one poller per
// place, each polling: on PGlite's one thread those polls cost more than the jobs. Here one loop
// per queue fetches only what there is room for, at once while the queue has due jobs, and every
// poll interval when it has none.
//
// Each job settles alone, fenced by its attempt (pg-boss completes or fails it only if this claim
// still holds it): completions asked at once go as one statement, and so do the heartbeats.
import type { PgBoss } from 'pg-boss';
import { groupedCalls } from '../lib/grouped-calls.js';

export interface JobPoolOptions {
  /** Jobs run at once. */
  concurrency: number;
  /** The most jobs one fetch takes (JOB_BATCH_SIZE). */
  batchSize: number;
  pollSeconds: number;
  onError(error: unknown): void;
}

export interface JobPool {
  /** Stops fetching, then waits up to `timeoutMs` for running jobs; those still running are failed (retried). */
  stop(timeoutMs: number): Promise<void>;
}

type Attempt = { id: string; retryCount: number };

/** A thrown value as the failed job's output: an Error's own fields do not survive JSON. */
function output(err: unknown): object {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
}

export function startJobPool<T extends object>(boss: PgBoss, name: string, options: JobPoolOptions, handler: (data: T) => Promise<void>): JobPool {
  const running = new Map<string, Attempt>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const complete = groupedCalls(
    async (attempts: Attempt[]) => {
      await boss.complete(name, attempts);
      return new Map<Attempt, true>();
    },
    { maxGroup: 100 },
  );

  // A job with a heartbeat (the queue's heartbeatSeconds) is touched every half of it while it runs,
  // all running jobs in one statement: without it pg-boss's monitor would take a live job for a dead
  // worker's and hand it out again.
  let heartbeat: { everyMs: number; timer: NodeJS.Timeout } | undefined;
  function keepAlive(heartbeatSeconds: number | null): void {
    if (!heartbeatSeconds) return;
    const everyMs = (heartbeatSeconds * 1000) / 2;
    if (heartbeat && heartbeat.everyMs <= everyMs) return;
    if (heartbeat) clearInterval(heartbeat.timer);
    const timer = setInterval(() => {
      if (running.size > 0) boss.touch(name, [...running.values()]).catch(options.onError);
    }, everyMs).unref();
    heartbeat = { everyMs, timer };
  }

  async function run(job: Attempt & { data: T; heartbeatSeconds: number | null }): Promise<void> {
    const attempt = { id: job.id, retryCount: job.retryCount };
    running.set(job.id, attempt);
    keepAlive(job.heartbeatSeconds);
    try {
      try {
        await handler(job.data);
      } catch (err) {
        // Failed alone, and retried by the queue's policy; pg-boss keeps the error as the job's output.
        await boss.fail(name, attempt, output(err));
        return;
      }
      await complete(attempt);
    } catch (err) {
      // The settle itself failed (the database went away): the job stays active and expires, to be retried.
      options.onError(err);
    } finally {
      running.delete(job.id);
      wake?.();
    }
  }

  async function loop(): Promise<void> {
    const pollMs = options.pollSeconds * 1000;
    const batch = Math.max(1, Math.min(options.batchSize, options.concurrency));
    let lastFetchAt = -Infinity;
    while (!stopping) {
      const room = Math.min(batch, options.concurrency - running.size);
      // Full, or room for less than a batch soon after a fetch: wait for jobs to end (each wakes the
      // loop) or for the poll interval, so that under load one fetch still takes a whole batch.
      if (room <= 0 || (room < batch && Date.now() - lastFetchAt < pollMs)) {
        await nap(room <= 0 ? pollMs : lastFetchAt + pollMs - Date.now());
        continue;
      }
      let jobs: Array<Attempt & { data: T; heartbeatSeconds: number | null }> = [];
      lastFetchAt = Date.now();
      try {
        jobs = await boss.fetch<T>(name, { batchSize: room });
      } catch (err) {
        options.onError(err);
      }
      if (stopping) {
        // Fetched while stopping: given back at once rather than started (failed: pg-boss retries them).
        if (jobs.length > 0) await boss.fail(name, jobs.map((j) => ({ id: j.id, retryCount: j.retryCount })), { message: 'the worker stopped before starting the job' }).catch(options.onError);
        break;
      }
      for (const job of jobs) void run(job);
      // A full fetch means more may be due now; a short one, that the queue has nothing due until
      // later (start_after is a time): ask again after the poll interval.
      if (jobs.length < room) await napUnlessStopping(pollMs);
    }
  }
  // A free place during the poll nap must not wake the loop to poll an empty queue: only stop does.
  async function napUnlessStopping(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!stopping && Date.now() < until) await nap(until - Date.now());
  }

  const looping = loop().catch(options.onError);

  return {
    async stop(timeoutMs) {
      stopping = true;
      wake?.();
      await looping;
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0 && Date.now() < deadline) await nap(Math.min(100, deadline - Date.now()));
      if (heartbeat) clearInterval(heartbeat.timer);
      if (running.size > 0) {
        // As pg-boss does at a shutdown's timeout: failed now, so they are retried without waiting for expiry.
        await boss.fail(name, [...running.values()], { message: 'the worker shut down while the job was running' }).catch(options.onError);
      }
    },
  };
}
