// /v1/webhook-endpoints: where this workspace's events are sent, and what became of each delivery.
import { z } from 'zod';
import {
  deliveryAnswer, deliveryListAnswer, endpointAnswer, endpointCreatedAnswer, endpointInputExamples, endpointListAnswer,
  endpointPatchExamples, endpointProblems, queuedDeliveryAnswer, rotatedAnswer,
} from '../examples/webhooks.js';
import { requireAdmin } from '../plugins/auth.js';
import { App, BEARER, CONSUMES, answer, authErrors, idParams, missing } from '../routes/route-kit.js';
import type { WebhookEndpoints } from './endpoint-service.js';
import {
  deliveryListQuery, deliverySchema, endpointCreatedSchema, endpointInputSchema, endpointPatchSchema, endpointSchema,
  replayAnswerSchema, replayQuery, rotatedSecretSchema,
} from './schemas.js';

const tags = ['webhooks'];
const deliveryParams = idParams.extend({ deliveryId: z.uuid({ message: 'must be a UUID' }) });
const refusedUrl = { 422: { description: 'The URL is not https, or its host is (or resolves to) a private, loopback or link-local address', examples: endpointProblems.refused } };
const disabled = { 409: { description: 'The endpoint is disabled', examples: endpointProblems.disabled } };

export async function webhookRoutes(app: App, opts: { endpoints: WebhookEndpoints }) {
  const { endpoints } = opts;

  app.post('/webhook-endpoints', {
    schema: {
      operationId: 'createWebhookEndpoint',
      summary: 'Send events to a URL, signed the Standard Webhooks way (admin)',
      description:
        'Every delivery is a POST with `webhook-id` (the same on every attempt), `webhook-timestamp` and `webhook-signature` ' +
        '(`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with the secret answered here, shown once), and a body `{type, timestamp, data}`. ' +
        'A 2xx answer is success; anything else is tried again (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with jitter; `Retry-After` honoured). ' +
        '410 disables the endpoint, as do five days of failures. The event types are listed under `webhooks` in this document.',
      tags,
      security: BEARER,
      body: endpointInputSchema,
      bodyExamples: endpointInputExamples,
      response: { 201: answer('Created: keep the secret, it is not shown again', endpointCreatedSchema, endpointCreatedAnswer), ...authErrors(403, 413, 415, refusedUrl) },
    },
    preHandler: requireAdmin,
    handler: async (request, reply) => reply.code(201).send(await endpoints.create(request.auth, request.body)),
  });

  app.get('/webhook-endpoints', {
    schema: {
      operationId: 'listWebhookEndpoints',
      summary: "This workspace's webhook endpoints (secrets are never shown)",
      tags,
      security: BEARER,
      response: { 200: answer('The endpoints, oldest first', z.object({ items: z.array(endpointSchema) }), endpointListAnswer), ...authErrors() },
    },
    handler: async (request) => ({ items: await endpoints.list(request.auth) }),
  });

  app.get('/webhook-endpoints/:id', {
    schema: {
      operationId: 'getWebhookEndpoint',
      summary: 'One webhook endpoint',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('The endpoint', endpointSchema, endpointAnswer), ...authErrors(missing('webhook endpoint')) },
    },
    handler: async (request) => endpoints.get(request.auth, request.params.id),
  });

  app.patch('/webhook-endpoints/:id', {
    schema: {
      operationId: 'updateWebhookEndpoint',
      summary: 'Change the URL, description or event types, or disable and enable (admin)',
      tags,
      security: BEARER,
      params: idParams,
      consumes: CONSUMES.mergePatch,
      body: endpointPatchSchema,
      bodyExamples: endpointPatchExamples,
      response: { 200: answer('The endpoint after the change', endpointSchema, endpointAnswer), ...authErrors(403, 413, 415, missing('webhook endpoint'), refusedUrl) },
    },
    preHandler: requireAdmin,
    handler: async (request) => endpoints.update(request.auth, request.params.id, request.body),
  });

  app.delete('/webhook-endpoints/:id', {
    schema: {
      operationId: 'deleteWebhookEndpoint',
      summary: 'Stop sending to this endpoint, and forget its deliveries (admin)',
      tags,
      security: BEARER,
      params: idParams,
      response: { 204: z.undefined().describe('Deleted'), ...authErrors(403, missing('webhook endpoint')) },
    },
    preHandler: requireAdmin,
    handler: async (request, reply) => {
      await endpoints.remove(request.auth, request.params.id);
      return reply.code(204).send();
    },
  });

  app.post('/webhook-endpoints/:id/rotate-secret', {
    schema: {
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret; for 24 hours every delivery is signed with both (admin)',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('The new secret, shown once', rotatedSecretSchema, rotatedAnswer), ...authErrors(403, missing('webhook endpoint')) },
    },
    preHandler: requireAdmin,
    handler: async (request) => endpoints.rotateSecret(request.auth, request.params.id),
  });

  app.get('/webhook-endpoints/:id/deliveries', {
    schema: {
      operationId: 'listWebhookDeliveries',
      summary: "The endpoint's deliveries, newest first, each with its attempts",
      tags,
      security: BEARER,
      params: idParams,
      querystring: deliveryListQuery,
      response: {
        200: answer('A page of deliveries', z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), deliveryListAnswer),
        ...authErrors(missing('webhook endpoint')),
      },
    },
    handler: async (request) => endpoints.deliveries(request.auth, request.params.id, request.query),
  });

  app.post('/webhook-endpoints/:id/deliveries/:deliveryId/retry', {
    schema: {
      operationId: 'retryWebhookDelivery',
      summary: 'Attempt a delivery again now (a failed one gets one more attempt)',
      tags,
      security: BEARER,
      params: deliveryParams,
      response: {
        202: answer('Queued', deliverySchema, queuedDeliveryAnswer),
        ...authErrors(missing('webhook endpoint or delivery'), { 409: { description: 'Being attempted now, or the endpoint is disabled', examples: { ...endpointProblems.busy, ...endpointProblems.disabled } } }),
      },
    },
    handler: async (request, reply) => reply.code(202).send(await endpoints.retry(request.auth, request.params.id, request.params.deliveryId)),
  });

  app.post('/webhook-endpoints/:id/replay', {
    schema: {
      operationId: 'replayWebhookEvents',
      summary: 'Send again every event since a time that this endpoint did not receive',
      description: 'Events it never got (created while it was disabled, or filtered out then) and those whose delivery failed; at most 10,000 per call. Events are kept 30 days.',
      tags,
      security: BEARER,
      params: idParams,
      querystring: replayQuery,
      response: { 202: answer('Queued', replayAnswerSchema, { replayed: { value: { queued: 14 } } }), ...authErrors(missing('webhook endpoint'), disabled) },
    },
    handler: async (request, reply) => reply.code(202).send(await endpoints.replay(request.auth, request.params.id, new Date(request.query.since))),
  });

  app.post('/webhook-endpoints/:id/test', {
    schema: {
      operationId: 'testWebhookEndpoint',
      summary: 'Send a webhook.test event to this endpoint',
      tags,
      security: BEARER,
      params: idParams,
      response: { 202: answer('Queued: see its attempts in the deliveries', deliverySchema, queuedDeliveryAnswer), ...authErrors(missing('webhook endpoint'), disabled) },
    },
    handler: async (request, reply) => reply.code(202).send(await endpoints.test(request.auth, request.params.id)),
  });
}
