// The events an endpoint may receive. Each is written by the database in the transaction of its
// change (migrations/0010_webhooks.sql), except those the dispatcher and deliverer notice after a
// commit (campaign.completed, endpoint.disabled) and webhook.test.
export const WEBHOOK_EVENT_TYPES = {
  'vacancy.created': 'A vacancy was created (through the API, an import or an ATS connector)',
  'vacancy.updated': 'A vacancy\'s content changed',
  'vacancy.closed': 'A vacancy was closed; its posts are edited or removed by the close policy',
  'vacancy.reopened': 'A closed vacancy was opened again',
  'campaign.created': 'A campaign was launched',
  'campaign.completed': 'Every post of a campaign settled and no occurrence follows',
  'post.published': 'A post went out; `data.post.permalink` links to it where the network tells',
  'post.suggested': 'A post was sent as a suggestion to a community that moderates its wall',
  'post.awaiting_manual': 'A post waits for a person to paste it (assisted) or to decide about it',
  'post.failed': 'A post could not be published; `data.post.error` says why',
  'post.unknown': 'A post\'s outcome is unknown (the network did not answer in time): a person must check before any retry',
  'post.removed': 'A published post was removed (the vacancy closed with the delete policy)',
  'group.status_changed': 'A group became postable again, or broke (chat gone, bot removed, wall closed…), with the reason; `data.change.source` says who noticed (verify, sweep, a refused post)',
  'account.needs_reauth': 'A network account\'s credentials stopped working; its posts wait',
  'response.comment': 'A comment on a post arrived from its network',
  'response.application': 'An application was attributed to a post',
  'response.summary': 'Hourly, when it changed: what a vacancy\'s posts brought (views, clicks, reactions, comments, applications), in total, per network and per group',
  'endpoint.disabled': 'An endpoint was disabled (it answered 410, or failed every delivery for 5 days)',
  'webhook.test': 'Sent by POST /v1/webhook-endpoints/{id}/test, to this endpoint only',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]];
