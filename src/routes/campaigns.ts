import { z } from 'zod';
import {
  campaignCreateSchema,
  campaignCreatedSchema,
  campaignFilterQuery,
  campaignSchema,
  historyQuery,
  listQuery,
  postEventSchema,
  postSchema,
} from '../schemas/publishing.js';
import type { CampaignService, CampaignInput } from '../services/campaign-service.js';
import type { PostService } from '../services/post-service.js';
import { App, BEARER, authErrors, idParams } from './route-kit.js';
import { idempotencyHeaders } from './vacancies.js';

const tags = ['campaigns'];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export async function campaignRoutes(app: App, opts: { campaigns: CampaignService; posts: PostService }) {
  const { campaigns, posts } = opts;

  app.post('/vacancies/:id/campaigns', {
    schema: {
      operationId: 'createCampaign',
      summary: 'Post a vacancy to groups: now, at a local time, staggered, or recurring',
      tags,
      security: BEARER,
      params: idParams,
      headers: idempotencyHeaders,
      body: campaignCreateSchema,
      response: { 201: campaignCreatedSchema, ...authErrors(404, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const result = await campaigns.create(request.auth, request.params.id, request.body as CampaignInput, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).header('location', `/v1/campaigns/${result.campaign.id}`).send({ campaign: result.campaign, posts: result.posts });
    },
  });

  app.get('/vacancies/:id/campaigns', {
    schema: {
      operationId: 'listCampaigns',
      summary: "A vacancy's campaigns, newest first",
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: z.object({ items: z.array(campaignSchema) }), ...authErrors(404) },
    },
    handler: async (request) => ({ items: await campaigns.listForVacancy(request.auth, request.params.id) }),
  });

  app.get('/campaigns', {
    schema: {
      operationId: 'listAllCampaigns',
      summary: "The workspace's campaigns across vacancies, newest first, filtered",
      description:
        '`status` is the status the API shows: `completed` includes an active campaign with nothing left to do, ' +
        'as GET /v1/campaigns/{id} shows it. It takes one or several values (repeat the parameter).',
      tags,
      security: BEARER,
      querystring: campaignFilterQuery,
      response: {
        200: z.object({ items: z.array(campaignSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') }),
        ...authErrors(),
      },
    },
    handler: async (request) => campaigns.list(request.auth, request.query),
  });

  app.get('/campaigns/:id', {
    schema: { operationId: 'getCampaign', summary: 'Read a campaign with its post counts', tags, security: BEARER, params: idParams, response: { 200: campaignSchema, ...authErrors(404) } },
    handler: async (request) => campaigns.get(request.auth, request.params.id),
  });

  for (const [action, summary] of [
    ['pause', 'Pause a campaign: its pending posts wait, nothing is lost'],
    ['resume', 'Resume a paused campaign'],
    ['cancel', 'Cancel a campaign: its pending posts are cancelled, published ones stay'],
  ] as const) {
    app.post(`/campaigns/:id/${action}`, {
      schema: {
        operationId: `${action}Campaign`,
        summary,
        tags,
        security: BEARER,
        params: idParams,
        response: { 200: campaignSchema, ...authErrors(404, 409) },
      },
      handler: async (request) => campaigns[action](request.auth, request.params.id),
    });
  }

  app.get('/campaigns/:id/posts', {
    schema: {
      operationId: 'listCampaignPosts',
      summary: "A campaign's posts",
      tags,
      security: BEARER,
      params: idParams,
      querystring: listQuery,
      response: { 200: page(postSchema), ...authErrors(404) },
    },
    handler: async (request) => posts.list(request.auth, { campaignId: request.params.id, ...request.query }),
  });

  app.get('/campaigns/:id/history', {
    schema: {
      operationId: 'getCampaignHistory',
      summary: "Every status change of a campaign's posts, oldest first",
      tags,
      security: BEARER,
      params: idParams,
      querystring: historyQuery,
      response: { 200: page(postEventSchema), ...authErrors(404) },
    },
    handler: async (request) => posts.history(request.auth, { campaignId: request.params.id, ...request.query }),
  });

  app.get('/vacancies/:id/posts', {
    schema: {
      operationId: 'listVacancyPosts',
      summary: "A vacancy's posts across its campaigns",
      tags: ['posts'],
      security: BEARER,
      params: idParams,
      querystring: listQuery,
      response: { 200: page(postSchema), ...authErrors(404) },
    },
    handler: async (request) => posts.list(request.auth, { vacancyId: request.params.id, ...request.query }),
  });

  app.get('/vacancies/:id/history', {
    schema: {
      operationId: 'getVacancyHistory',
      summary: "Every status change of a vacancy's posts, oldest first",
      tags: ['posts'],
      security: BEARER,
      params: idParams,
      querystring: historyQuery,
      response: { 200: page(postEventSchema), ...authErrors(404) },
    },
    handler: async (request) => posts.history(request.auth, { vacancyId: request.params.id, ...request.query }),
  });
}
