// pg-boss on our database, embedded or server. Producers call `enqueue(tx, …)` with the transaction
// that writes the rows the job acts on: the job exists exactly when those rows do.
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Db as IDatabase, type DrizzleTransactionLike } from 'pg-boss';
import { newPool, type Database, type Db } from '../db/database.js';
import { rootMessage } from '../db/database-errors.js';
import { createLogThrottle } from '../lib/log-throttle.js';
import { startJobPool, type JobPool, type JobPoolOptions } from './job-pool.js';
import { JOB_NAMES, QUEUE_OPTIONS, queueOptionsFor, type JobName, type JobPayloads } from './job-types.js';

export interface EnqueueOptions {
  startAfter?: Date;
}

export interface JobQueue {
  readonly boss: PgBoss;
  enqueue<N extends JobName>(tx: Db, name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Many jobs of one queue in one statement, on the caller's transaction. */
  enqueueMany<N extends JobName>(tx: Db, name: N, jobs: Array<{ data: JobPayloads[N] } & EnqueueOptions>): Promise<void>;
  /** Runs a queue's jobs in a pool (job-pool.ts) until the queue stops. */
  pool<N extends JobName>(name: N, options: Pick<JobPoolOptions, 'concurrency' | 'batchSize' | 'pollSeconds'>, handler: (data: JobPayloads[N]) => Promise<void>): void;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  // Only workers supervise (expire lapsed jobs, run schedules); an API-only process just enqueues.
  supervise: boolean;
  superviseIntervalSeconds?: number;
  /** The longest a publish or close job may legitimately run (see queueOptionsFor); absent: the defaults. */
  longestRunMs?: number;
  /**
   * pg-boss's errors. With the database gone every worker's poll fails the same way, several times a
   * second: an error is passed on once per interval, with how many identical ones were held back.
   */
  onError?: (error: Error, repeats: number) => void;
}

// pg-boss's own connections on a server: fetching, completing and heartbeats never wait behind the
// application's transactions (a burst of claims can hold every connection of the app's pool while
// they queue for a rate-limit key; a heartbeat stuck behind them would let a live job expire).
const BOSS_POOL_SIZE = 4;

function bossDatabase(database: Database): { db: IDatabase; close(): Promise<void> } {
  if (database.kind === 'pglite') return { db: fromPglite(database.pglite), close: async () => {} };
  const pool = newPool(database.url, { max: BOSS_POOL_SIZE });
  // Hand pg-boss node-postgres's result untouched, as its own pool does: the supervisor sends
  // multi-statement scripts (BEGIN; advisory lock; …; COMMIT), whose result is an array that
  // pg-boss unwraps itself. Taking `.rows` of that array gave undefined, the monitor pass threw
  // before expiring anything, and a dead worker's jobs stayed active forever.
  return {
    db: { executeSql: (text, values) => pool.query(text, values) },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

// pg-boss's workers emit a plain copy of the error ({ ...err, message, stack, queue, worker }) on
// 'error', not an Error: rebuild one, keeping its stack and the fields that say which queue failed.
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const { message, stack, ...fields } = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { message: String(value) };
  const error = Object.assign(new Error(typeof message === 'string' ? message : JSON.stringify(fields)), fields);
  if (typeof stack === 'string') error.stack = stack;
  return error;
}

export async function startJobQueue(database: Database, options: JobQueueOptions): Promise<JobQueue> {
  const connection = bossDatabase(database);
  const boss = new PgBoss({
    db: connection.db,
    ...(database.kind === 'pglite' ? { backend: 'pglite' as const } : {}),
    supervise: options.supervise,
    schedule: options.supervise,
    // pg-boss finds jobs whose worker died (heartbeat lapsed) in its monitor pass, which runs at
    // most every monitorIntervalSeconds (60 by default) whatever the supervise interval: both follow
    // JOB_SUPERVISE_SECONDS so that setting means what it says.
    ...(options.superviseIntervalSeconds
      ? { superviseIntervalSeconds: options.superviseIntervalSeconds, monitorIntervalSeconds: options.superviseIntervalSeconds }
      : {}),
  });
  const throttle = createLogThrottle();
  const reportError = (value: unknown) => {
    const error = asError(value);
    // pg-boss appends " (Queue: …, Worker: …)": every worker failing alike is one error.
    throttle(rootMessage(error).replace(/ \(Queue: [^)]*\)$/, ''), (repeats) => options.onError?.(error, repeats));
  };
  boss.on('error', reportError);
  await boss.start();
  const queueOptions = options.longestRunMs ? queueOptionsFor(options.longestRunMs) : QUEUE_OPTIONS;
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, queueOptions[name]);
    // createQueue leaves an existing queue as it was: settings derived from the configuration
    // (NETWORK_TIMEOUT_MS) must follow it.
    if (options.longestRunMs) await boss.updateQueue(name, { expireInSeconds: queueOptions[name].expireInSeconds });
    // pg-boss looks a queue up through its own connection the first time it is used. On PGlite,
    // which has one connection, that lookup would wait behind the very transaction enqueueing the
    // job: touch every queue once now, outside any transaction, so the lookup is cached.
    await boss.deleteJob(name, '00000000-0000-4000-8000-000000000000');
  }
  const pools: JobPool[] = [];
  return {
    boss,
    async enqueue(tx, name, data, opts = {}) {
      await boss.send(name, data, {
        // pg-boss inserts the job on the caller's transaction (drizzle types execute() per driver, hence the cast).
        db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
        ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      });
    },
    async enqueueMany(tx, name, items) {
      if (items.length === 0) return;
      await boss.insert(
        name,
        items.map((item) => ({ data: item.data, ...(item.startAfter ? { startAfter: item.startAfter } : {}) })),
        { db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql) },
      );
    },
    pool(name, poolOptions, handler) {
      pools.push(startJobPool(boss, name, { ...poolOptions, onError: reportError }, handler));
    },
    async stop(opts = {}) {
      // The pools and pg-boss's own workers stop together, under one deadline: every queue stops
      // fetching at once, and the running jobs of both settle before the connection closes below.
      const graceful = opts.graceful ?? true;
      const timeoutMs = opts.timeoutMs ?? 20_000;
      await Promise.all([...pools.splice(0).map((p) => p.stop(graceful ? timeoutMs : 0)), boss.stop({ graceful, timeout: timeoutMs, close: true })]);
      await connection.close();
    },
  };
}

/** Creates (or upgrades) pg-boss's schema and our queues, then lets go of the database. */
export async function installJobSchema(database: Database): Promise<void> {
  const queue = await startJobQueue(database, { supervise: false });
  await queue.stop({ graceful: false });
}
