import { z } from 'zod';
import { NETWORKS } from '../registry/channel-schema.js';
import type { PreviewService } from '../services/preview-service.js';
import { previewAnswer, previewProblems } from '../examples/vacancies.js';
import { App, BEARER, answer, authErrors, idParams } from './route-kit.js';

const previewSchema = z
  .object({
    network: z.enum(NETWORKS),
    groupId: z.uuid().nullable(),
    template: z.enum(['bundled', 'workspace', 'group']).describe('Which template rendered it'),
    text: z.string().describe('Exactly what would be posted'),
    length: z.number().int().describe('As the network counts it (Telegram: visible text), in UTF-16 code units'),
    limit: z.number().int(),
    truncated: z.boolean(),
    warnings: z.array(z.string()).describe('Truncation, no apply link, missing required hashtags, group rule problems'),
  })
  .meta({ id: 'Preview' });

export async function previewRoutes(app: App, opts: { previews: PreviewService }) {
  app.get('/vacancies/:id/preview', {
    schema: {
      operationId: 'previewVacancy',
      summary: 'Render a vacancy for a group or a network, with its length and warnings',
      tags: ['vacancies'],
      security: BEARER,
      params: idParams,
      querystring: z.strictObject({
        groupId: z.uuid().optional().describe('Render for this group (its network, template, rules)'),
        network: z.enum(NETWORKS).optional().describe('Or for a network with no group'),
      }),
      response: {
        200: answer('Exactly what would be posted, its length against the limit, and what to fix', previewSchema, previewAnswer),
        ...authErrors({
          400: { description: 'Invalid input: every bad field is listed in errors[]; give groupId or network', examples: previewProblems.neither },
          404: { description: 'No such vacancy, or no such group, in this workspace', examples: previewProblems.notFound },
        }),
      },
    },
    handler: async (request) => opts.previews.preview(request.auth, request.params.id, request.query),
  });
}
