import { z } from 'zod';
import { NETWORKS } from '../registry/channel-schema.js';

const secret = (what: string) => z.string().trim().min(8, `must be a ${what}`).max(2000);

// What each network needs to post (platforms.md). Strict, so a typo'd field name is an error, not a silently missing token.
export const credentialsSchema = z.discriminatedUnion('network', [
  z.strictObject({
    network: z.literal('telegram'),
    botToken: z.string().trim().regex(/^\d{5,}:[A-Za-z0-9_-]{30,}$/, 'must be a bot token from @BotFather, like 123456:ABC-DEF…'),
  }),
  z.strictObject({ network: z.literal('vk'), userToken: secret('VK user access token with the "wall" right') }),
  z.strictObject({
    network: z.literal('facebook'),
    pageId: z.string().trim().regex(/^\d{5,25}$/, 'must be the numeric Page id'),
    pageToken: secret('Page access token'),
  }),
  z.strictObject({
    network: z.literal('linkedin'),
    accessToken: secret('LinkedIn access token'),
    authorUrn: z.string().trim().regex(/^urn:li:(organization:\d+|person:[A-Za-z0-9_-]+)$/, 'must be urn:li:organization:<id> or urn:li:person:<id>'),
  }),
  z.strictObject({
    network: z.literal('ok'),
    applicationKey: z.string().trim().min(4).max(200),
    applicationSecretKey: secret('OK application secret key'),
    accessToken: secret('OK access token'),
  }),
]);
export type CredentialsInput = z.infer<typeof credentialsSchema>;

export const ACCOUNT_STATUSES = ['unchecked', 'active', 'needs_reauth'] as const;

export const accountSchema = z
  .object({
    id: z.uuid(),
    network: z.enum(NETWORKS),
    name: z.string(),
    fingerprint: z.string().describe('Tells two credentials apart without revealing them'),
    status: z.enum(ACCOUNT_STATUSES),
    identity: z.string().nullable().describe('Who the network says the credentials belong to, after a check'),
    lastCheckedAt: z.string().nullable(),
    lastCheckError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Account' });

export const accountCreateSchema = z
  .strictObject({ name: z.string().trim().min(1).max(200), credentials: credentialsSchema })
  .meta({ id: 'AccountCreate' });

export const accountPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    credentials: credentialsSchema.optional().describe('New credentials for the same network (e.g. a refreshed token)'),
  })
  .meta({ id: 'AccountPatch' });

export const accountCheckSchema = z
  .object({
    ok: z.boolean(),
    status: z.enum(ACCOUNT_STATUSES),
    identity: z.string().nullable(),
    reason: z.string().nullable().describe('Why the check failed, as the network said it (never with a secret)'),
    retryAt: z
      .string()
      .nullable()
      .describe("When the check was not made because the account's rate limit is taken by publishing (or the network asked to wait): when to try again"),
    responses: z.string().describe("What the account needs for its posts' reactions, comments and views to reach the service"),
  })
  .meta({ id: 'AccountCheck' });
