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
  'post.close': { postId: string; tries?: number; slot?: number };
  // Periodic clean-up: expired idempotency keys, old rate reservations, stray posts.
  'maintenance.sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES = ['post.publish', 'campaign.occurrence', 'post.close', 'maintenance.sweep'] as const satisfies readonly JobName[];

// Retries here cover a handler that threw (database hiccup); a network outcome never throws, it is
// recorded on the post and, where safe, re-planned as a new job. A publish job lost mid-call is
// retried after its heartbeat lapses, and then finds its post in 'sending' and marks it unknown.
export const QUEUE_OPTIONS: Readonly<Record<JobName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; heartbeatSeconds?: number; expireInSeconds: number }>> = {
  'post.publish': { retryLimit: 10, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 300 },
  'campaign.occurrence': { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  'post.close': { retryLimit: 10, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 10, expireInSeconds: 300 },
  'maintenance.sweep': { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 600 },
};
