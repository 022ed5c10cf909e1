// Keeps verifying: once a week every group with an address that the network can be asked about
// is handed to its own registry.verify job, spread over a few hours so the checks never crowd a
// campaign (each call also waits behind publishing on the shared limiter). A verify the network
// cannot take now is asked again when it says.
import { and, asc, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { groups } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobPayloads } from '../jobs/job-types.js';
import type { GroupVerification } from './group-verification.js';

// Mondays 03:00 UTC (06:00 in Moscow): before the working day's campaigns.
export const REGISTRY_SWEEP_CRON = '0 3 * * 1';
// The checks of one sweep are spread over this long, at most one every MAX_GAP_MS.
const SPREAD_MS = 4 * 60 * 60 * 1000;
const MAX_GAP_MS = 60_000;
// Networks with an API to ask (Facebook and LinkedIn groups have none).
const VERIFIABLE = ['telegram', 'vk', 'ok'] as const;
// A job waits this long for its calls' turns in all before it re-queues itself for later.
const JOB_WAIT_MS = 60_000;

export function createVerifySweep(deps: { db: Db; jobs: JobQueue; verification: GroupVerification; now?: () => number }) {
  const now = deps.now ?? Date.now;
  return {
    handlers: {
      async 'registry.sweep'(): Promise<void> {
        const due = await deps.db
          .select({ id: groups.id, workspaceId: groups.workspaceId })
          .from(groups)
          .where(and(inArray(groups.status, ['active', 'broken']), isNotNull(groups.address), inArray(groups.network, [...VERIFIABLE])))
          .orderBy(sql`${groups.verifiedAt} asc nulls first`, asc(groups.id));
        if (due.length === 0) return;
        const gap = Math.min(MAX_GAP_MS, Math.floor(SPREAD_MS / due.length));
        const start = now();
        await inTransaction(deps.db, (tx) =>
          deps.jobs.enqueueMany(
            tx,
            'registry.verify',
            due.map((g, i) => ({ data: { workspaceId: g.workspaceId, groupId: g.id, source: 'sweep' as const }, startAfter: new Date(start + i * gap) })),
          ),
        );
      },

      async 'registry.verify'(job: JobPayloads['registry.verify']): Promise<void> {
        const auth = { workspaceId: job.workspaceId };
        let result;
        try {
          result = await deps.verification.verify(auth, job.groupId, job.source, JOB_WAIT_MS);
        } catch (error) {
          // The group was deleted, or lost its address meanwhile: nothing left to verify.
          if (error instanceof Error && 'status' in error && [404, 409].includes((error as { status: number }).status)) return;
          throw error;
        }
        if (result.kind === 'later') {
          await inTransaction(deps.db, (tx) => deps.jobs.enqueue(tx, 'registry.verify', job, { startAfter: new Date(result.retryAt) }));
        }
      },
    },
  };
}

export type VerifySweep = ReturnType<typeof createVerifySweep>;
