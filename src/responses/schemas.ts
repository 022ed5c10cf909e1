// The responses API's shapes: recording an application, and the per-group reports.
import { z } from 'zod';
import { NETWORKS, isValidTimeZone } from '../registry/channel-schema.js';
import { LINK_CODE_PATTERN } from './link-codes.js';

export const applicationInputSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).describe("The application's id in the ATS (or any id unique in the workspace): the same id twice records one application"),
    candidate: z.string().trim().min(1).max(500).optional().describe('The candidate as the ATS knows them: an id or a profile link'),
    appliedAt: z.iso.datetime({ offset: true }).optional().describe('When the candidate applied; now when absent'),
    code: z.string().regex(LINK_CODE_PATTERN, 'must be the twelve-character code of a tracked link (the part after /r/)').optional().describe('The tracked link the candidate came through'),
    postId: z.uuid({ message: 'must be a UUID' }).optional().describe('The post the candidate came from'),
    utm: z
      .strictObject({
        campaign: z.uuid({ message: 'must be a UUID (the utm_campaign of the link: a campaign id)' }),
        content: z.string().trim().min(1).max(200).describe("utm_content: the group's slug"),
      })
      .optional()
      .describe('The utm_campaign and utm_content the apply link carried (a direct link, without tracking)'),
  })
  .superRefine((v, ctx) => {
    const given = (['code', 'postId', 'utm'] as const).filter((k) => v[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given.length === 0 ? ['code'] : [given[1]!],
        message: given.length === 0 ? 'say where the candidate came from: one of code, postId or utm' : `give one of code, postId or utm, not ${given.join(' and ')}`,
      });
    }
  });
export type ApplicationInput = z.infer<typeof applicationInputSchema>;

export const applicationSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  candidate: z.string().nullable(),
  appliedAt: z.string(),
  via: z.enum(['link_code', 'post_id', 'utm']).describe('How the application was attributed to its post'),
  postId: z.uuid(),
  vacancyId: z.uuid(),
  groupId: z.uuid(),
  campaignId: z.uuid(),
  createdAt: z.string(),
});

const counts = {
  posts: z.number().int().describe('Posts of the vacancy in this group (every occurrence, whatever its status)'),
  previews: z.number().int().describe('Requests for the tracked links by link-preview fetchers and bots: the post was delivered, nobody read it'),
  clicks: z.number().int().describe('Requests for the tracked links by people, while the vacancy was open'),
  uniqueClicks: z.number().int().describe('Different visitors among the clicks (one per visitor and day)'),
  closedClicks: z.number().int().describe('People who followed a link after the vacancy closed (they saw the closed page)'),
  applications: z.number().int().describe('Applications attributed to the posts (POST /v1/applications)'),
  lastResponseAt: z.string().nullable().describe('The latest click, preview or application'),
};

export const groupResponsesSchema = z.object({
  groupId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  network: z.string(),
  ...counts,
});

export const vacancyResponsesQuery = z.strictObject({
  interval: z.enum(['day']).optional().describe('`day`: add `series`, the counts day by day, for a chart'),
  timeZone: z
    .string()
    .max(64)
    .refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Moscow"')
    .default('UTC')
    .describe("Where the series' days begin and end (IANA); UTC by default"),
});

export const dayCountsSchema = z.object({
  day: z.string().describe('YYYY-MM-DD in the time zone asked for'),
  previews: z.number().int(),
  clicks: z.number().int(),
  uniqueClicks: z.number().int(),
  closedClicks: z.number().int(),
  applications: z.number().int(),
});

export const vacancyResponsesSchema = z.object({
  vacancyId: z.uuid(),
  tracking: z.object({
    enabled: z.boolean().describe('Whether new posts get tracked links (PUBLIC_BASE_URL is set)'),
    warning: z.string().optional(),
  }),
  totals: z.object(counts),
  networks: z.array(z.object({ network: z.string(), ...counts })),
  groups: z.array(groupResponsesSchema).describe('Every group the vacancy was posted to, most applications first, then most clicks'),
  series: z
    .array(dayCountsSchema)
    .optional()
    .describe('With `interval=day`: every day from the first post to today (at most the last 366), empty days as zeros'),
});

const isoInstant = z.iso.datetime({ offset: true });
export const groupReportQuery = z.strictObject({
  network: z.enum(NETWORKS).optional(),
  tag: z.string().trim().min(1).max(100).optional().describe("Only vacancies with this tag (a profession, seniority or hashtag, as in the vacancies' `tag` filter)"),
  from: isoInstant.optional().describe('Only posts that went out at or after this instant'),
  to: isoInstant.optional().describe('…and before this one'),
});
export const groupReportListQuery = groupReportQuery.extend({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Groups per page'),
});

const performanceCounts = {
  posts: z.number().int().describe('Posts that went out (published, or suggested to the group\'s admins)'),
  previews: z.number().int(),
  clicks: z.number().int(),
  uniqueClicks: z.number().int(),
  applications: z.number().int(),
  clicksPerPost: z.number(),
  applicationsPerPost: z.number(),
  lastResponseAt: z.string().nullable(),
};
const groupNames = { groupId: z.uuid(), slug: z.string(), name: z.string(), network: z.string() };

export const groupPerformanceSchema = z.object({ ...groupNames, ...performanceCounts });
export const groupPerformanceDetailSchema = z.object({
  ...groupNames,
  ...performanceCounts,
  vacancies: z.array(z.object({ vacancyId: z.uuid(), title: z.string(), ...performanceCounts })).describe('Per vacancy posted to the group, best first'),
});

export const postResponsesSchema = z.object({
  postId: z.uuid(),
  groupId: z.uuid(),
  network: z.string(),
  trackedLink: z.string().nullable().describe("The post's tracked link, when it has one"),
  ...counts,
});
