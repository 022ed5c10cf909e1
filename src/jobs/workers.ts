// Runs the job handlers. Every queue in JOB_NAMES must have one: a job nobody handles would sit in
// the table forever while its post looks "queued", so a missing handler stops the process at boot.
import type { JobQueue } from './job-queue.js';
import { JOB_NAMES, type JobName, type JobPayloads } from './job-types.js';

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };
/** The publishing engine's share of the queues (the responses' jobs are handled in responses/). */
export type EngineJobName = 'post.publish' | 'campaign.occurrence' | 'post.close' | 'maintenance.sweep';

export class MissingHandlerError extends Error {}

export function checkHandlers(handlers: Partial<Record<string, unknown>>): asserts handlers is JobHandlers {
  const missing = JOB_NAMES.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new MissingHandlerError(`no handler for job(s): ${missing.join(', ')}`);
}

export interface WorkerOptions {
  // Publish and close jobs spend most of their time waiting (a rate slot, the network).
  concurrency: number;
  /** Jobs one poll of the publish and close queues fetches (JOB_BATCH_SIZE). */
  batchSize: number;
  pollSeconds: number;
  maintenanceCron: string;
  /** How often published posts are looked at for counters due a read. */
  pollSweepCron: string;
  /** Webhook deliveries attempted at once. */
  webhookConcurrency: number;
  webhookSweepCron: string;
  responseSummaryCron: string;
  registrySweepCron: string;
}

/**
 * How `concurrency` jobs at once are fetched: as few pollers as fetch that many in batches. Every
 * poll is a statement: a hundred pollers asking every half second cost the database (and PGlite's
 * one thread) more than the jobs they find. A batch's jobs still run side by side and settle one by one.
 */
export function batchedFetching(concurrency: number, batchSize: number) {
  const size = Math.max(1, Math.min(batchSize, concurrency));
  return { localConcurrency: Math.ceil(concurrency / size), batchSize: size };
}

export async function startWorkers(queue: JobQueue, handlers: Partial<JobHandlers>, options: WorkerOptions): Promise<void> {
  checkHandlers(handlers);
  const { boss } = queue;
  const work = async <N extends JobName>(name: N, fetching: { localConcurrency: number; batchSize: number }) => {
    const handler = handlers[name] as (data: JobPayloads[N]) => Promise<void>;
    // perJobResults: a job that throws is failed (and retried) alone; the rest of its batch completes.
    await boss.work<JobPayloads[N]>(name, { ...fetching, pollingIntervalSeconds: options.pollSeconds, perJobResults: true }, (jobs) =>
      Promise.all(
        jobs.map(async (job) => {
          try {
            await handler(job.data);
            return { id: job.id, status: 'completed' as const };
          } catch (err) {
            // pg-boss serializes the error (serialize-error) as it does for a handler that throws.
            return { id: job.id, status: 'failed' as const, output: err };
          }
        }),
      ),
    );
  };
  await work('post.publish', batchedFetching(options.concurrency, options.batchSize));
  await work('post.close', batchedFetching(Math.max(1, Math.floor(options.concurrency / 2)), options.batchSize));
  await work('campaign.occurrence', { localConcurrency: 2, batchSize: 1 });
  await work('maintenance.sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('maintenance.sweep', options.maintenanceCron, {}, { tz: 'UTC' });
  // Responses: few, small, and never urgent; their network calls wait behind publishing anyway.
  await work('responses.telegram-updates', { localConcurrency: 2, batchSize: 1 });
  await work('responses.poll', { localConcurrency: 2, batchSize: 1 });
  await work('responses.poll-sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('responses.poll-sweep', options.pollSweepCron, {}, { tz: 'UTC' });
  // Webhooks: deliveries spend their time waiting on receivers.
  await work('webhooks.deliver', batchedFetching(options.webhookConcurrency, options.batchSize));
  await work('webhooks.dispatch', { localConcurrency: 1, batchSize: 1 });
  await work('webhooks.sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('webhooks.sweep', options.webhookSweepCron, {}, { tz: 'UTC' });
  await work('webhooks.summary', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('webhooks.summary', options.responseSummaryCron, {}, { tz: 'UTC' });
  // Verifying addresses: a few at once is plenty, each call waits behind publishing anyway.
  await work('registry.verify', { localConcurrency: 2, batchSize: 1 });
  await work('registry.sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('registry.sweep', options.registrySweepCron, {}, { tz: 'UTC' });
}
