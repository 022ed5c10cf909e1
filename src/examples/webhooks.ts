// Outbound webhooks in the API docs: an ATS's endpoint, its deliveries, and one payload per event type.
import type { Examples } from '../plugins/openapi-examples.js';
import type { WebhookEventType } from '../webhooks/event-types.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

const ENDPOINT_ID = '019a7b14-1a00-7a01-8c00-2d3e4f5a6b70';
const DELIVERY_ID = '019a7b14-1b00-7b02-9d00-3e4f5a6b7c81';
const EVENT_ID = '019a7b14-1c00-7c03-8e00-4f5a6b7c8d92';

export const endpointInputExamples: Examples = {
  'post outcomes to an ATS': {
    summary: 'Only what happens to posts',
    value: { url: 'https://ats.zerno.example/hooks/crossposter', description: 'Huntflow bridge', eventTypes: ['post.published', 'post.failed', 'post.unknown', 'response.application'] },
  },
  everything: { summary: 'Every event type', value: { url: 'https://integrations.zerno.example/crossposter' } },
};

export const endpointPatchExamples: Examples = {
  'pause it': { value: { enabled: false } },
  'every event': { summary: 'null: every event type', value: { eventTypes: null, description: 'All events' } },
};

const endpoint = {
  id: ENDPOINT_ID,
  url: 'https://ats.zerno.example/hooks/crossposter',
  description: 'Huntflow bridge',
  eventTypes: ['post.published', 'post.failed', 'post.unknown', 'response.application'],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  previousSecretExpiresAt: null,
  failingSince: null,
  lastSuccessAt: AT.published,
  createdAt: AT.created,
  updatedAt: AT.created,
};

export const endpointAnswer: Examples = { endpoint: { value: endpoint } };
export const endpointListAnswer: Examples = { 'one endpoint': { value: { items: [endpoint] } } };
export const endpointCreatedAnswer: Examples = {
  created: { summary: 'Keep the secret: it is not shown again', value: { ...endpoint, lastSuccessAt: null, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
};
export const rotatedAnswer: Examples = {
  rotated: { value: { secret: 'whsec_9sT0uV1wX2yZ3aB4cD5eF6gH7iJ8kL9m', previousSecretExpiresAt: '2026-11-03T09:40:00.000Z' } },
};

const delivery = {
  id: DELIVERY_ID,
  eventId: EVENT_ID,
  eventType: 'post.published',
  status: 'succeeded',
  attempts: 2,
  nextAttemptAt: null,
  lastError: null,
  createdAt: AT.published,
  updatedAt: '2026-11-02T10:00:07.950Z',
  attemptLog: [
    { attempt: 1, at: '2026-11-02T10:00:02.100Z', httpStatus: 503, durationMs: 41, outcome: 'throttled', responseExcerpt: 'upstream unavailable', error: null },
    { attempt: 2, at: '2026-11-02T10:00:07.900Z', httpStatus: 204, durationMs: 38, outcome: 'delivered', responseExcerpt: null, error: null },
  ],
};
export const deliveryAnswer: Examples = { delivery: { value: delivery } };
export const queuedDeliveryAnswer: Examples = { queued: { value: { ...delivery, status: 'queued', nextAttemptAt: AT.updated } } };
export const deliveryListAnswer: Examples = { 'latest first': { value: { items: [delivery], nextCursor: null } } };

export const endpointProblems = {
  refused: refusal(422, 'webhook-url-refused', 'The endpoint URL is refused: the host resolves to 10.0.0.7, a private address', {
    errors: [{ field: 'url', in: 'body', message: 'the host resolves to 10.0.0.7, a private address' }],
  }),
  disabled: refusal(409, 'endpoint-disabled', 'The endpoint is disabled (the endpoint answered 410 Gone): enable it first (PATCH enabled: true)'),
  busy: refusal(409, 'delivery-in-progress', 'The delivery is being attempted now: see its status'),
};

// ---- the events, as an endpoint receives them ----

const vacancy = { id: EXAMPLE_ID.vacancy, externalId: 'huntflow:4471', title: 'Интернет-маркетолог', status: 'open', updatedAt: AT.updated, closedAt: null };
const postData = (status: string, extra: Record<string, unknown> = {}) => ({
  post: {
    id: EXAMPLE_ID.post, status, network: 'telegram', mode: 'api', occurrence: 1, attempt: 1,
    permalink: status === 'published' ? 'https://t.me/zerno_jobs/812' : null, networkPostId: status === 'published' ? '812' : null,
    publishedAt: status === 'published' ? AT.published : null, dueAt: AT.campaign, trackedLink: 'https://jobs.zerno.example/r/Xk3fQ9aLw2Pz', error: null,
    ...extra,
  },
  vacancy,
  group: { id: EXAMPLE_ID.group, slug: 'telegram-zerno-jobs', name: 'Работа в Зерне', network: 'telegram', address: '@zerno_jobs' },
  campaign: { id: EXAMPLE_ID.campaign },
  note: null,
});

export const EVENT_EXAMPLES: Record<WebhookEventType, unknown> = {
  'vacancy.created': { vacancy },
  'vacancy.updated': { vacancy },
  'vacancy.closed': { vacancy: { ...vacancy, status: 'closed', closedAt: '2026-11-20T17:00:00.000Z' } },
  'vacancy.reopened': { vacancy },
  'campaign.created': { campaign: { id: EXAMPLE_ID.campaign, status: 'active', timing: { type: 'now' }, groups: 12, createdAt: AT.campaign }, vacancy },
  'campaign.completed': { campaign: { id: EXAMPLE_ID.campaign, status: 'completed', endReason: null, posts: { published: 11, awaiting_manual: 0, failed: 1 } }, vacancy },
  'post.published': postData('published'),
  'post.suggested': postData('suggested'),
  'post.awaiting_manual': postData('awaiting_manual', { mode: 'assisted', network: 'facebook' }),
  'post.failed': postData('failed', { error: 'Bad Request: chat not found' }),
  'post.unknown': postData('unknown', { error: 'no answer within 15 s' }),
  'post.removed': postData('removed'),
  'group.status_changed': {
    group: { id: EXAMPLE_ID.group, slug: 'telegram-zerno-jobs', name: 'Работа в Зерне', network: 'telegram', mode: 'api', address: '@zerno_jobs' },
    change: { from: 'active', to: 'broken', code: 'bot_removed', reason: 'Forbidden: bot was kicked from the channel chat', source: 'sweep', at: '2026-11-09T03:12:40.000Z' },
  },
  'account.needs_reauth': { account: { id: EXAMPLE_ID.account, name: 'Zerno bot', network: 'telegram', reason: 'Unauthorized' } },
  'response.comment': {
    ...postData('published'),
    comment: { id: '019a7b15-0000-7000-8000-000000000001', network: 'telegram', authorName: 'Анна', authorUrl: 'https://t.me/anna_k', text: 'Можно удалённо?', at: '2026-11-02T11:20:00.000Z' },
  },
  'response.application': {
    ...postData('published'),
    application: { id: '019a7b20-1a00-7a01-8b00-1c2d3e4f5a60', externalId: 'huntflow-applicant-88121', candidate: 'https://huntflow.example/applicants/88121', via: 'link_code', appliedAt: '2026-11-02T11:02:00.000Z' },
  },
  'response.summary': {
    vacancy: { id: EXAMPLE_ID.vacancy, externalId: 'huntflow:4471', title: 'Интернет-маркетолог', status: 'open' },
    totals: { posts: 2, views: 1840, previews: 3, clicks: 53, uniqueClicks: 49, closedClicks: 0, clickThrough: 0.0288, reactions: 14, reposts: 2, comments: 2, applications: 3, lastResponseAt: '2026-11-02T15:20:11.000Z' },
    networks: [{ network: 'telegram', posts: 1, views: null, previews: 2, clicks: 41, uniqueClicks: 37, closedClicks: 0, clickThrough: null, reactions: 14, reposts: 0, comments: 2, applications: 3, lastResponseAt: '2026-11-02T15:20:11.000Z' }],
    groups: [{ groupId: EXAMPLE_ID.group, slug: 'telegram-zerno-jobs', name: 'Работа в Зерне', network: 'telegram', posts: 1, views: null, previews: 2, clicks: 41, uniqueClicks: 37, closedClicks: 0, clickThrough: null, reactions: 14, reposts: 0, comments: 2, applications: 3, lastResponseAt: '2026-11-02T15:20:11.000Z' }],
  },
  'endpoint.disabled': { endpoint: { id: ENDPOINT_ID, url: 'https://old-ats.zerno.example/hooks', reason: 'the endpoint answered 410 Gone' } },
  'webhook.test': { endpoint: { id: ENDPOINT_ID, url: endpoint.url }, message: "A test event: the signature verifies with this endpoint's secret" },
};
