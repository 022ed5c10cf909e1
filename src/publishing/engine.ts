// The publishing engine's parts, wired once for a process: what each job does, and with what.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { EngineJobName, JobHandlers } from '../jobs/workers.js';
import type { Adapters, Credentials } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import type { NetworkLimits } from '../ratelimit/network-limits.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import type { Renderer } from '../rendering/renderer.js';
import type { AccountRow } from '../repositories/account-repo.js';
import { createMaintenance } from './maintenance.js';
import { createOccurrenceRunner } from './occurrence-runner.js';
import { createPostCloser } from './post-closer.js';
import { createPublisher } from './publisher.js';
import type { PublishQueue } from './publish-queue.js';
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { AddressResolver } from '../services/address-resolution.js';
import type { TrackedLinks } from '../responses/tracked-links.js';

export interface EngineDeps {
  db: Db;
  jobs: JobQueue;
  queue: PublishQueue;
  limiter: RateLimiter;
  adapters: Adapters;
  renderer: Renderer;
  limits: Record<NetworkName, NetworkLimits>;
  unseal(account: AccountRow): Credentials;
  resolver: AddressResolver;
  /** Each new post's own apply link (recurring occurrences make posts too). */
  links: TrackedLinks;
  log: FastifyBaseLogger;
  metrics: Pick<EngineMetrics, 'observeTurnWait'>;
  maxAttempts: number;
  callBoundMs: number;
}

export function createEngine(deps: EngineDeps) {
  const { db, jobs, queue, limiter } = deps;
  const observeTurnWait = deps.metrics.observeTurnWait;
  const common = { db, jobs, adapters: deps.adapters, limiter, limits: deps.limits, unseal: deps.unseal, log: deps.log, observeTurnWait };
  const publisher = createPublisher({ ...common, queue, resolver: deps.resolver, renderer: deps.renderer, maxAttempts: deps.maxAttempts, callBoundMs: deps.callBoundMs });
  const closer = createPostCloser({ ...common, leadMs: queue.leadMs });
  const occurrences = createOccurrenceRunner({ db, jobs, queue, links: deps.links });
  const maintenance = createMaintenance({ db, queue, limiter });
  const handlers: Pick<JobHandlers, EngineJobName> = {
    'post.publish': (data) => publisher.run(data.postId, data.slot),
    'post.close': (data) => closer.run(data),
    'campaign.occurrence': (data) => occurrences.run(data.campaignId, data.occurrence),
    'maintenance.sweep': async () => {
      const { strays } = await maintenance.run();
      if (strays > 0) deps.log.warn({ strays }, 'maintenance re-enqueued posts whose job was lost');
    },
  };
  return { publisher, closer, occurrences, maintenance, handlers };
}

export type Engine = ReturnType<typeof createEngine>;
