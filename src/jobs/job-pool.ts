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
// still holds it): completions asked at once go as one statement, and so do the heartbeats. As in
// pg-boss's work(), a handler that outlives its job's expireInSeconds is failed and its place freed.
import { performance } from 'node:perf_hooks';
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
  /**
   * Stops fetching and waits, `timeoutMs` at most from the call, for running jobs; those still
   * running then are failed (retried), and settle nothing after.
   */
  stop(timeoutMs: number): Promise<void>;
}

type Attempt = { id: string; retryCount: number };
type Fetched<T> = Attempt & { data: T; heartbeatSeconds: number | null; expireInSeconds: number };

/** A thrown value as the failed job's output: an Error's own fields do not survive JSON. */
function output(err: unknown): object {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
}

// Relative time: a wall clock stepped back would stall the loop's waits.
const now = () => performance.now();

class Expired extends Error {}

export function startJobPool<T extends object>(boss: PgBoss, name: string, options: JobPoolOptions, handler: (data: T) => Promise<void>): JobPool {
  // By attempt, not by job: a job whose heartbeat lapsed may be fetched again here while its first
  // attempt still runs, and each attempt holds (and frees) a place of its own.
  const running = new Map<string, Attempt>();
  const keyOf = (a: Attempt) => `${a.id}:${a.retryCount}`;
  let stopping = false;
  // Once a stop has waited what it may: attempts still running were failed, and settle nothing.
  let abandoned = false;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
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

  /** The handler, or Expired once the job's expireInSeconds is up (the handler is left to itself). */
  function bounded(job: Fetched<T>): Promise<void> {
    const handling = handler(job.data);
    if (!job.expireInSeconds) return handling;
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Expired(`the job ran longer than its expireInSeconds (${job.expireInSeconds} s)`)), job.expireInSeconds * 1000);
    });
    // Whatever the abandoned handler does later must not surface as an unhandled rejection.
    handling.catch(() => {});
    return Promise.race([handling, expiry]).finally(() => clearTimeout(timer));
  }

  async function run(job: Fetched<T>): Promise<void> {
    const attempt = { id: job.id, retryCount: job.retryCount };
    const key = keyOf(attempt);
    running.set(key, attempt);
    keepAlive(job.heartbeatSeconds);
    try {
      let failure: { error: unknown } | undefined;
      try {
        await bounded(job);
      } catch (error) {
        failure = { error };
      }
      if (abandoned) return;
      // Failed alone, and retried by the queue's policy; pg-boss keeps the error as the job's output.
      if (failure) await boss.fail(name, attempt, output(failure.error));
      else await complete(attempt);
    } catch (err) {
      // The settle itself failed (the database went away): the job stays active and expires, to be retried.
      options.onError(err);
    } finally {
      running.delete(key);
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
      if (room <= 0 || (room < batch && now() - lastFetchAt < pollMs)) {
        await nap(room <= 0 ? pollMs : lastFetchAt + pollMs - now());
        continue;
      }
      let jobs: Fetched<T>[] = [];
      lastFetchAt = now();
      try {
        jobs = await boss.fetch<T>(name, { batchSize: room });
      } catch (err) {
        options.onError(err);
      }
      // Run even when a stop came meanwhile: they are claimed, and the stop waits for them as for the rest.
      for (const job of jobs) void run(job);
      // A full fetch means more may be due now; a short one, that the queue has nothing due until
      // later (start_after is a time): ask again after the poll interval.
      if (jobs.length < room) await napUnlessStopping(pollMs);
    }
  }
  // A free place during the poll nap must not wake the loop to poll an empty queue: only stop does.
  async function napUnlessStopping(ms: number): Promise<void> {
    const until = now() + ms;
    while (!stopping && now() < until) await nap(until - now());
  }

  const looping = loop().catch(options.onError);

  return {
    async stop(timeoutMs) {
      const deadline = now() + timeoutMs;
      const timeLeft = () => Math.max(0, deadline - now());
      stopping = true;
      wake?.();
      // A fetch under way ends the loop when it returns (its jobs run, and are waited for below); a
      // fetch that hangs does not extend the deadline.
      await Promise.race([looping, new Promise((r) => setTimeout(r, timeLeft()).unref())]);
      while (running.size > 0 && now() < deadline) await nap(Math.min(100, timeLeft()));
      if (heartbeat) clearInterval(heartbeat.timer);
      // From here nothing settles: the connection is about to close.
      abandoned = true;
      if (running.size > 0) {
        // As pg-boss does at a shutdown's timeout: failed now, so they are retried without waiting for expiry.
        const failing = boss.fail(name, [...running.values()], { message: 'the worker shut down while the job was running' }).catch(options.onError);
        await Promise.race([failing, new Promise((r) => setTimeout(r, 1000).unref())]);
      }
    },
  };
}
