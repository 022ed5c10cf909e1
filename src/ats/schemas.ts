// The ATS connectors API's shapes.
import { z } from 'zod';
import { ATS_KINDS } from '../db/schema.js';
import { campaignCreateSchema } from '../schemas/publishing.js';
import { vacancyPatchSchema } from '../schemas/vacancy.js';

const defaults = vacancyPatchSchema
  .pick({ applyUrl: true, contacts: true, hiringOrganization: true, language: true, audience: true, hashtags: true, jobLocation: true, jobLocationType: true, employmentType: true })
  .describe("What the ATS's vacancies get when the ATS does not say it: no ATS sends an apply link or contacts (a vacancy needs one), Greenhouse sends no company");

const secret = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(200)
  .describe('The secret the ATS signs with (Huntflow: the webhook\'s secret; Greenhouse: the secret key). For a generic connector, leave it out: one is made (whsec_…) and shown once');

export const connectorInputSchema = z
  .strictObject({
    kind: z.enum(ATS_KINDS),
    name: z.string().trim().min(1).max(200),
    secret: secret.optional(),
    defaults: defaults.optional(),
    campaign: campaignCreateSchema.nullable().optional().describe('Launched for every vacancy the ATS opens (created open, or reopened): the targets and timing POST /v1/vacancies/{id}/campaigns takes'),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'generic' && v.secret === undefined) ctx.addIssue({ code: 'custom', path: ['secret'], message: `is required for ${v.kind}: the same secret you enter in ${v.kind === 'huntflow' ? 'Huntflow' : 'Greenhouse'}` });
    if (v.kind === 'generic' && v.secret !== undefined && !isSigningSecret(v.secret)) ctx.addIssue({ code: 'custom', path: ['secret'], message: GENERIC_SECRET_RULE });
  });

// A Standard Webhooks key is the base64 after "whsec_": a string that decodes to little or nothing
// ("################" decodes to zero bytes) would be a key anyone can sign with.
export const GENERIC_SECRET_RULE = 'must be "whsec_" followed by the base64 of 24 to 64 random bytes (or leave it out: one is made)';
export function isSigningSecret(secret: string): boolean {
  const body = secret.startsWith('whsec_') ? secret.slice(6) : undefined;
  if (body === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}
export type ConnectorInput = z.infer<typeof connectorInputSchema>;

export const connectorPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  secret: secret.optional(),
  defaults: defaults.optional(),
  campaign: campaignCreateSchema.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type ConnectorPatch = z.infer<typeof connectorPatchSchema>;

export const connectorSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(ATS_KINDS),
    name: z.string(),
    inboundUrl: z.string().describe('Where the ATS sends its webhooks (relative when PUBLIC_BASE_URL is not set)'),
    defaults: z.record(z.string(), z.unknown()),
    campaign: z.record(z.string(), z.unknown()).nullable(),
    enabled: z.boolean(),
    lastDeliveryAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AtsConnector' });
export type ConnectorView = z.infer<typeof connectorSchema>;

export const connectorCreatedSchema = connectorSchema.extend({
  secret: z.string().optional().describe('Only for a generic connector whose secret was made here: shown this once'),
});

export const inboundDeliverySchema = z.object({
  id: z.uuid(),
  deliveryKey: z.string().describe("The ATS's delivery id (or sha256 of the body when it gives none)"),
  event: z.string().nullable(),
  outcome: z.enum(['created', 'updated', 'closed', 'reopened', 'application', 'ping', 'ignored', 'refused']),
  httpStatus: z.number().int(),
  detail: z.string().nullable(),
  vacancyId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  body: z.unknown().describe('The body as received, kept when it could not be mapped'),
  receivedAt: z.string(),
});

export const inboundAnswerSchema = z.object({
  outcome: z.enum(['created', 'updated', 'closed', 'reopened', 'application', 'ping', 'ignored', 'refused']),
  vacancyId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  detail: z.string().optional(),
  duplicate: z.boolean().optional(),
});
