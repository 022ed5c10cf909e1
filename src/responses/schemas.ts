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
  views: z.number().int().nullable().describe("Views the networks counted (VK, OK); null where no post's network tells them (Telegram's Bot API, Facebook groups, LinkedIn)"),
  previews: z.number().int().describe('Requests for the tracked links by link-preview fetchers and bots: the post was delivered, nobody read it'),
  clicks: z.number().int().describe('Requests for the tracked links by people, while the vacancy was open'),
  uniqueClicks: z.number().int().describe('Different visitors among the clicks (one per visitor and day)'),
  closedClicks: z.number().int().describe('People who followed a link after the vacancy closed (they saw the closed page)'),
  clickThrough: z.number().nullable().describe('Clicks per view on the posts whose network counts views (0.042 = 4.2 %); null without views'),
  reactions: z.number().int().describe('Reactions (likes) the networks reported: Telegram reaction updates, VK likes, OK and Facebook counters'),
  reposts: z.number().int().describe('Reposts and shares the networks reported'),
  comments: z.number().int().describe('Comments on the posts: those delivered to the service, or the count a network reported if more'),
  applications: z.number().int().describe('Applications attributed to the posts (POST /v1/applications)'),
  lastResponseAt: z.string().nullable().describe('The latest click, preview, comment or application'),
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
  counters: z
    .object({
      views: z.number().int().nullable(),
      reactions: z.number().int().nullable(),
      reposts: z.number().int().nullable(),
      comments: z.number().int().nullable(),
      readAt: z.string().nullable().describe('When the network last told a number (a poll, or a pushed reaction)'),
      note: z.string().nullable().describe('Why the last read told nothing (the post is gone, the token cannot read it…)'),
    })
    .nullable()
    .describe('The latest counters the network told about this post; null until it has told any (null fields: it does not tell that one)'),
});

export const pageQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const commentSchema = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  postPermalink: z.string().nullable(),
  groupId: z.uuid(),
  groupName: z.string(),
  network: z.string(),
  authorName: z.string().nullable().describe('As the network shows it; VK sends only the author\'s page'),
  authorUrl: z.string().nullable(),
  text: z.string(),
  at: z.string(),
  editedAt: z.string().nullable(),
});
export const commentPageSchema = z.object({ items: z.array(commentSchema), nextCursor: z.string().nullable() });

export const hookInputSchema = z
  .strictObject({
    groupId: z.string().regex(/^\d{1,12}$/, 'must be the numeric id of the VK community').optional().describe('VK: the community whose events these are'),
    confirmationCode: z.string().trim().min(1).max(64).optional().describe('VK: the string the Callback API settings page asks the server to answer'),
    secret: z.string().min(8).max(50).regex(/^[A-Za-z0-9]+$/, 'must be 8–50 Latin letters and digits').optional().describe("VK: the secret key you set in the Callback API settings (kept encrypted, never returned)"),
    appSecret: z.string().regex(/^[0-9a-f]{32}$/, 'must be the app secret: 32 hexadecimal characters').optional().describe("Facebook: the app's secret, which signs its webhook deliveries (kept encrypted, never returned)"),
    verifyToken: z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'must be 8–200 printable characters without spaces').optional().describe("Facebook: the verify token you typed into the app's Webhooks settings (kept as a hash)"),
  })
  .describe('Telegram: an empty object. VK: the community, its confirmation string and the secret you set there. Facebook: the app secret and the verify token.');

export const hookSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  kind: z
    .enum(['telegram_webhook', 'telegram_updates', 'vk_callback', 'facebook_feed'])
    .describe('telegram_webhook: Telegram calls `url`; telegram_updates: the service fetches them (no PUBLIC_BASE_URL); vk_callback: VK calls `url`; facebook_feed: Facebook calls `url`'),
  url: z.string().nullable().describe('Where the network delivers (VK: paste it into the Callback API settings)'),
  groupId: z.string().nullable().describe('VK: the community; Facebook: the Page'),
  confirmationCode: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
