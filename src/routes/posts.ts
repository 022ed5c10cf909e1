import { z } from 'zod';
import {
  assistedTaskSchema, historyQuery, markPublishedSchema, postFilterQuery, postSchema, postWithHistorySchema, skipSchema,
} from '../schemas/publishing.js';
import type { PostService } from '../services/post-service.js';
import {
  allPostsAnswer, assistedTasksAnswer, confirmedPostAnswer, markPublishedExamples, postAnswer, publishingProblems, resentPostAnswer, skipExamples,
  skippedPostAnswer,
} from '../examples/publishing.js';
import { App, BEARER, answer, authErrors, idParams, missing } from './route-kit.js';

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
        200: answer(
          'A page of posts, oldest first',
          z.object({ items: z.array(postSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') }),
          allPostsAnswer,
        ),
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
      response: { 200: answer('The post and every change it went through', postWithHistorySchema, postAnswer), ...authErrors(missing('post')) },
    },
    handler: async (request) => posts.get(request.auth, request.params.id),
  });

  const wrongState = { 409: { description: 'The post is not in a state this allows', examples: publishingProblems.postState } };
  const markPublished = {
    params: idParams,
    body: markPublishedSchema,
    bodyExamples: markPublishedExamples,
    response: { 200: answer('Published, with the link given', postSchema, confirmedPostAnswer), ...authErrors(missing('post'), 413, 415, wrongState) },
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
      response: { 200: answer('Queued to be sent again', postSchema, resentPostAnswer), ...authErrors(missing('post'), wrongState) },
    },
    handler: async (request) => posts.resend(request.auth, request.params.id),
  });

  const skip = {
    params: idParams,
    body: skipSchema.optional(),
    bodyExamples: skipExamples,
    response: { 200: answer('Cancelled: it will not be posted', postSchema, skippedPostAnswer), ...authErrors(missing('post'), 413, 415, wrongState) },
  };
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
      response: {
        200: answer('A page of tasks: what to paste, where, and the tracked apply link', z.object({ items: z.array(assistedTaskSchema), nextCursor: z.string().nullable() }), assistedTasksAnswer),
        ...authErrors(),
      },
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
