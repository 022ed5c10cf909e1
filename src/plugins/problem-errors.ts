// The one error handler: every error leaves as application/problem+json. 5xx details go to the
// log only. Also the 404 for unknown routes, so a typo in a URL gets the same shape as a bad id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, problemBody, validationProblemBody, type FieldError, type ProblemBody } from '../lib/problem.js';
import { fieldErrorsOf } from '../lib/validation.js';

type Location = FieldError['in'];

type ValidationEntry = { instancePath: string; keyword?: string; message?: string; params?: { path?: unknown } };

// Our validator compiler (lib/validation.ts) passes each issue's exact path; others give only instancePath.
const pathOf = (v: ValidationEntry): PropertyKey[] =>
  Array.isArray(v.params?.path) ? v.params.path : v.instancePath.split('/').filter(Boolean);

function validationProblem(error: FastifyError & { validation: ValidationEntry[] }, where: Location) {
  const errors: FieldError[] = fieldErrorsOf(
    error.validation.map((v) => ({ path: pathOf(v), message: v.message ?? 'is invalid', code: v.keyword })),
    where,
  );
  return validationProblemBody(where, errors);
}

// Fastify's own client errors (bad JSON, wrong content type, body too large…) carry a status
// and a code; map them to a problem without leaking internals.
const FASTIFY_CLIENT_ERRORS: Record<string, { slug: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-json', detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    slug: 'empty-body',
    detail: "Body cannot be empty when content-type is set to 'application/json'",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', detail: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'bad-content-length', detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'body-too-large', detail: 'The request body is larger than this service accepts' },
  FST_ERR_CTP_INVALID_TYPE: { slug: 'bad-content-type', detail: 'The Content-Type header is not valid' },
};

export function toProblem(error: unknown, request: FastifyRequest): ProblemBody {
  const instance = request.url.split('?')[0];
  if (error instanceof Problem) return error.toBody(instance);
  const err = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(err)) {
    return { ...validationProblem(err, (err.validationContext ?? 'body') as Location), instance };
  }
  if (err.validation) {
    return { ...validationProblem(err as never, (err.validationContext ?? 'body') as Location), instance };
  }
  const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (known) return problemBody(status, known.slug, known.detail, instance);
  if (status >= 400 && status < 500) return problemBody(status, 'client-error', err.message, instance);
  return problemBody(500, 'internal', 'An unexpected error occurred; it has been logged', instance);
}

export function sendProblem(reply: FastifyReply, body: ProblemBody) {
  return reply.code(body.status).type('application/problem+json').send(body);
}

async function problemErrors(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ problem: body.type, status: body.status }, 'request rejected');
    return sendProblem(reply, body);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problemBody(404, 'route-not-found', `No route ${request.method} ${request.url.split('?')[0]}`, request.url.split('?')[0]),
    ),
  );
}

export default fp(problemErrors, { name: 'problem-errors' });
