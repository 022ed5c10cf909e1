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
      z.strictObject({
        groupIds: z
          .array(z.string().min(1).max(100))
          .min(1)
          .max(500)
          .describe('Exactly these groups, by id or slug (as the plan\'s `include`). A 422 lists every one that cannot be posted to'),
      }),
      z.strictObject({ plan: targetingRequestSchema.describe('The groups POST /v1/vacancies/{id}/plan selects with this request') }),
    ]),
    timing: timingSchema.describe('now | at (local time + IANA zone) | staggered (window + minimum gap) | recurring (cron or RRULE in a zone)'),
  })
  .meta({ id: 'CampaignCreate' });

// Enough of a group to tell a person where a post goes without a second request.
export const groupRefSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), network: z.enum(NETWORKS) })
  .meta({ id: 'GroupRef' });

export const postSchema = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    vacancyId: z.uuid(),
    groupId: z.uuid().describe('The same as group.id (kept for compatibility)'),
    group: groupRefSchema.describe('The group the post goes to'),
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
    group: groupRefSchema.describe('The group to paste it in'),
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

/** A filter taking one value or several (the parameter repeated: ?status=unknown&status=failed). */
function oneOrMany<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  const message = `must be ${values.join(', ')}; repeat the parameter for several`;
  return z
    .union([z.enum(values), z.array(z.enum(values)).min(1).max(values.length)], { error: message })
    .optional()
    .describe(`${what}: one or several (repeat the parameter)`);
}

// A bound on an instant: a date-time with offset, or a date alone meaning 00:00 UTC that day.
const instant = (what: string) =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: 'must be an ISO 8601 date-time with offset ("2026-12-01T10:00:00+03:00") or a date ("2026-12-01", 00:00 UTC)',
    })
    .optional()
    .describe(what);

const cursor = z.string().min(1).max(200).optional().describe('nextCursor from the previous page');
const pageLimit = z.coerce.number().int().min(1).max(500).default(100).describe('Items per page');

export const postFilterQuery = z.strictObject({
  status: oneOrMany(POST_STATUSES, 'Post status'),
  network: z.enum(NETWORKS).optional().describe('Only posts to this network'),
  groupId: z.uuid({ message: 'must be a UUID' }).optional().describe("Only posts to this group (its id)"),
  vacancyId: z.uuid({ message: 'must be a UUID' }).optional().describe('Only posts of this vacancy'),
  campaignId: z.uuid({ message: 'must be a UUID' }).optional().describe('Only posts of this campaign'),
  hold: z
    .enum([...POST_HOLDS, 'any', 'none'])
    .optional()
    .describe('Pending posts held for this reason; "any": held for any reason; "none": not held'),
  dueFrom: instant('Only posts due at or after this instant (dueAt ≥ dueFrom)'),
  dueTo: instant('Only posts due before this instant (dueAt < dueTo)'),
  cursor,
  limit: pageLimit,
});

export const campaignFilterQuery = z.strictObject({
  vacancyId: z.uuid({ message: 'must be a UUID' }).optional().describe('Only campaigns of this vacancy'),
  status: oneOrMany(CAMPAIGN_STATUSES, 'Campaign status as shown (completed: nothing left to do)'),
  cursor,
  limit: pageLimit,
});

export const workspaceSettingsSchema = z
  .object({ closePolicy: z.enum(['edit', 'delete', 'leave']).describe('What closing a vacancy does to its published posts') })
  .meta({ id: 'WorkspaceSettings' });
export const workspaceSettingsPatchSchema = z.strictObject({ closePolicy: z.enum(['edit', 'delete', 'leave']) });
