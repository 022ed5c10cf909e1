// Runs the job handlers. Every queue in JOB_NAMES must have one: a job nobody handles would sit in
// the table forever while its post looks "queued", so a missing handler stops the process at boot.
import type { JobQueue } from './job-queue.js';
import { JOB_NAMES, type JobName, type JobPayloads } from './job-types.js';

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };

export class MissingHandlerError extends Error {}

export function checkHandlers(handlers: Partial<Record<string, unknown>>): asserts handlers is JobHandlers {
  const missing = JOB_NAMES.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new MissingHandlerError(`no handler for job(s): ${missing.join(', ')}`);
}

export interface WorkerOptions {
  // Publish and close jobs spend most of their time waiting (a rate slot, the network).
  concurrency: number;
  pollSeconds: number;
  maintenanceCron: string;
}

export async function startWorkers(queue: JobQueue, handlers: Partial<JobHandlers>, options: WorkerOptions): Promise<void> {
  checkHandlers(handlers);
  const { boss } = queue;
  const work = async <N extends JobName>(name: N, localConcurrency: number) => {
    const handler = handlers[name] as (data: JobPayloads[N]) => Promise<void>;
    await boss.work<JobPayloads[N]>(name, { localConcurrency, pollingIntervalSeconds: options.pollSeconds, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
  };
  await work('post.publish', options.concurrency);
  await work('post.close', Math.max(1, Math.floor(options.concurrency / 2)));
  await work('campaign.occurrence', 2);
  await work('maintenance.sweep', 1);
  await boss.schedule('maintenance.sweep', options.maintenanceCron, {}, { tz: 'UTC' });
}
