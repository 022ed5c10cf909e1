// pg-boss on our database, embedded or server. Producers call `enqueue(tx, …)` with the transaction
// that writes the rows the job acts on: the job exists exactly when those rows do.
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Db as IDatabase, type DrizzleTransactionLike } from 'pg-boss';
import type { Database, Db } from '../db/database.js';
import { JOB_NAMES, QUEUE_OPTIONS, type JobName, type JobPayloads } from './job-types.js';

export interface EnqueueOptions {
  startAfter?: Date;
}

export interface JobQueue {
  readonly boss: PgBoss;
  enqueue<N extends JobName>(tx: Db, name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  // Only workers supervise (expire lapsed jobs, run schedules); an API-only process just enqueues.
  supervise: boolean;
  superviseIntervalSeconds?: number;
  onError?: (error: Error) => void;
}

function bossDatabase(database: Database): IDatabase {
  if (database.kind === 'pglite') return fromPglite(database.pglite);
  const pool = database.pool;
  return { executeSql: async (text, values) => ({ rows: (await pool.query(text, values as unknown[])).rows }) };
}

export async function startJobQueue(database: Database, options: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: bossDatabase(database),
    ...(database.kind === 'pglite' ? { backend: 'pglite' as const } : {}),
    supervise: options.supervise,
    schedule: options.supervise,
    ...(options.superviseIntervalSeconds ? { superviseIntervalSeconds: options.superviseIntervalSeconds } : {}),
  });
  boss.on('error', (error) => options.onError?.(error as Error));
  await boss.start();
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, QUEUE_OPTIONS[name]);
    // pg-boss looks a queue up through its own connection the first time it is used. On PGlite,
    // which has one connection, that lookup would wait behind the very transaction enqueueing the
    // job: touch every queue once now, outside any transaction, so the lookup is cached.
    await boss.deleteJob(name, '00000000-0000-4000-8000-000000000000');
  }
  return {
    boss,
    async enqueue(tx, name, data, opts = {}) {
      await boss.send(name, data, {
        // pg-boss inserts the job on the caller's transaction (drizzle types execute() per driver, hence the cast).
        db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
        ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      });
    },
    async stop(opts = {}) {
      await boss.stop({ graceful: opts.graceful ?? true, timeout: opts.timeoutMs ?? 20_000, close: true });
    },
  };
}

/** Creates (or upgrades) pg-boss's schema and our queues, then lets go of the database. */
export async function installJobSchema(database: Database): Promise<void> {
  const queue = await startJobQueue(database, { supervise: false });
  await queue.stop({ graceful: false });
}
