// Setting up how an account's responses reach the service: /v1/accounts/{id}/response-hooks.
import { z } from 'zod';
import { hookAnswer, hookExamples, hookListAnswer, hookProblems } from '../../examples/responses.js';
import { App, BEARER, answer, authErrors, idParams, missing } from '../../routes/route-kit.js';
import { hookInputSchema, hookSchema } from '../schemas.js';
import type { HookService } from './hook-service.js';

const tags = ['responses'];

export async function hookAdminRoutes(app: App, opts: { hooks: HookService }) {
  app.post('/accounts/:id/response-hooks', {
    schema: {
      operationId: 'createResponseHook',
      summary: "Have the network deliver this account's responses (Telegram updates, VK Callback API, a Facebook Page's feed)",
      description:
        'Telegram (body `{}`): with `PUBLIC_BASE_URL` set, the service calls `setWebhook` with a secret token of its own and the update types it reads, ' +
        'including reaction counts (make the bot an administrator of the channel, and a member of its discussion group for comments); without it, ' +
        'the service fetches the updates with `getUpdates` (a bot has one or the other). ' +
        'VK: add a Callback API server in the community\'s settings (Manage → API usage → Callback API) with the `url` this answers, ' +
        'the secret key you chose, and the events `wall_reply_new`, `wall_reply_edit`, `wall_reply_delete`, `wall_repost`, `like_add`, `like_remove`; ' +
        'send here the community id, the confirmation string VK shows, and the same secret. ' +
        "Facebook: send the app's secret and a verify token; the service subscribes the Page to the app, and you enter the answered `url` and the same verify token " +
        "in the app's Webhooks settings (object Page, field `feed`). One hook per bot, community and Page: a new one replaces the old. " +
        'VK, OK and Facebook counters (views, likes, reposts, comment counts) are read by polling and need no hook; OK and LinkedIn have no hooks.',
      tags,
      security: BEARER,
      params: idParams,
      body: hookInputSchema,
      bodyExamples: hookExamples,
      response: {
        201: answer('Set up; for VK and Facebook, enter `url` in the network\'s settings', hookSchema, hookAnswer),
        ...authErrors(missing('account'), 413, 415, {
          422: { description: "No hooks for this network, another network's fields, a VK or Facebook field missing, or no PUBLIC_BASE_URL for a VK or Facebook hook", examples: hookProblems.invalid },
          502: { description: 'Telegram refused setWebhook, or Facebook subscribed_apps (its reason in `detail`)', examples: hookProblems.refused },
          503: { description: "The account's rate limit is taken by publishing: try again at `retryAt`", examples: hookProblems.busy },
        }),
      },
    },
    handler: async (request, reply) => reply.code(201).send(await opts.hooks.create(request.auth, request.params.id, request.body)),
  });

  app.get('/accounts/:id/response-hooks', {
    schema: {
      operationId: 'listResponseHooks',
      summary: "How this account's responses reach the service",
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('The hooks (secrets are never shown)', z.object({ items: z.array(hookSchema) }), hookListAnswer), ...authErrors(missing('account')) },
    },
    handler: async (request) => ({ items: await opts.hooks.list(request.auth, request.params.id) }),
  });

  app.delete('/accounts/:id/response-hooks/:hookId', {
    schema: {
      operationId: 'deleteResponseHook',
      summary: 'Stop taking deliveries through this hook (Telegram: the webhook is removed)',
      tags,
      security: BEARER,
      params: idParams.extend({ hookId: z.uuid({ message: 'must be a UUID' }) }),
      response: { 204: z.undefined().describe('Removed'), ...authErrors(missing('account or hook')) },
    },
    handler: async (request, reply) => {
      await opts.hooks.remove(request.auth, request.params.id, request.params.hookId);
      return reply.code(204).send();
    },
  });
}
