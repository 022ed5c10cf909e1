import { z } from 'zod';
import { GROUP_STATUSES, NETWORKS, POSTING_MODES } from '../registry/channel-schema.js';
import { groupCreateSchema, groupPatchSchema, groupSchema } from '../schemas/group.js';
import type { GroupService } from '../services/group-service.js';
import { App, BEARER, authErrors, idParams } from './route-kit.js';

const tags = ['groups'];

const listQuery = z.strictObject({
  network: z.enum(NETWORKS).optional(),
  mode: z.enum(POSTING_MODES).optional(),
  status: z.enum(GROUP_STATUSES).optional(),
  tag: z.string().trim().min(1).max(40).optional().describe('A profession (marketing), a city slug (moscow) or "remote"'),
  q: z.string().trim().min(1).max(200).optional().describe('Text in the name'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().min(1).max(200).optional(),
});

export async function groupRoutes(app: App, opts: { groups: GroupService }) {
  const { groups } = opts;

  app.get('/groups', {
    schema: {
      operationId: 'listGroups',
      summary: "List the workspace's target groups (curated and custom)",
      tags,
      security: BEARER,
      querystring: listQuery,
      response: { 200: z.object({ items: z.array(groupSchema), nextCursor: z.string().nullable() }), ...authErrors() },
    },
    handler: async (request) => groups.list(request.auth, request.query),
  });

  app.post('/groups', {
    schema: {
      operationId: 'createGroup',
      summary: 'Add a custom group',
      tags,
      security: BEARER,
      body: groupCreateSchema,
      response: { 201: groupSchema, ...authErrors(409, 413, 415, 422) },
    },
    handler: async (request, reply) => reply.code(201).send(await groups.create(request.auth, request.body)),
  });

  app.get('/groups/:id', {
    schema: {
      operationId: 'getGroup',
      summary: 'Read a group',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: groupSchema, ...authErrors(404) },
    },
    handler: async (request) => groups.get(request.auth, request.params.id),
  });

  app.patch('/groups/:id', {
    schema: {
      operationId: 'updateGroup',
      summary: 'Set a group\'s address, rules, account or template; disable or enable it',
      description: 'Fields changed here are remembered: a later sync from channels/ does not overwrite them.',
      tags,
      security: BEARER,
      params: idParams,
      body: groupPatchSchema,
      response: { 200: groupSchema, ...authErrors(404, 413, 415, 422) },
    },
    handler: async (request) => groups.update(request.auth, request.params.id, request.body),
  });
}
