// Outbound webhooks, wired: the endpoints' API service, the dispatcher's chain, the deliverer, and
// their job handlers.
import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobHandlers } from '../jobs/workers.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { createResponseReports } from '../responses/response-reports.js';
import { createDeliverer } from './deliverer.js';
import { createDispatcher } from './dispatcher.js';
import { createWebhookEndpoints } from './endpoint-service.js';
import { createResponseSummaries } from './response-summary.js';

// Every minute: a stopped dispatcher chain is noticed within two.
export const WEBHOOK_SWEEP_CRON = '* * * * *';

export function createWebhooks(deps: {
  db: Db;
  jobs: JobQueue;
  box: SecretBox;
  allowHttp: boolean;
  allowPrivate: boolean;
  dispatchEveryMs: number;
  reports: ReturnType<typeof createResponseReports>;
}) {
  const policy = { allowHttp: deps.allowHttp, allowPrivate: deps.allowPrivate };
  const dispatcher = createDispatcher({ db: deps.db, jobs: deps.jobs, everyMs: deps.dispatchEveryMs });
  const deliverer = createDeliverer({ db: deps.db, jobs: deps.jobs, box: deps.box, policy });
  const endpoints = createWebhookEndpoints({ db: deps.db, box: deps.box, jobs: deps.jobs, dispatcher, policy });
  const summaries = createResponseSummaries({ db: deps.db, reports: deps.reports });
  const handlers: Pick<JobHandlers, 'webhooks.deliver' | 'webhooks.dispatch' | 'webhooks.sweep' | 'webhooks.summary'> = {
    'webhooks.deliver': deliverer.deliver,
    'webhooks.dispatch': async (data) => void (await dispatcher.dispatch(data)),
    'webhooks.sweep': async () => void (await dispatcher.sweep()),
    'webhooks.summary': async () => void (await summaries.run()),
  };
  return { endpoints, dispatcher, deliverer, summaries, handlers };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
