// Every job the engine runs: its queue name and payload type, so producers and consumers are
// type-checked against one list, and the boot check can tell a queue without a handler.
export interface JobPayloads {
  // Publish one post (or park it for a person, or re-plan it); safe to run more than once.
  'post.publish': {
    postId: string;
    // A rate-limit slot (epoch ms) already reserved for this post: the job fires a little before it.
    slot?: number;
  };
  // Create the posts of one occurrence of a recurring campaign, and chain the next occurrence.
  'campaign.occurrence': { campaignId: string; occurrence: number };
  // Edit or delete one published post of a closed vacancy, per the workspace's close policy.
  // `edit`: a change that must be an edit (a delete was refused as too old), with the message's
  // kind when the network told it.
  'post.close': { postId: string; tries?: number; slot?: number; edit?: { messageKind?: 'text' | 'photo' } };
  // Periodic clean-up: expired idempotency keys, old rate reservations, stray posts.
  'maintenance.sweep': Record<string, never>;
  // Fetch a bot's Telegram updates (getUpdates) once, record them, and chain the next fetch.
  'responses.telegram-updates': { hookId: string; step?: number };
  // Periodic: find published posts whose counters are due a read, and hand them out per account.
  'responses.poll-sweep': Record<string, never>;
  // Read the counters of some posts of one account (as many as one call of its network takes).
  'responses.poll': { accountId: string; postIds: string[] };
  // One attempt at delivering one webhook event to one endpoint.
  'webhooks.deliver': { deliveryId: string };
  // One link of the dispatcher's chain: hand new deliveries to jobs, then chain the next link.
  'webhooks.dispatch': { step: number };
  // Periodic: restart a stopped dispatcher chain, forget old events.
  'webhooks.sweep': Record<string, never>;
  // Periodic: a response.summary for each recently posted vacancy whose responses changed.
  'webhooks.summary': Record<string, never>;
  // Weekly: hand every group with an address to registry.verify, spread out over hours.
  'registry.sweep': Record<string, never>;
  // Read one group's address again (through the limiter, behind publishing) and apply what it shows.
  'registry.verify': { workspaceId: string; groupId: string; source: 'sweep' | 'import' };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES = [
  'post.publish',
  'campaign.occurrence',
  'post.close',
  'maintenance.sweep',
  'responses.telegram-updates',
  'responses.poll-sweep',
  'responses.poll',
  'webhooks.deliver',
  'webhooks.dispatch',
  'webhooks.sweep',
  'webhooks.summary',
  'registry.sweep',
  'registry.verify',
] as const satisfies readonly JobName[];

// Retries here cover a handler that threw (database hiccup); a network outcome never throws, it is
// recorded on the post and, where safe, re-planned as a new job. A publish job lost mid-call is
// retried after its heartbeat lapses, and then finds its post in 'sending' and marks it unknown.
export interface QueueSettings { retryLimit: number; retryDelay: number; retryBackoff: boolean; heartbeatSeconds?: number; expireInSeconds: number }

export const QUEUE_OPTIONS: Readonly<Record<JobName, QueueSettings>> = {
  'post.publish': { retryLimit: 10, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 300 },
  'campaign.occurrence': { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  'post.close': { retryLimit: 10, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 300 },
  'maintenance.sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 600 },
  'responses.telegram-updates': { retryLimit: 20, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  'responses.poll-sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
  'responses.poll': { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  // Longer than a delivery's lease (deliverer.ts), so an expired job's retry finds the lease lapsed.
  'webhooks.deliver': { retryLimit: 10, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  'webhooks.dispatch': { retryLimit: 20, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  'webhooks.sweep': { retryLimit: 2, retryDelay: 30, retryBackoff: false, expireInSeconds: 120 },
  'webhooks.summary': { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 900 },
  'registry.sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 600 },
  // A verify waits at most a minute per call for its turn (verify-sweep.ts); three calls at most.
  'registry.verify': { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
};

/**
 * QUEUE_OPTIONS with publish and close jobs allowed to run longer than their longest legitimate
 * run (a wait for the rate-limit turn, the whole network call, its settling): pg-boss expires a job
 * that outlives its expireInSeconds and hands it to another worker, which must never happen to a
 * job whose call is still out. The job's post lease covers a dead worker; this covers a slow one.
 */
export function queueOptionsFor(longestRunMs: number): Record<JobName, QueueSettings> {
  const atLeast = (o: QueueSettings) => ({ ...o, expireInSeconds: Math.max(o.expireInSeconds, Math.ceil(longestRunMs / 1000) + 60) });
  return { ...QUEUE_OPTIONS, 'post.publish': atLeast(QUEUE_OPTIONS['post.publish']), 'post.close': atLeast(QUEUE_OPTIONS['post.close']) };
}
