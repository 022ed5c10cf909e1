// /v1/ats-connectors (set up, with an API key) and /hooks/ats/{connectorId} (where the ATS
// delivers, authenticated by its signature alone).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  connectorAnswer, connectorInputExamples, connectorListAnswer, connectorPatchExamples, inboundAnswers, inboundDeliveriesAnswer, inboundExamples, inboundIgnoredAnswer, inboundProblems,
} from '../examples/ats.js';
import { requireAdmin } from '../plugins/auth.js';
import { keepRawJsonBody, rawBodyOf } from '../plugins/raw-json-body.js';
import { App, BEARER, CONSUMES, answer, authErrors, idParams, missing, problems } from '../routes/route-kit.js';
import type { AtsConnectors } from './connector-service.js';
import type { AtsInbound } from './inbound.js';
import { connectorCreatedSchema, connectorInputSchema, connectorPatchSchema, connectorSchema, inboundAnswerSchema, inboundDeliverySchema } from './schemas.js';

const tags = ['ats'];

export async function atsConnectorRoutes(app: App, opts: { connectors: AtsConnectors }) {
  const { connectors } = opts;
  app.post('/ats-connectors', {
    schema: {
      operationId: 'createAtsConnector',
      summary: 'Let an ATS push its vacancies (Huntflow, Greenhouse, or any Standard Webhooks sender) (admin)',
      description:
        'Answers the `inboundUrl` to enter in the ATS. Huntflow: Settings → Webhooks, the events VACANCY, with the same secret. ' +
        'Greenhouse: Dev Center → Web Hooks, the job and job post events, with the same secret key. ' +
        'A vacancy the ATS opens is created (keyed by the ATS id as its externalId) and, with `campaign`, posted; closed there, it is closed here and its posts follow the close policy.',
      tags,
      security: BEARER,
      body: connectorInputSchema,
      bodyExamples: connectorInputExamples,
      response: { 201: answer('Created', connectorCreatedSchema, connectorAnswer), ...authErrors(403, 413, 415) },
    },
    preHandler: requireAdmin,
    handler: async (request, reply) => reply.code(201).send(await connectors.create(request.auth, request.body)),
  });
  app.get('/ats-connectors', {
    schema: { operationId: 'listAtsConnectors', summary: "This workspace's ATS connectors (secrets are never shown)", tags, security: BEARER, response: { 200: answer('The connectors', z.object({ items: z.array(connectorSchema) }), connectorListAnswer), ...authErrors() } },
    handler: async (request) => ({ items: await connectors.list(request.auth) }),
  });
  app.get('/ats-connectors/:id', {
    schema: { operationId: 'getAtsConnector', summary: 'One ATS connector', tags, security: BEARER, params: idParams, response: { 200: answer('The connector', connectorSchema, connectorAnswer), ...authErrors(missing('ATS connector')) } },
    handler: async (request) => connectors.get(request.auth, request.params.id),
  });
  app.patch('/ats-connectors/:id', {
    schema: {
      operationId: 'updateAtsConnector',
      summary: 'Change its name, secret, defaults or campaign, or disable it (admin)',
      tags,
      security: BEARER,
      params: idParams,
      consumes: CONSUMES.mergePatch,
      body: connectorPatchSchema,
      bodyExamples: connectorPatchExamples,
      response: { 200: answer('The connector after the change', connectorSchema, connectorAnswer), ...authErrors(403, 413, 415, missing('ATS connector')) },
    },
    preHandler: requireAdmin,
    handler: async (request) => connectors.update(request.auth, request.params.id, request.body),
  });
  app.delete('/ats-connectors/:id', {
    schema: { operationId: 'deleteAtsConnector', summary: 'Stop taking deliveries from this ATS (its vacancies stay) (admin)', tags, security: BEARER, params: idParams, response: { 204: z.undefined().describe('Deleted'), ...authErrors(403, missing('ATS connector')) } },
    preHandler: requireAdmin,
    handler: async (request, reply) => {
      await connectors.remove(request.auth, request.params.id);
      return reply.code(204).send();
    },
  });
  app.get('/ats-connectors/:id/deliveries', {
    schema: {
      operationId: 'listAtsDeliveries',
      summary: 'What the ATS sent, newest first, with what became of each',
      tags,
      security: BEARER,
      params: idParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(100).optional() }),
      response: { 200: answer('A page of deliveries', z.object({ items: z.array(inboundDeliverySchema), nextCursor: z.string().nullable() }), inboundDeliveriesAnswer), ...authErrors(missing('ATS connector')) },
    },
    handler: async (request) => connectors.deliveries(request.auth, request.params.id, request.query),
  });
}

export async function atsHookRoutes(app: App, opts: { inbound: AtsInbound }) {
  // The signature covers the body's exact bytes.
  await app.register(async (signed) => {
    keepRawJsonBody(signed);
    signed.withTypeProvider<ZodTypeProvider>().post('/hooks/ats/:connectorId', {
      schema: {
        operationId: 'receiveAtsDelivery',
        summary: 'An ATS delivers a vacancy event (or, generic connectors, an application)',
        description:
          'Huntflow: `X-Huntflow-Signature` (hex HMAC-SHA256 of the body), `X-Huntflow-Event`, `X-Huntflow-Delivery`. ' +
          'Greenhouse: `Signature: sha256 <hex HMAC-SHA256 of the body>`, `Greenhouse-Event-ID`. ' +
          'Generic: Standard Webhooks headers, body `{type: vacancy.created|vacancy.updated|vacancy.closed|vacancy.reopened|application.created, data}` with `data` a JobPosting or an application. ' +
          'Each delivery id is processed once; a bad signature answers 401 and writes nothing; an event this service does not act on answers 202.',
        tags,
        security: [],
        params: z.object({ connectorId: z.uuid({ message: 'must be a UUID' }) }),
        body: z.record(z.string(), z.unknown()),
        bodyExamples: inboundExamples,
        response: {
          200: answer('Done (updated, closed, reopened, an application, a ping; or a repeat of a processed delivery)', inboundAnswerSchema, inboundAnswers),
          201: answer('A vacancy was created (and its default campaign launched)', inboundAnswerSchema, inboundAnswers),
          202: answer('Taken, nothing to do (an event type or a vacancy this service does not act on)', inboundAnswerSchema, inboundIgnoredAnswer),
          ...problems(400, { 401: "The signature does not verify with the connector's secret", 404: 'No such connector, or it is disabled', 422: { description: 'The delivery cannot become a vacancy (the field is named; the body is kept for inspection)', examples: inboundProblems } }, 413, 415),
        },
      },
      handler: async (request, reply) => {
        const answered = await opts.inbound.receive(request.params.connectorId, rawBodyOf(request), request.headers);
        return reply.code(answered.status as 200 | 201 | 202).send(answered.body);
      },
    });
  });
}
