import { z } from 'zod';
import { GROUP_STATUSES, NETWORKS, POSTING_MODES } from '../registry/channel-schema.js';
import { groupCreateSchema, groupPatchSchema, groupSchema } from '../schemas/group.js';
import type { GroupService } from '../services/group-service.js';
import {
  groupAnswer, groupCreateExamples, groupListAnswer, groupPatchExamples, groupProblems, patchedGroupAnswer,
} from '../examples/registry.js';
import { App, BEARER, CONSUMES, answer, authErrors, idParams, missing } from './route-kit.js';

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
      response: {
        200: answer('A page of groups; pass nextCursor as cursor for the next', z.object({ items: z.array(groupSchema), nextCursor: z.string().nullable() }), groupListAnswer),
        ...authErrors(),
      },
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
      bodyExamples: groupCreateExamples,
      response: {
        201: answer('The group: active with an address, needs_address without one', groupSchema, groupAnswer),
        ...authErrors(413, 415, {
          409: { description: 'The slug is taken in this workspace', examples: groupProblems.slugTaken },
          422: { description: "Against the registry's rules (mode for the network, address form, account on another network…)", examples: groupProblems.invalid },
        }),
      },
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
      response: { 200: answer('The group', groupSchema, groupAnswer), ...authErrors(missing('group')) },
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
      consumes: CONSUMES.mergePatch,
      body: groupPatchSchema,
      bodyExamples: groupPatchExamples,
      response: {
        200: answer('The group after the change, with editedFields', groupSchema, patchedGroupAnswer),
        ...authErrors(missing('group'), 413, 415, {
          422: { description: "Against the registry's rules (address form, account on another network, a broken template…)", examples: groupProblems.invalid },
        }),
      },
    },
    handler: async (request) => groups.update(request.auth, request.params.id, request.body),
  });
}
