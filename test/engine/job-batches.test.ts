// The publish and close queues are fetched in batches (src/jobs/workers.ts): fewer pollers, one
// fetch statement for many jobs. What must not change with it: the jobs of a batch run side by
// side, and a job whose handler throws fails (and is retried) alone while the rest complete.
import t from 'tap';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/database.js';
import { startJobQueue } from '../../src/jobs/job-queue.js';
import { batchedFetching, startWorkers, type JobHandlers } from '../../src/jobs/workers.js';
import { openTestDatabase } from '../helpers/database-lanes.js';

t.test('pollers and batch sizes cover the concurrency asked for', async (t) => {
  t.same(batchedFetching(100, 5), { localConcurrency: 20, batchSize: 5 });
  t.same(batchedFetching(25, 10), { localConcurrency: 3, batchSize: 10 }, 'rounded up: never fewer jobs at once than asked');
  t.same(batchedFetching(4, 5), { localConcurrency: 1, batchSize: 4 }, 'no batch larger than the concurrency');
  t.same(batchedFetching(7, 1), { localConcurrency: 7, batchSize: 1 }, 'batches of one: a poller per job, as before batches');
});

t.test('a batch runs its jobs side by side, and a job that throws is retried alone', async (t) => {
  const database = await openTestDatabase();
  const queue = await startJobQueue(database, { supervise: false });
  t.teardown(async () => {
    await queue.stop({ graceful: false });
    await database.close();
  });

  const ids = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const failing = ids[3]!;
  const runs = new Map<string, number>();
  let inFlight = 0;
  let mostAtOnce = 0;
  const handlers: JobHandlers = {
    'post.publish': async ({ postId }) => {
      runs.set(postId, (runs.get(postId) ?? 0) + 1);
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((r) => setTimeout(r, 200));
      inFlight--;
      if (postId === failing && runs.get(postId) === 1) throw new Error('the database went away for a moment');
    },
    'post.close': async () => {},
    'campaign.occurrence': async () => {},
    'maintenance.sweep': async () => {},
    'responses.telegram-updates': async () => {},
    'responses.poll-sweep': async () => {},
    'responses.poll': async () => {},
    'webhooks.deliver': async () => {},
    'webhooks.dispatch': async () => {},
    'webhooks.sweep': async () => {},
    'webhooks.summary': async () => {},
    'registry.sweep': async () => {},
    'registry.verify': async () => {},
  };
  await queue.boss.updateQueue('post.publish', { retryDelay: 1, retryBackoff: false });
  await queue.enqueueMany(database.db, 'post.publish', ids.map((postId) => ({ data: { postId } })));
  await startWorkers(queue, handlers, { concurrency: 10, batchSize: 10, pollSeconds: 0.5, maintenanceCron: '0 4 * * *', pollSweepCron: '0 5 * * *', webhookConcurrency: 1, webhookSweepCron: '0 6 * * *', responseSummaryCron: '0 7 * * *', registrySweepCron: '0 8 * * 1' });

  const states = async () =>
    rowsOf<{ post_id: string; state: string; retry_count: number }>(
      await database.db.execute(sql`select data->>'postId' as post_id, state::text, retry_count from pgboss.job where name = 'post.publish' order by 1`),
    );
  const deadline = Date.now() + 30_000;
  let rows = await states();
  while (rows.some((r) => r.state !== 'completed') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    rows = await states();
  }
  t.equal(rows.length, 10, 'ten jobs');
  t.ok(rows.every((r) => r.state === 'completed'), `all completed in the end: ${rows.map((r) => r.state).join(', ')}`);
  t.same(rows.filter((r) => r.retry_count > 0).map((r) => r.post_id), [failing], 'only the job that threw was retried');
  t.equal(runs.get(failing), 2, 'it ran again');
  t.ok(ids.filter((id) => id !== failing).every((id) => runs.get(id) === 1), 'every other job ran once');
  t.ok(mostAtOnce > 1, `jobs of one batch ran side by side (${mostAtOnce} at once)`);
});
