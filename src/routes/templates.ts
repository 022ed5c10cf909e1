import { z } from 'zod';
import { NETWORKS } from '../registry/channel-schema.js';
import type { PreviewService } from '../services/preview-service.js';
import { templateAnswer, templateProblems, templatePutExamples } from '../examples/registry.js';
import { App, BEARER, answer, authErrors, missing } from './route-kit.js';

const tags = ['templates'];
const networkParams = z.object({ network: z.enum(NETWORKS) });
const templateSchema = z
  .object({
    network: z.enum(NETWORKS),
    from: z.enum(['bundled', 'workspace']),
    source: z.string(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Template' });

export async function templateRoutes(app: App, opts: { previews: PreviewService }) {
  const { previews } = opts;

  app.get('/templates/:network', {
    schema: {
      operationId: 'getTemplate',
      summary: "The Handlebars template the workspace uses for a network (its own, or the bundled one)",
      tags,
      security: BEARER,
      params: networkParams,
      response: { 200: answer('The template in use: from "workspace" (its own) or "bundled"', templateSchema, templateAnswer), ...authErrors() },
    },
    handler: async (request) => previews.getTemplate(request.auth, request.params.network),
  });

  app.put('/templates/:network', {
    schema: {
      operationId: 'putTemplate',
      summary: "Replace the workspace's template for a network",
      description: 'The template is compiled in strict mode and rendered against sample vacancies before it is saved; a broken one is refused with 422 naming the line.',
      tags,
      security: BEARER,
      params: networkParams,
      body: z.strictObject({ source: z.string().min(1).max(20_000) }),
      bodyExamples: templatePutExamples,
      response: {
        200: answer('Saved: it compiled and rendered every sample vacancy', templateSchema, templateAnswer),
        ...authErrors(413, 415, { 422: { description: 'It does not compile or render (the line is named)', examples: templateProblems.invalid } }),
      },
    },
    handler: async (request) => previews.putTemplate(request.auth, request.params.network, request.body.source),
  });

  app.delete('/templates/:network', {
    schema: {
      operationId: 'deleteTemplate',
      summary: 'Go back to the bundled template for a network',
      tags,
      security: BEARER,
      params: networkParams,
      response: { 204: z.undefined().describe('Back to the bundled template'), ...authErrors(missing('template override')) },
    },
    handler: async (request, reply) => {
      await previews.deleteTemplate(request.auth, request.params.network);
      return reply.code(204).send();
    },
  });
}
