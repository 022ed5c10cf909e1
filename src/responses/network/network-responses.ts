// Responses the networks tell: the hooks they deliver to, the facts recorded from them, Telegram's
// fetched updates and the counters polled from VK, OK and Facebook, with the jobs that run them.
import type { Db } from '../../db/database.js';
import type { accounts } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { JobHandlers } from '../../jobs/workers.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { Adapters } from '../../networks/index.js';
import type { Credentials } from '../../networks/types.js';
import type { LimitedCalls } from '../../ratelimit/limited-call.js';
import { createCounterPolling } from './counter-polling.js';
import { createFactStore } from './fact-store.js';
import { createHookService } from './hook-service.js';
import { createTelegramUpdatesFetcher } from './telegram-updates.js';

export type ResponseJobName = 'responses.telegram-updates' | 'responses.poll-sweep' | 'responses.poll';

export function createNetworkResponses(deps: {
  db: Db;
  box: SecretBox;
  adapters: Adapters;
  calls: LimitedCalls;
  jobs: JobQueue;
  unseal: (row: typeof accounts.$inferSelect) => Credentials;
  publicBaseUrl: string | undefined;
  telegramUpdatesEveryMs: number;
  onSkippedUpdate?: (err: unknown, hookId: string, updateId: number) => void;
}) {
  const facts = createFactStore(deps.db);
  const hooks = createHookService(deps);
  const updates = createTelegramUpdatesFetcher({ ...deps, hooks, facts, everyMs: deps.telegramUpdatesEveryMs, onSkipped: deps.onSkippedUpdate });
  const polling = createCounterPolling(deps);
  const handlers: Pick<JobHandlers, ResponseJobName> = {
    'responses.telegram-updates': updates.fetchUpdates,
    // The sweep also restarts any fetch chain that stopped: it runs every ten minutes anyway.
    'responses.poll-sweep': async () => {
      await polling.sweep();
      await updates.revive();
    },
    'responses.poll': polling.poll,
  };
  return { facts, hooks, polling, updates, handlers };
}

export type NetworkResponses = ReturnType<typeof createNetworkResponses>;
