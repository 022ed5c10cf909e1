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
  /** The most jobs one fetch of the publish, close and delivery queues takes (JOB_BATCH_SIZE). */
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

export async function startWorkers(queue: JobQueue, handlers: Partial<JobHandlers>, options: WorkerOptions): Promise<void> {
  checkHandlers(handlers);
  const { boss } = queue;
  const work = async <N extends JobName>(name: N, fetching: { localConcurrency: number; batchSize: number }) => {
    const handler = handlers[name] as (data: JobPayloads[N]) => Promise<void>;
    await boss.work<JobPayloads[N]>(name, { ...fetching, pollingIntervalSeconds: options.pollSeconds }, async ([job]) => handler(job!.data));
  };
  // The queues whose jobs wait (a rate-limit turn, the network, a receiver): a pool each, so a job
  // that waits holds its own place only (job-pool.ts).
  const pool = <N extends JobName>(name: N, concurrency: number) =>
    queue.pool(name, { concurrency, batchSize: options.batchSize, pollSeconds: options.pollSeconds }, handlers[name] as (data: JobPayloads[N]) => Promise<void>);
  pool('post.publish', options.concurrency);
  pool('post.close', Math.max(1, Math.floor(options.concurrency / 2)));
  await work('campaign.occurrence', { localConcurrency: 2, batchSize: 1 });
  await work('maintenance.sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('maintenance.sweep', options.maintenanceCron, {}, { tz: 'UTC' });
  // Responses: few, small, and never urgent; their network calls wait behind publishing anyway.
  await work('responses.telegram-updates', { localConcurrency: 2, batchSize: 1 });
  await work('responses.poll', { localConcurrency: 2, batchSize: 1 });
  await work('responses.poll-sweep', { localConcurrency: 1, batchSize: 1 });
  await boss.schedule('responses.poll-sweep', options.pollSweepCron, {}, { tz: 'UTC' });
  // Webhooks: deliveries spend their time waiting on receivers.
  pool('webhooks.deliver', options.webhookConcurrency);
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
