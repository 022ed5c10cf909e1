import { z } from 'zod';
import {
  assistedTaskSchema, historyQuery, markPublishedSchema, postFilterQuery, postSchema, postWithHistorySchema, skipSchema,
} from '../schemas/publishing.js';
import type { PostService } from '../services/post-service.js';
import { App, BEARER, authErrors, idParams } from './route-kit.js';

const tags = ['posts'];

export async function postRoutes(app: App, opts: { posts: PostService }) {
  const { posts } = opts;

  app.get('/posts', {
    schema: {
      operationId: 'listPosts',
      summary: 'Every post of the workspace across vacancies, oldest first, filtered',
      description:
        'Filters combine (AND); `status` takes one or several values (repeat the parameter). ' +
        'Typical: `?status=unknown` lists the posts a person must check on the network; `?hold=account_needs_reauth` the posts waiting for new credentials. ' +
        '`dueFrom`/`dueTo` bound `dueAt`, the instant the post is or was due (half-open: dueFrom ≤ dueAt < dueTo).',
      tags,
      security: BEARER,
      querystring: postFilterQuery,
      response: {
        200: z.object({ items: z.array(postSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') }),
        ...authErrors(),
      },
    },
    handler: async (request) => posts.listAll(request.auth, request.query),
  });

  app.get('/posts/:id', {
    schema: {
      operationId: 'getPost',
      summary: 'Read a post with its full history',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: postWithHistorySchema, ...authErrors(404) },
    },
    handler: async (request) => posts.get(request.auth, request.params.id),
  });

  const markPublished = {
    params: idParams,
    body: markPublishedSchema,
    response: { 200: postSchema, ...authErrors(404, 409, 413, 415) },
  };
  app.post('/posts/:id/mark-published', {
    schema: {
      operationId: 'markPostPublished',
      summary: 'Resolve an unknown or manual post: it is on the network, here is its link',
      tags,
      security: BEARER,
      ...markPublished,
    },
    handler: async (request) => posts.markPublished(request.auth, request.params.id, request.body),
  });

  app.post('/posts/:id/resend', {
    schema: {
      operationId: 'resendPost',
      summary: 'Send an unknown, failed or captcha-parked post again (a person checked it is not on the network)',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: postSchema, ...authErrors(404, 409) },
    },
    handler: async (request) => posts.resend(request.auth, request.params.id),
  });

  const skip = { params: idParams, body: skipSchema.optional(), response: { 200: postSchema, ...authErrors(404, 409, 413, 415) } };
  app.post('/posts/:id/skip', {
    schema: { operationId: 'skipPost', summary: 'Do not post this one (it becomes cancelled)', tags, security: BEARER, ...skip },
    handler: async (request) => posts.skip(request.auth, request.params.id, request.body ?? {}),
  });

  app.get('/assisted-tasks', {
    schema: {
      operationId: 'listAssistedTasks',
      summary: 'Posts waiting for a person: the text to paste, the group to paste it in, the apply link',
      tags: ['assisted'],
      security: BEARER,
      querystring: historyQuery,
      response: { 200: z.object({ items: z.array(assistedTaskSchema), nextCursor: z.string().nullable() }), ...authErrors() },
    },
    handler: async (request) => posts.assistedTasks(request.auth, request.query),
  });

  app.post('/assisted-tasks/:id/confirm', {
    schema: { operationId: 'confirmAssistedTask', summary: 'I posted it: here is the permalink', tags: ['assisted'], security: BEARER, ...markPublished },
    handler: async (request) => posts.markPublished(request.auth, request.params.id, request.body),
  });

  app.post('/assisted-tasks/:id/skip', {
    schema: { operationId: 'skipAssistedTask', summary: 'Not posting this one', tags: ['assisted'], security: BEARER, ...skip },
    handler: async (request) => posts.skip(request.auth, request.params.id, request.body ?? {}),
  });
}
