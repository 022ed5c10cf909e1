import { z } from 'zod';
import { invalidContent } from '../lib/problem.js';
import { parseInput } from '../lib/validation.js';
import { VACANCY_STATUSES, vacancyInputSchema, vacancyPatchSchema, vacancySchema } from '../schemas/vacancy.js';
import { inferMissing } from '../services/import-inference.js';
import { mapJobPosting } from '../services/jsonld-import.js';
import type { VacancyService } from '../services/vacancy-service.js';
import {
  closedVacancyAnswer, importedAnswer, jobPostingExamples, patchedVacancyAnswer, reimportedAnswer, vacancyAnswer,
  vacancyCreateExamples, vacancyListAnswer, vacancyPatchExamples, vacancyProblems,
} from '../examples/vacancies.js';
import { App, BEARER, CONSUMES, answer, authErrors, idParams, missing } from './route-kit.js';

const vacancyOut = vacancySchema.meta({ id: 'Vacancy' });
const vacancyIn = vacancyInputSchema.meta({ id: 'VacancyCreate' });
const tags = ['vacancies'];

// The vacancy as GET returns it, plus what the import inferred (nothing else differs).
const importedOut = vacancySchema
  .extend({
    inferred: z
      .object({
        language: z
          .object({ value: z.enum(['ru', 'en']), from: z.enum(['text', 'default']), detail: z.string() })
          .optional()
          .describe('Present when the posting had no inLanguage: detected from the letters of title and description'),
        professions: z
          .object({ value: z.array(z.string()), from: z.literal('title'), detail: z.string() })
          .optional()
          .describe('Present when audience.professions came from the title (the vacancy had none)'),
      })
      .describe('What the posting did not say and the import filled in; empty when nothing was inferred'),
  })
  .meta({ id: 'ImportedVacancy' });

const listQuery = z.strictObject({
  status: z.enum(VACANCY_STATUSES).optional(),
  tag: z.string().trim().min(1).max(61).optional().describe('A profession, seniority or hashtag (with or without "#")'),
  q: z.string().trim().min(1).max(200).optional().describe('Text in the title, company, city or description'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor from the previous page'),
});

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional()
    .describe('Makes a retried create return the first result instead of a second vacancy'),
});

export async function vacancyRoutes(app: App, opts: { vacancies: VacancyService }) {
  const { vacancies } = opts;

  app.post('/vacancies', {
    schema: {
      operationId: 'createVacancy',
      summary: 'Create a vacancy',
      tags,
      security: BEARER,
      headers: idempotencyHeaders,
      body: vacancyIn,
      bodyExamples: vacancyCreateExamples,
      response: {
        201: answer('Created; Location names it. A retry with the same Idempotency-Key answers the same vacancy (Idempotent-Replayed: true)', vacancyOut, vacancyAnswer),
        ...authErrors(413, 415, {
          409: { description: 'Another vacancy already has this externalId (existingVacancyId names it)', examples: vacancyProblems.externalIdTaken },
          422: { description: 'The Idempotency-Key was used before with another body', examples: vacancyProblems.idempotencyKeyReused },
        }),
      },
    },
    handler: async (request, reply) => {
      const { vacancy, replayed } = await vacancies.create(request.auth, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).header('location', `/v1/vacancies/${vacancy.id}`).send(vacancy);
    },
  });

  app.post('/vacancies/import', {
    schema: {
      operationId: 'importJobPosting',
      summary: 'Create or update a vacancy from a schema.org JobPosting JSON-LD document',
      description:
        'Accepts the posting itself, an array, or an @graph that contains it (application/ld+json or application/json). ' +
        'HTML in description becomes plain text. Properties this service does not model are kept in `extra`. ' +
        'When the posting has an `identifier` that matches a vacancy\'s externalId, that vacancy is updated (200) instead of a new one created (201). ' +
        'Without `inLanguage` the language is detected from the text (ru when at least a quarter of the Cyrillic and Latin letters are Cyrillic); ' +
        'a vacancy without professions gets those its title names (registry vocabulary). `inferred` says what was filled in and from what: ' +
        'correct the language by sending `inLanguage`, professions with PATCH (a later import keeps them).',
      tags,
      security: BEARER,
      consumes: CONSUMES.jsonLd,
      body: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).describe('A JSON-LD document'),
      bodyExamples: jobPostingExamples,
      response: {
        200: answer("Updated: a vacancy already had this posting's identifier as its externalId", importedOut, reimportedAnswer),
        201: answer('Created from the posting; Location names it', importedOut, importedAnswer),
        ...authErrors(413, 415, {
          409: {
            description: 'Two imports of one posting at the same instant: the other one created it first. Send it again: it updates that vacancy',
            examples: vacancyProblems.importRace,
          },
          422: {
            description: 'No JobPosting in the document, or one that cannot become a vacancy (each bad field named)',
            examples: { ...vacancyProblems.notAJobPosting, ...vacancyProblems.invalidJobPosting },
          },
        }),
      },
    },
    handler: async (request, reply) => {
      const { input, extra } = mapJobPosting(request.body);
      const parsed = parseInput(vacancyInputSchema, input);
      if (!parsed.success) throw invalidContent('invalid-job-posting', 'The JobPosting cannot become a vacancy', parsed.error.issues);
      const stated = { language: input.language !== undefined };
      const { vacancy, created, inferred } = await vacancies.upsertImported(request.auth, parsed.data, extra, (posted, existing) =>
        inferMissing(posted, stated, existing),
      );
      if (created) reply.header('location', `/v1/vacancies/${vacancy.id}`);
      return reply.code(created ? 201 : 200).send({ ...vacancy, inferred });
    },
  });

  app.get('/vacancies', {
    schema: {
      operationId: 'listVacancies',
      summary: 'List vacancies, newest first',
      tags,
      security: BEARER,
      querystring: listQuery,
      response: {
        200: answer('A page of vacancies; pass nextCursor as cursor for the next', z.object({ items: z.array(vacancyOut), nextCursor: z.string().nullable() }), vacancyListAnswer),
        ...authErrors(),
      },
    },
    handler: async (request) => vacancies.list(request.auth, request.query),
  });

  app.get('/vacancies/:id', {
    schema: {
      operationId: 'getVacancy',
      summary: 'Read a vacancy',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('The vacancy', vacancyOut, vacancyAnswer), ...authErrors(missing('vacancy')) },
    },
    handler: async (request) => vacancies.get(request.auth, request.params.id),
  });

  app.patch('/vacancies/:id', {
    schema: {
      operationId: 'updateVacancy',
      summary: 'Change some fields of a vacancy (JSON merge patch: null clears a field)',
      tags,
      security: BEARER,
      params: idParams,
      consumes: CONSUMES.mergePatch,
      body: vacancyPatchSchema.meta({ id: 'VacancyPatch' }),
      bodyExamples: vacancyPatchExamples,
      response: {
        200: answer('The vacancy after the patch', vacancyOut, patchedVacancyAnswer),
        ...authErrors(missing('vacancy'), 413, 415, {
          409: { description: 'Another vacancy already has this externalId', examples: vacancyProblems.externalIdTaken },
          422: { description: 'The patched vacancy would be invalid (each bad field named); nothing changed', examples: vacancyProblems.invalidAfterPatch },
        }),
      },
    },
    handler: async (request) => vacancies.patch(request.auth, request.params.id, request.body),
  });

  app.delete('/vacancies/:id', {
    schema: {
      operationId: 'deleteVacancy',
      summary: 'Delete a vacancy',
      tags,
      security: BEARER,
      params: idParams,
      response: { 204: z.undefined().describe('Deleted, with its campaigns and their posts; what is already on a network stays there (close the vacancy first to edit or delete it)'), ...authErrors(missing('vacancy')) },
    },
    handler: async (request, reply) => {
      await vacancies.remove(request.auth, request.params.id);
      return reply.code(204).send();
    },
  });

  for (const [action, status] of [['close', 'closed'], ['reopen', 'open']] as const) {
    app.post(`/vacancies/:id/${action}`, {
      schema: {
        operationId: `${action}Vacancy`,
        summary: action === 'close' ? 'Close a vacancy (no more applications)' : 'Reopen a closed vacancy',
        tags,
        security: BEARER,
        params: idParams,
        response: {
          200: action === 'close' ? answer('Closed (closing twice changes nothing)', vacancyOut, closedVacancyAnswer) : answer('Open again', vacancyOut, vacancyAnswer),
          ...authErrors(missing('vacancy')),
        },
      },
      handler: async (request) => vacancies.setStatus(request.auth, request.params.id, status),
    });
  }
}
