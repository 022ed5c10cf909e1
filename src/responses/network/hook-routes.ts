// Where the networks deliver responses (no API key: each delivery is authenticated by its hook):
//   POST /hooks/telegram/{hookId} — a Telegram update; X-Telegram-Bot-Api-Secret-Token must be the
//     secret_token the service gave setWebhook.
//   POST /hooks/vk/{hookId} — a VK Callback API event: "confirmation" is answered with the
//     community's confirmation string; any other event must carry the secret, and is answered "ok".
//   GET/POST /hooks/facebook/{hookId} — a Page's feed: the GET is Facebook's subscription check
//     (hub.challenge echoed for the right hub.verify_token); every POST must carry
//     X-Hub-Signature-256, the app secret's HMAC-SHA256 of the raw body.
// A bad secret is refused (401/403) and writes nothing; a repeated delivery (the same update_id or
// event_id) is answered as the first was and recorded once; a delivery about a post that is not
// ours is acknowledged and ignored, or the network would send it again and again.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  facebookFeedExamples, facebookTakenAnswer, telegramTakenAnswer, telegramUpdateExamples, vkAnswers, vkEventExamples,
} from '../../examples/responses.js';
import { Problem } from '../../lib/problem.js';
import { keepRawJsonBody, rawBodyOf } from '../../plugins/raw-json-body.js';
import { answer, problems, type App, type Examples } from '../../routes/route-kit.js';
import type { FactStore } from './fact-store.js';
import type { HookService } from './hook-service.js';
import { telegramFacts } from './telegram-facts.js';
import { vkFacts } from './vk-facts.js';
import { facebookChanges } from './facebook-facts.js';

const tags = ['responses'];
const hookParams = z.object({ hookId: z.uuid({ message: 'must be a UUID' }) });
const plain = (description: string, examples: Examples) => ({ description, content: { 'text/plain': { schema: z.string(), examples } } });

export async function hookRoutes(app: App, opts: { hooks: HookService; facts: FactStore }) {
  app.post('/hooks/telegram/:hookId', {
    schema: {
      operationId: 'receiveTelegramUpdate',
      summary: "Telegram delivers a bot's update (set up by POST /v1/accounts/{id}/response-hooks)",
      description:
        'Reaction counts on channel posts (`message_reaction_count`, the bot must be an administrator), reactions in groups (`message_reaction`) and comments ' +
        '(replies to a post, or in a channel\'s discussion group to its automatic forward) are recorded on the post they concern. ' +
        'The request must carry `X-Telegram-Bot-Api-Secret-Token` as set with setWebhook.',
      tags,
      security: [],
      params: hookParams,
      body: z.looseObject({ update_id: z.number().int() }),
      bodyExamples: telegramUpdateExamples,
      response: {
        200: answer('Taken (or already taken)', z.object({ ok: z.literal(true), duplicate: z.boolean().describe('This update_id was recorded before') }), telegramTakenAnswer),
        ...problems(400, { 401: 'The secret token is missing or not this hook\'s', 404: 'No such hook' }, 413, 415),
      },
    },
    handler: async (request) => {
      const header = request.headers['x-telegram-bot-api-secret-token'];
      const found = await opts.hooks.authenticate(request.params.hookId, 'telegram_webhook', typeof header === 'string' ? header : undefined);
      if (!found) throw new Problem(404, 'not-found', 'Hook not found');
      if (!found.valid) throw new Problem(401, 'bad-secret', 'X-Telegram-Bot-Api-Secret-Token is not the secret this hook was set up with');
      const update = request.body;
      const { duplicate } = await opts.facts.record({
        hook: found.hook,
        eventKey: `update:${update.update_id}`,
        facts: telegramFacts(update),
      });
      return { ok: true as const, duplicate };
    },
  });

  app.post('/hooks/vk/:hookId', {
    schema: {
      operationId: 'receiveVkEvent',
      summary: "VK's Callback API delivers a community's event (set up by POST /v1/accounts/{id}/response-hooks)",
      description:
        '`confirmation` is answered with the confirmation string; `wall_reply_new`, `wall_reply_edit`, `wall_reply_delete`, `wall_repost`, `like_add` and `like_remove` ' +
        'are recorded on the post they concern, once per `event_id`, and answered `ok`. Every event but the confirmation must carry the secret set in VK.',
      tags,
      security: [],
      params: hookParams,
      body: z.looseObject({ type: z.string().max(100), group_id: z.number().int().optional(), event_id: z.string().max(200).optional(), secret: z.string().max(200).optional() }),
      bodyExamples: vkEventExamples,
      response: {
        200: plain('`ok`, or the confirmation string', vkAnswers),
        ...problems(400, { 403: 'The secret is missing or not this hook\'s, or the confirmation is for another community', 404: 'No such hook' }, 413, 415),
      },
    },
    handler: async (request, reply) => {
      const event = request.body;
      const found = await opts.hooks.authenticate(request.params.hookId, 'vk_callback', event.secret);
      if (!found) throw new Problem(404, 'not-found', 'Hook not found');
      const { hook } = found;
      const ours = String(event.group_id ?? '') === hook.scope;
      if (event.type === 'confirmation') {
        if (!ours) throw new Problem(403, 'wrong-community', `This hook is for VK community ${hook.scope}, not ${String(event.group_id ?? 'none')}`);
        return reply.type('text/plain; charset=utf-8').send((hook.settings as { confirmationCode: string }).confirmationCode);
      }
      if (!found.valid) throw new Problem(403, 'bad-secret', "The event's secret is not the one this hook was set up with");
      if (ours && event.event_id) {
        await opts.facts.record({ hook, eventKey: `event:${event.event_id}`, facts: vkFacts(event) });
      }
      return reply.type('text/plain; charset=utf-8').send('ok');
    },
  });

  app.get('/hooks/facebook/:hookId', {
    schema: {
      operationId: 'verifyFacebookWebhook',
      summary: "Facebook checks the webhook's address when the app's Webhooks settings are saved",
      tags,
      security: [],
      params: hookParams,
      querystring: z.object({
        'hub.mode': z.literal('subscribe'),
        'hub.verify_token': z.string().max(200),
        'hub.challenge': z.string().max(200),
      }),
      response: {
        200: plain('`hub.challenge`, echoed', { challenge: { value: '1158201444' } }),
        ...problems(400, { 403: 'The verify token is not the one given for this hook', 404: 'No such hook' }),
      },
    },
    handler: async (request, reply) => {
      const q = request.query;
      if (!(await opts.hooks.verifiesWith(request.params.hookId, q['hub.verify_token']))) {
        throw new Problem(403, 'bad-verify-token', 'hub.verify_token is not the verify token this hook was set up with');
      }
      return reply.type('text/plain; charset=utf-8').send(q['hub.challenge']);
    },
  });

  // The signature covers the body's exact bytes: this route keeps them beside the parsed JSON.
  await app.register(async (signed) => {
    keepRawJsonBody(signed);
    signed.withTypeProvider<ZodTypeProvider>().post('/hooks/facebook/:hookId', {
      schema: {
        operationId: 'receiveFacebookFeed',
        summary: "Facebook delivers a Page's feed changes: comments, reactions, shares on its posts",
        description:
          'Signed with the app secret (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`); set up by POST /v1/accounts/{id}/response-hooks. ' +
          'Each change is recorded once (Facebook gives no delivery id: a change is recognised by its content).',
        tags,
        security: [],
        params: hookParams,
        body: z.looseObject({ object: z.string().max(100), entry: z.array(z.unknown()).max(1000) }),
        bodyExamples: facebookFeedExamples,
        response: {
          200: answer('Taken', z.object({ ok: z.literal(true), changes: z.number().int().describe('Feed changes in the delivery not seen before') }), facebookTakenAnswer),
          ...problems(400, { 401: 'The signature is missing or not made with this hook\'s app secret', 404: 'No such hook' }, 413, 415),
        },
      },
      handler: async (request) => {
        const raw = rawBodyOf(request);
        const header = request.headers['x-hub-signature-256'];
        const found = await opts.hooks.authenticateSigned(request.params.hookId, raw, typeof header === 'string' ? header : undefined);
        if (!found) throw new Problem(404, 'not-found', 'Hook not found');
        if (!found.valid) throw new Problem(401, 'bad-signature', 'X-Hub-Signature-256 is not the HMAC of this body with the app secret');
        let fresh = 0;
        for (const change of facebookChanges(request.body)) {
          const { duplicate } = await opts.facts.record({ hook: found.hook, eventKey: change.key, facts: change.facts });
          if (!duplicate) fresh += 1;
        }
        return { ok: true as const, changes: fresh };
      },
    });
  });
}
