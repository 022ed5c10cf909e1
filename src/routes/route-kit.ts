// What every route file shares: the typed instance, id params, and how answers are documented
// (a description and examples for each, which Swagger UI and openapi.yaml show).
import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemExample, type ProblemExampleStatus } from '../examples/problems.js';
import type { Examples } from '../plugins/openapi-examples.js';
import { problemSchema } from '../schemas/problem.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const idParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const BEARER = [{ bearerAuth: [] }];

export type { Examples };

/** A documented answer: what it means, its schema, and examples. Fastify serializes with the schema. */
export function answer<S extends z.ZodType>(description: string, schema: S, examples?: Examples) {
  return { description, content: { 'application/json': { schema, ...(examples ? { examples } : {}) } } };
}

/** Body media types, for routes that take more than plain JSON (the app parses all of them as JSON). */
export const CONSUMES = {
  mergePatch: ['application/merge-patch+json', 'application/json'],
  jsonLd: ['application/ld+json', 'application/json'],
};

const PROBLEM_DESCRIPTIONS: Record<ProblemExampleStatus, string> = {
  400: 'Invalid input: every bad field is listed in errors[], each once',
  401: 'No API key, or an unknown or revoked one',
  403: 'Only an admin API key may do this',
  404: 'Not found in this workspace',
  409: 'Conflicts with the current state',
  413: 'The body is larger than 1 MiB',
  415: 'The body is not JSON',
  422: 'Well-formed, but it cannot be done',
  502: 'The network refused what the service asked of it',
  503: 'The service cannot answer now',
};

/** How a route documents one error status: its meaning here, and (optionally) its own examples. */
export type ProblemDoc = string | { description: string; examples: Examples };
export type ProblemSpec = Partial<Record<ProblemExampleStatus, ProblemDoc>>;

function problemResponse(status: ProblemExampleStatus, doc: ProblemDoc | undefined) {
  const description = typeof doc === 'string' ? doc : (doc?.description ?? PROBLEM_DESCRIPTIONS[status]);
  const examples = typeof doc === 'object' ? doc.examples : problemExample(status);
  return { description, content: { 'application/problem+json': { schema: problemSchema, examples } } };
}

/** Error answers as application/problem+json: a status alone gets the usual meaning, or say what it means here. */
export function problems(...specs: Array<ProblemExampleStatus | ProblemSpec>) {
  const out: Partial<Record<ProblemExampleStatus, ReturnType<typeof problemResponse>>> = {};
  for (const spec of specs) {
    if (typeof spec === 'number') out[spec] = problemResponse(spec, undefined);
    else for (const [status, doc] of Object.entries(spec)) out[Number(status) as ProblemExampleStatus] = problemResponse(Number(status) as ProblemExampleStatus, doc);
  }
  return out;
}

/** Errors any authenticated operation may answer (400, 401), plus those it names. */
export const authErrors = (...more: Array<ProblemExampleStatus | ProblemSpec>) => problems(400, 401, ...more);

/** The 404 of an operation on one resource: "No such vacancy in this workspace". */
export function missing(what: string): ProblemSpec {
  return {
    404: {
      description: `No such ${what} in this workspace (another workspace's ids answer the same)`,
      examples: problemExample(404, `${what[0]!.toUpperCase()}${what.slice(1)} not found`),
    },
  };
}
