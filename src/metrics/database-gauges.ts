// Gauges read from the database when Prometheus scrapes: posts by network and status, the posts
// waiting for a person, and the job queues' backlog. Every combination of the closed label sets
// is written on each scrape (0 when absent), so a status that empties drops to 0 instead of
// leaving its last value behind.
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import { POST_STATUSES, type PostStatus } from '../db/schema.js';
import { JOB_NAMES } from '../jobs/job-types.js';
import { NETWORKS } from '../networks/types.js';
import { countPosts, dueJobs } from './database-snapshot.js';

// unknown: the engine will not decide whether it went out; awaiting_manual: assisted posts and captchas.
const NEEDS_PERSON: readonly PostStatus[] = ['unknown', 'awaiting_manual'];

export interface DatabaseGauges {
  /** Reads the database and sets the gauges; a failed read is reported by the up gauge, not thrown. */
  refresh(): Promise<void>;
}

export function createDatabaseGauges(opts: { db: Db; registry: Registry; prefix: string; onError: (error: unknown) => void }): DatabaseGauges {
  const { registry, prefix } = opts;
  const posts = new Gauge({
    name: `${prefix}posts`,
    help: 'Posts by network and status across all workspaces, counted in the database at scrape time (the same from every process: aggregate with max, not sum)',
    labelNames: ['network', 'status'] as const,
    registers: [registry],
  });
  const needsPerson = new Gauge({
    name: `${prefix}posts_needing_person`,
    help: 'Posts waiting for a person: status unknown (may or may not be on the network; never re-sent automatically) or awaiting_manual (assisted group, captcha), by network',
    labelNames: ['network', 'status'] as const,
    registers: [registry],
  });
  const queueDue = new Gauge({
    name: `${prefix}job_queue_due_jobs`,
    help: 'Jobs whose start time has come and that no worker has started yet, by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: `${prefix}job_queue_oldest_due_age_seconds`,
    help: 'How long the oldest due, not yet started job of a queue has been due (0 when none is waiting): the workers\' pickup lag',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const up = new Gauge({
    name: `${prefix}metrics_database_up`,
    help: '1 when this scrape read the database-derived gauges, 0 when the database did not answer (those gauges are then absent)',
    registers: [registry],
  });
  const databaseGauges = [posts, needsPerson, queueDue, queueAge];

  return {
    async refresh() {
      try {
        const [postCounts, queues] = await Promise.all([countPosts(opts.db), dueJobs(opts.db, JOB_NAMES)]);
        const byKey = new Map(postCounts.map((r) => [`${r.network}/${r.status}`, r.count]));
        for (const network of NETWORKS) {
          for (const status of POST_STATUSES) {
            const n = byKey.get(`${network}/${status}`) ?? 0;
            posts.set({ network, status }, n);
            if (NEEDS_PERSON.includes(status)) needsPerson.set({ network, status }, n);
          }
        }
        const byQueue = new Map(queues.map((q) => [q.queue, q]));
        for (const queue of JOB_NAMES) {
          queueDue.set({ queue }, byQueue.get(queue)?.due ?? 0);
          queueAge.set({ queue }, byQueue.get(queue)?.oldestDueSeconds ?? 0);
        }
        up.set(1);
      } catch (error) {
        // Stale figures would read as true ones: drop them and say the database was not read.
        for (const gauge of databaseGauges) gauge.reset();
        up.set(0);
        opts.onError(error);
      }
    },
  };
}
