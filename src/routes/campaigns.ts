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
import { NETWORKS } from '../registry/channel-schema.js';
import type { CampaignService, CampaignInput } from '../services/campaign-service.js';
import type { PostService } from '../services/post-service.js';
import {
  allCampaignsAnswer, campaignAnswer, campaignCreateExamples, campaignCreatedAnswer, campaignListAnswer, campaignReplansAnswer, cancelledCampaignAnswer, historyAnswer,
  pausedCampaignAnswer, postPageAnswer, publishingProblems,
} from '../examples/publishing.js';
import { vacancyProblems } from '../examples/vacancies.js';
import { App, BEARER, answer, authErrors, idParams, missing } from './route-kit.js';
import { idempotencyHeaders } from './vacancies.js';

const tags = ['campaigns'];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const replanSchema = z
  .object({
    occurrence: z.number().int().describe('The occurrence that ran the plan again (the first was planned when the campaign was created)'),
    at: z.string().describe('ISO 8601 date-time (UTC)'),
    groupIds: z.array(z.uuid()).describe('The groups the plan selected: the occurrence posted into these, and they are the campaign\'s groupIds since'),
    added: z
      .array(z.object({ groupId: z.uuid(), slug: z.string(), name: z.string(), network: z.enum(NETWORKS), reasons: z.array(z.string()) }))
      .describe('Selected now and not before (given an address, fixed, or new), with the plan\'s reasons'),
    removed: z
      .array(
        z.object({
          groupId: z.uuid(),
          slug: z.string().nullable(),
          name: z.string().nullable(),
          network: z.enum(NETWORKS).nullable(),
          code: z.string().describe('The plan\'s exclusion code (as POST /v1/vacancies/{id}/plan answers it), or `gone`: the group was deleted (its name with it)'),
          detail: z.string(),
        }),
      )
      .describe('Selected before and left out now, with the plan\'s reason'),
  })
  .meta({ id: 'CampaignReplan' });

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
      bodyExamples: campaignCreateExamples,
      response: {
        201: answer('The campaign and its first posts; Location names it. A retry with the same Idempotency-Key answers the same campaign', campaignCreatedSchema, campaignCreatedAnswer),
        ...authErrors(missing('vacancy'), 413, 415, {
          409: { description: 'The vacancy is closed', examples: vacancyProblems.closed },
          422: {
            description: 'Cannot be done: a group without address or account, a plan that selects none, a time in the past, a reused Idempotency-Key',
            examples: { ...publishingProblems.invalidCampaign, ...vacancyProblems.idempotencyKeyReused },
          },
        }),
      },
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
      response: { 200: answer("The vacancy's campaigns", z.object({ items: z.array(campaignSchema) }), campaignListAnswer), ...authErrors(missing('vacancy')) },
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
        200: answer(
          'A page of campaigns, newest first',
          z.object({ items: z.array(campaignSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') }),
          allCampaignsAnswer,
        ),
        ...authErrors(),
      },
    },
    handler: async (request) => campaigns.list(request.auth, request.query),
  });

  app.get('/campaigns/:id', {
    schema: { operationId: 'getCampaign', summary: 'Read a campaign with its post counts', tags, security: BEARER, params: idParams, response: { 200: answer('The campaign, with its posts counted by status', campaignSchema, campaignAnswer), ...authErrors(missing('campaign')) } },
    handler: async (request) => campaigns.get(request.auth, request.params.id),
  });

  app.get('/campaigns/:id/replans', {
    schema: {
      operationId: 'listCampaignReplans',
      summary: 'How a recurring campaign with targets from a plan re-chose its groups at each occurrence, oldest first',
      description:
        'A recurring campaign created with `targets.plan` runs the plan again at each occurrence, so groups given an address since ' +
        'are taken in and groups that broke are left out. Each item says what changed against the occurrence before. ' +
        'A campaign with explicit `groupIds` keeps them and has no items.',
      tags,
      security: BEARER,
      params: idParams,
      response: {
        200: answer('Every replanned occurrence, oldest first', z.object({ items: z.array(replanSchema) }), campaignReplansAnswer),
        ...authErrors(missing('campaign')),
      },
    },
    handler: async (request) => ({ items: await campaigns.replans(request.auth, request.params.id) }),
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
        response: {
          200: answer(
            action === 'pause' ? 'Paused' : action === 'resume' ? 'Active again; held posts go on' : 'Cancelled',
            campaignSchema,
            action === 'pause' ? pausedCampaignAnswer : action === 'resume' ? campaignAnswer : cancelledCampaignAnswer,
          ),
          ...authErrors(missing('campaign'), {
            409: { description: action === 'resume' ? 'The campaign is not paused' : 'The campaign has ended (cancelled or completed)', examples: publishingProblems.campaignEnded },
          }),
        },
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
      response: { 200: answer("A page of the campaign's posts", page(postSchema), postPageAnswer), ...authErrors(missing('campaign')) },
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
      response: { 200: answer('A page of status changes, oldest first', page(postEventSchema), historyAnswer), ...authErrors(missing('campaign')) },
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
      response: { 200: answer("A page of the vacancy's posts", page(postSchema), postPageAnswer), ...authErrors(missing('vacancy')) },
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
      response: { 200: answer('A page of status changes, oldest first', page(postEventSchema), historyAnswer), ...authErrors(missing('vacancy')) },
    },
    handler: async (request) => posts.history(request.auth, { vacancyId: request.params.id, ...request.query }),
  });
}
