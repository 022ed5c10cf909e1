// The publishing engine's parts, wired once for a process: what each job does, and with what.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobHandlers } from '../jobs/workers.js';
import type { Adapters, Credentials } from '../networks/index.js';
import type { NetworkName } from '../networks/types.js';
import type { NetworkLimits } from '../ratelimit/network-limits.js';
import { createRateLimiter } from '../ratelimit/rate-limiter.js';
import type { Renderer } from '../rendering/renderer.js';
import { createMaintenance } from './maintenance.js';
import { createOccurrenceRunner } from './occurrence-runner.js';
import { createPostCloser } from './post-closer.js';
import { createPublisher, LEASE_GRACE_MS } from './publisher.js';

export interface EngineDeps {
  db: Db;
  jobs: JobQueue;
  adapters: Adapters;
  renderer: Renderer;
  limits: Record<NetworkName, NetworkLimits>;
  openCredentials(workspaceId: string, accountId: string): Promise<Credentials>;
  log: FastifyBaseLogger;
  marginMs: number;
  maxAttempts: number;
  networkTimeoutMs: number;
}

export function createEngine(deps: EngineDeps) {
  const limiter = createRateLimiter({ marginMs: deps.marginMs, inFlightMs: deps.networkTimeoutMs + LEASE_GRACE_MS });
  const common = { db: deps.db, jobs: deps.jobs, adapters: deps.adapters, limiter, limits: deps.limits, openCredentials: deps.openCredentials, log: deps.log };
  const publisher = createPublisher({ ...common, renderer: deps.renderer, maxAttempts: deps.maxAttempts, networkTimeoutMs: deps.networkTimeoutMs });
  const closer = createPostCloser(common);
  const occurrences = createOccurrenceRunner({ db: deps.db, jobs: deps.jobs });
  const maintenance = createMaintenance({ db: deps.db, jobs: deps.jobs, limiter });
  const handlers: JobHandlers = {
    'post.publish': (data) => publisher.run(data.postId, data.slot),
    'post.close': (data) => closer.run(data.postId, data.tries ?? 1, data.slot),
    'campaign.occurrence': (data) => occurrences.run(data.campaignId, data.occurrence),
    'maintenance.sweep': async () => {
      const { strays } = await maintenance.run();
      if (strays > 0) deps.log.warn({ strays }, 'maintenance re-enqueued posts whose job was lost');
    },
  };
  return { limiter, publisher, closer, occurrences, maintenance, handlers };
}

export type Engine = ReturnType<typeof createEngine>;
