// The responses API: record an application, read what each group brought.
import { z } from 'zod';
import {
  applicationCreatedAnswer, applicationExamples, commentPageAnswer, applicationKnownAnswer, applicationProblems, groupPerformanceAnswer, groupReportAnswer, postResponsesAnswer,
  vacancyResponsesAnswer,
} from '../examples/responses.js';
import { App, BEARER, answer, authErrors, idParams, missing } from '../routes/route-kit.js';
import type { Applications } from './applications.js';
import type { CommentListing } from './comment-listing.js';
import type { GroupReports, ResponseReports } from './response-reports.js';
import {
  applicationInputSchema, applicationSchema, commentPageSchema, groupPerformanceDetailSchema, pageQuery, groupPerformanceSchema, groupReportListQuery, groupReportQuery, postResponsesSchema,
  vacancyResponsesQuery, vacancyResponsesSchema,
} from './schemas.js';

const tags = ['responses'];

export async function responseRoutes(app: App, opts: { applications: Applications; reports: ResponseReports; groupReports: GroupReports; comments: CommentListing }) {
  app.post('/applications', {
    schema: {
      operationId: 'recordApplication',
      summary: 'Record that a candidate applied, and through which post',
      description:
        'Closes the funnel: an ATS, a form or a person says a candidate applied, with exactly one of `code` (the tracked link, the part after `/r/`), ' +
        '`postId`, or `utm` (the `utm_campaign` and `utm_content` a direct link carried). The application is attributed to that post and its group, ' +
        'and counted in the responses reports. The same `externalId` twice records one application (200 with the first).',
      tags,
      security: BEARER,
      body: applicationInputSchema,
      bodyExamples: applicationExamples,
      response: {
        201: answer('Recorded and attributed', applicationSchema, applicationCreatedAnswer),
        200: answer('This externalId was recorded before: nothing changed', applicationSchema, applicationKnownAnswer),
        ...authErrors(413, 415, { 422: { description: 'The code, post or utm tags match no post of this workspace', examples: applicationProblems.unknownSource } }),
      },
    },
    handler: async (request, reply) => {
      const { created, application } = await opts.applications.record(request.auth, request.body);
      return reply.code(created ? 201 : 200).send(application);
    },
  });

  app.get('/vacancies/:id/responses', {
    schema: {
      operationId: 'getVacancyResponses',
      summary: 'What each group brought the vacancy: previews, clicks, unique visitors, applications',
      description:
        'Counted from the tracked links (`PUBLIC_BASE_URL`) and the applications recorded. `groups` lists every group the vacancy was posted to, ' +
        'the best first (applications, then clicks), so dead weight shows at the bottom; `networks` and `totals` sum them. ' +
        'Views, reactions, reposts and comments are what the networks told: pushed by Telegram and VK to the response hooks, read from VK, OK and Facebook by polling ' +
        '(1 h, 6 h, 1 day, 3 days and 7 days after a post went out). `views` is null where no network tells them (Telegram\'s Bot API has none).',
      tags,
      security: BEARER,
      params: idParams,
      querystring: vacancyResponsesQuery,
      response: { 200: answer('Counts per group, per network and in all', vacancyResponsesSchema, vacancyResponsesAnswer), ...authErrors(missing('vacancy')) },
    },
    handler: async (request) => opts.reports.forVacancy(request.auth, request.params.id, request.query),
  });

  app.get('/reports/groups', {
    schema: {
      operationId: 'reportGroups',
      summary: 'How each group has performed across vacancies: posts, clicks and applications per post',
      description:
        'One entry per group with posts that went out in the filter, best first (applications per post, then clicks per post), ' +
        'so the groups worth keeping are at the top and the dead weight at the bottom. Filters combine: `network`, `tag` (the vacancies\' tag: a profession), ' +
        'and the period the posts went out in (`from` ≤ publishedAt < `to`).',
      tags,
      security: BEARER,
      querystring: groupReportListQuery,
      response: {
        200: answer(
          'A page of groups, best first',
          z.object({ items: z.array(groupPerformanceSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') }),
          groupReportAnswer,
        ),
        ...authErrors(),
      },
    },
    handler: async (request) => opts.groupReports.list(request.auth, request.query),
  });

  app.get('/groups/:id/performance', {
    schema: {
      operationId: 'getGroupPerformance',
      summary: 'How one group has performed: in all and per vacancy posted to it',
      tags,
      security: BEARER,
      params: idParams,
      querystring: groupReportQuery,
      response: { 200: answer('The group across vacancies, and per vacancy', groupPerformanceDetailSchema, groupPerformanceAnswer), ...authErrors(missing('group')) },
    },
    handler: async (request) => opts.groupReports.forGroup(request.auth, request.params.id, request.query),
  });

  app.get('/posts/:id/responses', {
    schema: {
      operationId: 'getPostResponses',
      summary: 'What one post brought: previews, clicks, unique visitors, applications',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer("The post's counts and its tracked link", postResponsesSchema, postResponsesAnswer), ...authErrors(missing('post')) },
    },
    handler: async (request) => opts.reports.forPost(request.auth, request.params.id),
  });

  app.get('/vacancies/:id/comments', {
    schema: {
      operationId: 'listVacancyComments',
      summary: "Comments on the vacancy's posts, newest first, with the group each was made in",
      tags,
      security: BEARER,
      params: idParams,
      querystring: pageQuery,
      response: { 200: answer('A page of comments', commentPageSchema, commentPageAnswer), ...authErrors(missing('vacancy')) },
    },
    handler: async (request) => opts.comments.forVacancy(request.auth, request.params.id, request.query),
  });

  app.get('/posts/:id/comments', {
    schema: {
      operationId: 'listPostComments',
      summary: 'Comments on one post, newest first',
      tags,
      security: BEARER,
      params: idParams,
      querystring: pageQuery,
      response: { 200: answer('A page of comments', commentPageSchema, commentPageAnswer), ...authErrors(missing('post')) },
    },
    handler: async (request) => opts.comments.forPost(request.auth, request.params.id, request.query),
  });
}
