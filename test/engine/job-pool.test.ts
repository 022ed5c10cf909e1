// The publish, close and delivery queues run in pools (src/jobs/job-pool.ts): one loop per queue
// fetching batches into free places. What must hold: jobs fetched together run side by side; a job
// whose handler throws fails (and is retried) alone while the rest complete; a job that waits holds
// its own place only; a job running longer than its heartbeat is not handed out again.
import t, { type Test } from 'tap';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/db/database.js';
import { startJobQueue, type JobQueueOptions } from '../../src/jobs/job-queue.js';
import { JOB_NAMES } from '../../src/jobs/job-types.js';
import { startWorkers, type JobHandlers } from '../../src/jobs/workers.js';
import { openTestDatabase } from '../helpers/database-lanes.js';

const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function jobStates(database: Database) {
  return rowsOf<{ post_id: string; state: string; retry_count: number }>(
    await database.db.execute(sql`select data->>'postId' as post_id, state::text, retry_count from pgboss.job where name = 'post.publish' order by 1`),
  );
}

/** A queue on a fresh test database, both closed when the test ends (after `release`, which frees what the test holds). */
async function startTestQueue(t: Test, options: JobQueueOptions = { supervise: false }, release: () => void = () => {}) {
  const database = await openTestDatabase();
  const queue = await startJobQueue(database, options);
  t.teardown(async () => {
    release();
    await queue.stop({ graceful: false });
    await database.close();
  });
  return { database, queue };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

t.test('jobs fetched together run side by side, and a job that throws is retried alone', async (t) => {
  const { database, queue } = await startTestQueue(t);

  const ids = Array.from({ length: 10 }, (_, i) => idOf(i));
  const failing = ids[3]!;
  const runs = new Map<string, number>();
  let inFlight = 0;
  let mostAtOnce = 0;
  // Only the publish queue has work here; every other queue gets a handler that does nothing.
  const handlers = {
    ...Object.fromEntries(JOB_NAMES.map((name) => [name, async () => {}])),
    'post.publish': async ({ postId }: { postId: string }) => {
      runs.set(postId, (runs.get(postId) ?? 0) + 1);
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((r) => setTimeout(r, 200));
      inFlight--;
      if (postId === failing && runs.get(postId) === 1) throw new Error('the database went away for a moment');
    },
  } as JobHandlers;
  await queue.boss.updateQueue('post.publish', { retryDelay: 1, retryBackoff: false });
  await queue.enqueueMany(database.db, 'post.publish', ids.map((postId) => ({ data: { postId } })));
  await startWorkers(queue, handlers, { concurrency: 10, batchSize: 10, pollSeconds: 0.5, maintenanceCron: '0 4 * * *', pollSweepCron: '0 5 * * *', webhookConcurrency: 1, webhookSweepCron: '0 6 * * *', responseSummaryCron: '0 7 * * *', registrySweepCron: '0 8 * * 1' });

  let rows = await jobStates(database);
  await until(async () => (rows = await jobStates(database)).every((r) => r.state === 'completed'), 30_000);
  t.equal(rows.length, 10, 'ten jobs');
  t.ok(rows.every((r) => r.state === 'completed'), `all completed in the end: ${rows.map((r) => r.state).join(', ')}`);
  t.same(rows.filter((r) => r.retry_count > 0).map((r) => r.post_id), [failing], 'only the job that threw was retried');
  t.equal(runs.get(failing), 2, 'it ran again');
  t.ok(ids.filter((id) => id !== failing).every((id) => runs.get(id) === 1), 'every other job ran once');
  t.ok(mostAtOnce > 1, `jobs fetched together ran side by side (${mostAtOnce} at once)`);
});

t.test('a job that waits holds its own place only', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const { database, queue } = await startTestQueue(t, undefined, () => release());
  // One job that waits (as a publish waits for its rate-limit turn) among quick ones, four places,
  // fetched four at a time: pg-boss's work() with a batch of four would not fetch again until the
  // waiting job ended, and the quick jobs behind the first batch would wait with it.
  const slow = idOf(0);
  const quick = Array.from({ length: 12 }, (_, i) => idOf(i + 1));
  const done = new Set<string>();
  await queue.enqueueMany(database.db, 'post.publish', [slow, ...quick].map((postId) => ({ data: { postId } })));
  queue.pool('post.publish', { concurrency: 4, batchSize: 4, pollSeconds: 0.2 }, async ({ postId }) => {
    if (postId === slow) await released;
    else await new Promise((r) => setTimeout(r, 50));
    done.add(postId);
  });
  t.ok(await until(() => quick.every((id) => done.has(id)), 15_000), `every quick job ran while the waiting one waited (${done.size} of 12)`);
  t.notOk(done.has(slow), 'the waiting job was still waiting');
  release();
  t.ok(await until(async () => (await jobStates(database)).every((r) => r.state === 'completed'), 15_000), 'then it completed too');
});

t.test('a job running longer than its heartbeat is not handed out again', { timeout: 60_000 }, async (t) => {
  // Supervised every second: a job whose heartbeat (10 s, the least pg-boss allows) lapsed would be
  // failed and retried within a second of lapsing.
  const { database, queue } = await startTestQueue(t, { supervise: true, superviseIntervalSeconds: 1 });
  await queue.boss.updateQueue('post.publish', { heartbeatSeconds: 10, retryDelay: 0, retryBackoff: false });
  let runs = 0;
  await queue.enqueue(database.db, 'post.publish', { postId: idOf(1) });
  queue.pool('post.publish', { concurrency: 2, batchSize: 2, pollSeconds: 0.2 }, async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 14_000));
  });
  t.ok(await until(async () => (await jobStates(database)).every((r) => r.state === 'completed'), 30_000), 'completed');
  t.equal(runs, 1, 'ran once: its heartbeat kept it');
  t.same((await jobStates(database)).map((r) => r.retry_count), [0], 'never retried');
});

t.test('stopping lets running jobs finish, and fails (for a retry) one that outlives the timeout', async (t) => {
  const { database, queue } = await startTestQueue(t);
  const started = new Set<string>();
  const finished = new Set<string>();
  const short = idOf(1);
  const long = idOf(2);
  await queue.enqueueMany(database.db, 'post.publish', [short, long].map((postId) => ({ data: { postId } })));
  queue.pool('post.publish', { concurrency: 2, batchSize: 2, pollSeconds: 0.2 }, async ({ postId }) => {
    started.add(postId);
    await new Promise((r) => setTimeout(r, postId === short ? 300 : 3_000));
    finished.add(postId);
  });
  t.ok(await until(() => started.size === 2, 10_000), 'both started');
  await queue.stop({ graceful: true, timeoutMs: 1_000 });
  t.ok(finished.has(short), 'the short job finished before the stop returned');
  t.notOk(finished.has(long), 'the long one was still running at the timeout');
  const rows = await jobStates(database);
  t.same(
    rows.map((r) => [r.post_id, r.state]),
    [
      [short, 'completed'],
      [long, 'retry'],
    ],
    'the short job completed; the long one was failed back to the queue, to be retried',
  );
});

t.test('a job fetched again while its first attempt still runs: each attempt holds its own place until it ends', async (t) => {
  const gates: Array<() => void> = [];
  const { database, queue } = await startTestQueue(t, undefined, () => gates.forEach((open) => open()));
  await queue.boss.updateQueue('post.publish', { retryDelay: 0, retryBackoff: false });
  await queue.enqueue(database.db, 'post.publish', { postId: idOf(1) });
  const ended: number[] = [];
  queue.pool('post.publish', { concurrency: 2, batchSize: 2, pollSeconds: 0.2 }, async () => {
    const attempt = gates.length + 1;
    await new Promise<void>((r) => gates.push(r));
    ended.push(attempt);
  });
  t.ok(await until(() => gates.length === 1, 10_000), 'the first attempt runs');
  // As pg-boss's monitor does when a heartbeat lapsed: the attempt is failed back to the queue, and fetched again.
  const [job] = rowsOf<{ id: string; retry_count: number }>(await database.db.execute(sql`select id, retry_count from pgboss.job where name = 'post.publish'`));
  await queue.boss.fail('post.publish', { id: job!.id, retryCount: job!.retry_count }, { message: 'heartbeat lapsed' });
  t.ok(await until(() => gates.length === 2, 10_000), 'a second attempt runs beside it');
  gates[0]!();
  t.ok(await until(() => ended.includes(1), 5_000), 'the first attempt ended');
  setTimeout(() => gates[1]!(), 500);
  await queue.stop({ graceful: true, timeoutMs: 5_000 });
  t.same(ended, [1, 2], 'the stop waited for the second attempt: the first one ending did not free its place');
  t.same((await jobStates(database)).map((r) => r.state), ['completed'], 'completed by the attempt that held it');
});

t.test('a job running past its expireInSeconds is failed and its place freed', async (t) => {
  const { database, queue } = await startTestQueue(t);
  await queue.boss.updateQueue('post.publish', { expireInSeconds: 1, retryDelay: 60, retryBackoff: false });
  const hung = idOf(1);
  const next = idOf(2);
  const ran = new Set<string>();
  await queue.enqueue(database.db, 'post.publish', { postId: hung });
  queue.pool('post.publish', { concurrency: 1, batchSize: 1, pollSeconds: 0.2 }, async ({ postId }) => {
    ran.add(postId);
    if (postId === hung) await new Promise(() => {});
  });
  t.ok(await until(() => ran.has(hung), 10_000), 'the hanging job runs');
  await queue.enqueue(database.db, 'post.publish', { postId: next });
  t.ok(await until(() => ran.has(next), 10_000), 'the next job got its place once the first expired');
  t.ok(await until(async () => (await jobStates(database)).find((r) => r.post_id === hung)?.state === 'retry', 5_000), 'the expired one was failed, to be retried');
});
