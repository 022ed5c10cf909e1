import { z } from 'zod';
import { requireAdmin } from '../plugins/auth.js';
import type { ApiKeyService } from '../services/api-key-service.js';
import { apiKeyCreateExamples, apiKeyListAnswer, apiKeyProblems, createdApiKeyAnswer, revokedApiKeyAnswer } from '../examples/workspaces.js';
import { App, BEARER, answer, authErrors, idParams, missing } from './route-kit.js';

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(['admin', 'member']),
    hint: z.string().describe('First and last characters, to recognise a key; never the key'),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().describe('The secret. Shown in this response only; store it now.') })
  .meta({ id: 'CreatedApiKey' });

export async function apiKeyRoutes(app: App, opts: { apiKeys: ApiKeyService }) {
  app.post('/api-keys', {
    preHandler: requireAdmin,
    schema: {
      operationId: 'createApiKey',
      summary: 'Create an API key (the secret is shown once)',
      tags: ['api-keys'],
      security: BEARER,
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        role: z.enum(['admin', 'member']).default('member'),
      }),
      bodyExamples: apiKeyCreateExamples,
      response: { 201: answer('The key, with its secret shown this once', createdApiKeySchema, createdApiKeyAnswer), ...authErrors(403, 413, 415) },
    },
    handler: async (request, reply) => {
      const { key, view } = await opts.apiKeys.create(request.auth.workspaceId, request.body);
      return reply.code(201).send({ ...view, key });
    },
  });

  app.get('/api-keys', {
    schema: {
      operationId: 'listApiKeys',
      summary: "List the workspace's API keys, without secrets",
      tags: ['api-keys'],
      security: BEARER,
      response: { 200: answer("The workspace's keys, revoked ones included", z.object({ items: z.array(apiKeySchema) }), apiKeyListAnswer), ...authErrors() },
    },
    handler: async (request) => ({ items: await opts.apiKeys.list(request.auth.workspaceId) }),
  });

  app.delete('/api-keys/:id', {
    preHandler: requireAdmin,
    schema: {
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key; it stops working at once',
      tags: ['api-keys'],
      security: BEARER,
      params: idParams,
      response: {
        200: answer('Revoked (revoking twice changes nothing)', apiKeySchema, revokedApiKeyAnswer),
        ...authErrors(403, missing('API key'), { 409: { description: 'A key cannot revoke itself', examples: apiKeyProblems.revokeOwn } }),
      },
    },
    handler: async (request) => opts.apiKeys.revoke(request.auth, request.params.id),
  });
}
