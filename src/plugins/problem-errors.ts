// The one error handler: every error leaves as application/problem+json. 5xx details go to the
// log only. Also the 404 for unknown routes, so a typo in a URL gets the same shape as a bad id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { classifyDatabaseError, rootMessage, type DatabaseFailure } from '../db/database-errors.js';
import { createLogThrottle } from '../lib/log-throttle.js';
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
  // Answered by the router through frameworkErrors (see early-errors.ts), before any route runs.
  FST_ERR_BAD_URL: { slug: 'malformed-url', detail: 'The URL path has a malformed percent-encoding (not valid UTF-8)' },
  FST_ERR_MAX_PARAM_LENGTH: { slug: 'uri-too-long', detail: 'A path segment is longer than 100 characters; no id is that long' },
};

/** Seconds a client should wait before retrying when the database is out of reach or busy. */
export const RETRY_AFTER_SECONDS = { unreachable: 5, busy: 1 };

function databaseProblem(failure: DatabaseFailure, instance: string | undefined): ProblemBody {
  if (failure.kind === 'unavailable') {
    return failure.why === 'busy'
      ? problemBody(503, 'database-busy', 'The database was busy with a conflicting request; retry', instance, { retryAfter: RETRY_AFTER_SECONDS.busy })
      : problemBody(503, 'database-unreachable', 'The database does not answer; retry later', instance, { retryAfter: RETRY_AFTER_SECONDS.unreachable });
  }
  const errors: FieldError[] = failure.fields.map((field) => ({ field, in: 'body', message: failure.detail }));
  const named = failure.fields.length > 0 ? ` (${failure.fields.join(', ')})` : '';
  return problemBody(failure.status, failure.slug, failure.detail + named, instance, errors.length > 0 ? { errors } : {});
}

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
  if (typeof err.statusCode !== 'number') {
    const failure = classifyDatabaseError(err);
    if (failure) return databaseProblem(failure, instance);
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (known) return problemBody(status, known.slug, known.detail, instance);
  if (status >= 400 && status < 500) return problemBody(status, 'client-error', err.message, instance);
  return problemBody(500, 'internal', 'An unexpected error occurred; it has been logged', instance);
}

export function sendProblem(reply: FastifyReply, body: ProblemBody) {
  // A 503 always says when to come back (RFC 9110 §10.2.3), so clients back off instead of hammering.
  if (body.status === 503) reply.header('retry-after', String(typeof body.retryAfter === 'number' ? body.retryAfter : RETRY_AFTER_SECONDS.unreachable));
  return reply.code(body.status).type('application/problem+json').send(body);
}

async function problemErrors(app: FastifyInstance) {
  // With the database gone every request fails the same way: one line per interval, with a count.
  const throttle = createLogThrottle();
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) {
      throttle(`${body.type} ${rootMessage(error)}`, (repeats) =>
        request.log.error({ err: error, ...(repeats > 0 ? { repeats } : {}) }, repeats > 0 ? `request failed (and ${repeats} more like it)` : 'request failed'),
      );
    } else if (typeof (error as FastifyError).statusCode !== 'number' && !(error instanceof Problem)) {
      // The database refused what validation let through: the caller gets a 4xx, we get the details.
      request.log.warn({ err: error, problem: body.type, status: body.status }, 'request refused by the database');
    } else {
      request.log.info({ problem: body.type, status: body.status }, 'request rejected');
    }
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
