import { z } from 'zod';
import { requireAdmin } from '../plugins/auth.js';
import type { WorkspaceService } from '../services/workspace-service.js';
import { createdApiKeySchema } from './api-keys.js';
import { createdWorkspaceAnswer, workspaceAnswer, workspaceCreateExamples } from '../examples/workspaces.js';
import { App, BEARER, answer, authErrors, idParams, missing } from './route-kit.js';

const workspaceSchema = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.string() })
  .meta({ id: 'Workspace' });

export async function workspaceRoutes(app: App, opts: { workspaces: WorkspaceService }) {
  app.post('/workspaces', {
    preHandler: requireAdmin,
    schema: {
      operationId: 'createWorkspace',
      summary: 'Create a separate workspace and its first admin key',
      description:
        'The new workspace shares nothing with the caller\'s: the returned admin key is the only way into it and is shown only in this response.',
      tags: ['workspaces'],
      security: BEARER,
      body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
      bodyExamples: workspaceCreateExamples,
      response: {
        201: answer('The new workspace and its first admin key', z.object({ workspace: workspaceSchema, apiKey: createdApiKeySchema }), createdWorkspaceAnswer),
        ...authErrors(403, 413, 415),
      },
    },
    handler: async (request, reply) => {
      const { workspace, key, keyView } = await opts.workspaces.create(request.body.name);
      return reply.code(201).send({ workspace, apiKey: { ...keyView, key } });
    },
  });

  app.get('/workspaces/current', {
    schema: {
      operationId: 'getCurrentWorkspace',
      summary: 'The workspace of the calling key',
      tags: ['workspaces'],
      security: BEARER,
      response: { 200: answer("The calling key's workspace", workspaceSchema, workspaceAnswer), ...authErrors() },
    },
    handler: async (request) => opts.workspaces.get(request.auth, request.auth.workspaceId),
  });

  app.get('/workspaces/:id', {
    schema: {
      operationId: 'getWorkspace',
      summary: 'A workspace by id (only the caller\'s own; any other id answers 404)',
      tags: ['workspaces'],
      security: BEARER,
      params: idParams,
      response: { 200: answer('The workspace', workspaceSchema, workspaceAnswer), ...authErrors(missing('workspace')) },
    },
    handler: async (request) => opts.workspaces.get(request.auth, request.params.id),
  });
}

