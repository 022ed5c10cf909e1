import { z } from 'zod';
import { NETWORKS, POSTING_MODES } from '../registry/channel-schema.js';
import type { TargetingService } from '../services/targeting-service.js';
import { planAnswer, planRequestExamples, vacancyProblems } from '../examples/vacancies.js';
import { App, BEARER, answer, authErrors, idParams, missing } from './route-kit.js';

const ref = { groupId: z.uuid(), slug: z.string(), network: z.enum(NETWORKS), name: z.string(), mode: z.enum(POSTING_MODES) };

export const targetingRequestSchema = z
  .strictObject({
    include: z.array(z.string().min(1).max(100)).max(500).optional().describe('Group ids or slugs to target whatever the audience says'),
    exclude: z.array(z.string().min(1).max(100)).max(500).optional().describe('Group ids or slugs never to target'),
    networks: z.array(z.enum(NETWORKS)).max(5).optional().describe('Only these networks'),
    modes: z.array(z.enum(POSTING_MODES)).max(3).optional().describe('Only these posting modes'),
    rank: z
      .enum(['name', 'performance'])
      .optional()
      .describe("Order of `selected`: by network and name (default), or `performance`: the groups that brought most applications, then clicks, per post first (groups with no post yet last). No group is left out for it"),
  })
  .meta({ id: 'TargetingRequest' });

const planSchema = z
  .object({
    selected: z.array(
      z.object({
        ...ref,
        reasons: z.array(z.string()).describe('Why it is selected, and its past results ("past results: 4 post(s), 2.5 click(s) and 0.5 application(s) per post")'),
        past: z
          .object({ posts: z.number().int(), clicksPerPost: z.number(), applicationsPerPost: z.number() })
          .optional()
          .describe("What the group brought across the workspace's vacancies; absent when no post has gone out to it"),
      }),
    ),
    excluded: z.array(
      z.object({
        ...ref,
        code: z.enum([
          'excluded_explicitly', 'disabled', 'network_filtered', 'mode_filtered', 'language', 'profession', 'location',
          'no_address', 'no_account', 'account_needs_reauth', 'broken', 'posted_recently',
        ]),
        detail: z.string(),
        matchedAudience: z.boolean().describe('The group fits the audience but cannot be posted to yet (no address, no account…)'),
        nextAllowedAt: z.string().optional(),
        help: z.string().optional().describe('Where the next action is told (GET /v1/registry/health), for groups a person can fix'),
      }),
    ),
    audience: z.object({ professions: z.array(z.string()), city: z.string().nullable(), remote: z.boolean(), language: z.enum(['ru', 'en']) }),
    unknownIncludes: z.array(z.string()),
  })
  .meta({ id: 'TargetingPlan' });

export async function planRoutes(app: App, opts: { targeting: TargetingService }) {
  app.post('/vacancies/:id/plan', {
    schema: {
      operationId: 'planTargets',
      summary: 'Dry run: which groups a campaign would target, and why each is in or out',
      description:
        'Matches the vacancy\'s audience (professions, city or remote, language) against the registry, applies include/exclude, ' +
        'and checks each group can be posted to (address, account, minimum days between posts). Schedules nothing.',
      tags: ['vacancies'],
      security: BEARER,
      params: idParams,
      // Optional: no body at all means "the audience decides, no filters".
      body: targetingRequestSchema.nullable().optional(),
      bodyExamples: planRequestExamples,
      response: {
        200: answer('Every group of the workspace, selected (with reasons) or excluded (with a code)', planSchema, planAnswer),
        ...authErrors(missing('vacancy'), 413, 415, { 409: { description: 'The vacancy is closed', examples: vacancyProblems.closed } }),
      },
    },
    handler: async (request) => opts.targeting.plan(request.auth, request.params.id, request.body ?? {}),
  });
}
