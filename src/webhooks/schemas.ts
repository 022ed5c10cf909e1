// The outbound webhooks API's shapes: endpoints, their deliveries and attempts.
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES } from '../db/schema.js';
import { EVENT_TYPE_NAMES } from './event-types.js';

const eventTypes = z
  .array(z.enum(EVENT_TYPE_NAMES, { message: `must be one of ${EVENT_TYPE_NAMES.join(', ')}` }))
  .min(1)
  .max(EVENT_TYPE_NAMES.length)
  .nullable()
  .describe('The event types sent to this endpoint; null (or absent at creation): every type');

const endpointUrl = z
  .url({ protocol: /^https?$/, message: 'must be an https URL' })
  .max(2048)
  .describe('Where events are POSTed. https only (http with WEBHOOK_ALLOW_HTTP=true); private, loopback and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true');

export const endpointInputSchema = z
  .strictObject({
    url: endpointUrl,
    description: z.string().trim().min(1).max(500).optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional().describe('true by default'),
  });
export type EndpointInput = z.infer<typeof endpointInputSchema>;

export const endpointPatchSchema = z
  .strictObject({
    url: endpointUrl.optional(),
    description: z.string().trim().min(1).max(500).nullable().optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional().describe('true enables a disabled endpoint again (and forgets why it was disabled)'),
  });
export type EndpointPatch = z.infer<typeof endpointPatchSchema>;

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe('Why the service disabled it (410 Gone, five days of failures)'),
    disabledAt: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable().describe('After a rotation: until then, deliveries carry a signature with the previous secret too'),
    failingSince: z.string().nullable().describe('The first failed attempt since the last success'),
    lastSuccessAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type EndpointView = z.infer<typeof endpointSchema>;

export const endpointCreatedSchema = endpointSchema
  .extend({ secret: z.string().describe('The signing secret (whsec_…): shown this once, never again') })
  .meta({ id: 'WebhookEndpointCreated' });

export const rotatedSecretSchema = z
  .object({
    secret: z.string().describe('The new signing secret, shown this once'),
    previousSecretExpiresAt: z.string().describe('Until then, each delivery carries both signatures'),
  })
  .meta({ id: 'RotatedWebhookSecret' });

export const attemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  httpStatus: z.number().int().nullable().describe('null when no answer came (refused address, timeout, connection error)'),
  durationMs: z.number().int(),
  outcome: z.enum(['delivered', 'failed', 'gone', 'throttled', 'refused']),
  responseExcerpt: z.string().nullable().describe('The first 1,000 characters of the answer'),
  error: z.string().nullable(),
});

export const deliverySchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid().describe('The webhook-id header: the same on every attempt'),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).describe('pending/queued: waiting for its attempt; sending: out now; retrying: the next attempt is at nextAttemptAt; succeeded; failed: given up'),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    attemptLog: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type DeliveryView = z.infer<typeof deliverySchema>;

export const deliveryListQuery = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});

export const replayQuery = z.strictObject({
  since: z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time, e.g. 2026-11-30T08:00:00Z' }),
});

export const replayAnswerSchema = z.object({ queued: z.number().int().describe('Events sent again (those this endpoint had not received)') });
