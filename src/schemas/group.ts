import { z } from 'zod';
import {
  CHANNEL_LANGUAGES,
  GROUP_KINDS,
  GROUP_STATUSES,
  NETWORKS,
  POSTING_MODES,
  groupRulesSchema,
  groupTagsSchema,
  postingHoursSchema,
} from '../registry/channel-schema.js';

export const readFactsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('The facts as the network told them');

// What the network last told about the group's address (src/registry-live).
export const verificationSchema = z
  .object({
    at: z.string(),
    source: z.enum(['address', 'verify', 'sweep', 'publish', 'import']),
    outcome: z.enum(['postable', 'broken', 'unverifiable']),
    detail: z.string(),
    accountId: z.string().nullable(),
    facts: z
      .object({ name: z.string(), url: z.string(), members: z.number().nullable(), access: z.enum(['post', 'suggest', 'none']), explanation: z.string(), read: readFactsSchema })
      .nullable(),
    suggestedMode: z.object({ mode: z.string(), why: z.string() }).nullable(),
  })
  .meta({ id: 'GroupVerification' });

export const groupSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    source: z.enum(['curated', 'custom']).describe('curated: from channels/ (synced at start); custom: made by this workspace'),
    network: z.enum(NETWORKS),
    name: z.string(),
    kind: z.enum(GROUP_KINDS),
    language: z.enum(CHANNEL_LANGUAGES),
    tags: z.object({ professions: z.array(z.string()), cities: z.array(z.string()), remote: z.boolean() }),
    mode: z.enum(POSTING_MODES),
    address: z.string().nullable(),
    status: z.enum(GROUP_STATUSES),
    rules: z.object({
      requiredHashtags: z.array(z.string()),
      maxLength: z.number().nullable(),
      minDaysBetweenPosts: z.number(),
      postingHours: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
      adsAllowed: z.boolean().nullable(),
    }),
    notes: z.string().nullable(),
    accountId: z.uuid().nullable(),
    templateOverride: z.string().nullable(),
    editedFields: z.array(z.string()).describe('Fields this workspace changed; a sync from channels/ keeps them'),
    verification: verificationSchema.nullable().describe("The last verification of the address: the facts read, the mode they allow; null until verified"),
    verifiedAt: z.string().nullable(),
    brokenCode: z.string().nullable().describe('broken only: bot_removed, bot_not_admin, not_found, deleted, wall_closed, private, refused'),
    brokenReason: z.string().nullable().describe("broken only: the network's reason, in its words"),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Group' });

const rulesPatch = z.strictObject({
  requiredHashtags: groupRulesSchema.shape.requiredHashtags.optional(),
  maxLength: groupRulesSchema.shape.maxLength.optional(),
  minDaysBetweenPosts: groupRulesSchema.shape.minDaysBetweenPosts.optional(),
  postingHours: postingHoursSchema.optional(),
  adsAllowed: groupRulesSchema.shape.adsAllowed.optional(),
});

export const groupPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(300).optional(),
    kind: z.enum(GROUP_KINDS).optional(),
    language: z.enum(CHANNEL_LANGUAGES).optional(),
    tags: groupTagsSchema.optional(),
    mode: z.enum(POSTING_MODES).optional(),
    address: z.string().trim().min(1).max(500).nullable().optional().describe('Telegram @username or chat id; VK group id or screen name; URL for assisted groups'),
    rules: rulesPatch.optional().describe('Only the rules given change'),
    notes: z.string().max(2000).nullable().optional(),
    accountId: z.uuid().nullable().optional().describe('The network account that posts into this group'),
    disabled: z.boolean().optional().describe('true: never targeted; false: active again (or needs_address)'),
    templateOverride: z.string().max(20_000).nullable().optional().describe("This group's own Handlebars template; null reverts"),
  })
  .meta({ id: 'GroupPatch' });
export type GroupPatch = z.infer<typeof groupPatchSchema>;

export const groupCreateSchema = z
  .strictObject({
    slug: z.string().max(80).optional().describe('Defaults to one made from the network and name'),
    network: z.enum(NETWORKS),
    name: z.string().trim().min(1).max(300),
    kind: z.enum(GROUP_KINDS).default('group'),
    language: z.enum(CHANNEL_LANGUAGES).default('ru'),
    tags: groupTagsSchema.default({ professions: [], cities: [], remote: false }),
    mode: z.enum(POSTING_MODES),
    address: z.string().trim().min(1).max(500).nullable().default(null),
    rules: rulesPatch.default({}),
    notes: z.string().max(2000).nullable().default(null),
    accountId: z.uuid().nullable().default(null),
  })
  .meta({ id: 'GroupCreate' });
export type GroupCreate = z.infer<typeof groupCreateSchema>;
