// Campaigns, posts and their history as the API shows them.
import { z } from 'zod';
import { CAMPAIGN_STATUSES, POST_HOLDS, POST_STATUSES } from '../db/schema.js';
import { NETWORKS } from '../registry/channel-schema.js';
import { targetingRequestSchema } from '../routes/plans.js';
import { timingSchema } from '../scheduling/timing.js';

const isoDate = z.string().describe('ISO 8601 date-time (UTC)');

export const campaignCreateSchema = z
  .strictObject({
    targets: z.union([
      z.strictObject({ groupIds: z.array(z.uuid({ message: 'must be a UUID' })).min(1).max(500).describe('Exactly these groups') }),
      z.strictObject({ plan: targetingRequestSchema.describe('The groups POST /v1/vacancies/{id}/plan selects with this request') }),
    ]),
    timing: timingSchema.describe('now | at (local time + IANA zone) | staggered (window + minimum gap) | recurring (cron or RRULE in a zone)'),
  })
  .meta({ id: 'CampaignCreate' });

export const postSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    vacancyId: z.uuid(),
    groupId: z.uuid(),
    network: z.enum(NETWORKS),
    mode: z.enum(['api', 'suggest', 'assisted']),
    occurrence: z.number().int(),
    status: z.enum(POST_STATUSES),
    hold: z.enum(POST_HOLDS).nullable().describe('Why a pending post waits: its campaign is paused, or its account needs new credentials'),
    dueAt: isoDate,
    attempt: z.number().int(),
    address: z.string().nullable(),
    applyUrl: z.string().nullable().describe("This post's own apply link (tagged with utm_* for the group and campaign)"),
    networkPostId: z.string().nullable(),
    permalink: z.string().nullable(),
    publishedAt: isoDate.nullable(),
    closedEditAt: isoDate.nullable().describe('When closing the vacancy edited or removed the post'),
    lastError: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: 'Post' });

export const postEventSchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    campaignId: z.uuid(),
    at: isoDate,
    from: z.enum(POST_STATUSES).nullable(),
    to: z.enum(POST_STATUSES),
    attempt: z.number().int(),
    note: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PostEvent' });

export const postWithHistorySchema = postSchema.extend({ history: z.array(postEventSchema) }).meta({ id: 'PostWithHistory' });

export const campaignSchema = z
  .object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    status: z.enum(CAMPAIGN_STATUSES),
    timing: z.unknown(),
    targets: z.unknown(),
    groupIds: z.array(z.uuid()),
    nextOccurrence: z.number().int().nullable(),
    nextOccurrenceAt: isoDate.nullable(),
    posts: z.record(z.string(), z.number().int()).describe('Post count by status'),
    endReason: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
    endedAt: isoDate.nullable(),
  })
  .meta({ id: 'Campaign' });

export const campaignCreatedSchema = z.object({ campaign: campaignSchema, posts: z.array(postSchema) }).meta({ id: 'CampaignCreated' });

export const assistedTaskSchema = z
  .object({
    postId: z.uuid(),
    vacancyId: z.uuid(),
    campaignId: z.uuid(),
    network: z.enum(NETWORKS),
    groupId: z.uuid(),
    groupName: z.string().nullable(),
    groupUrl: z.string().nullable().describe('Where to paste the post'),
    text: z.string().describe('The post, ready to paste'),
    applyUrl: z.string().nullable(),
    reason: z.string().describe('Why a person is needed'),
    dueAt: isoDate,
  })
  .meta({ id: 'AssistedTask' });

export const markPublishedSchema = z
  .strictObject({
    permalink: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).describe('The link to the post on the network'),
    networkPostId: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'MarkPublished' });

export const skipSchema = z.strictObject({ reason: z.string().min(1).max(500).optional() }).meta({ id: 'SkipPost' });

export const listQuery = z.strictObject({
  status: z.enum(POST_STATUSES).optional(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const historyQuery = listQuery.omit({ status: true });

export const workspaceSettingsSchema = z
  .object({ closePolicy: z.enum(['edit', 'delete', 'leave']).describe('What closing a vacancy does to its published posts') })
  .meta({ id: 'WorkspaceSettings' });
export const workspaceSettingsPatchSchema = z.strictObject({ closePolicy: z.enum(['edit', 'delete', 'leave']) });
