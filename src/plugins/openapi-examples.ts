// Examples in the OpenAPI document where Swagger UI shows them: on each request body and each
// answer's media type. fastify-type-provider-zod turns schemas into JSON Schema but drops media-level
// examples, and @fastify/swagger rewrites what it converts; so the route transform parks an
// operation's examples in one private extension, and the document transform puts them in place.
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { problemBody, validationProblemBody } from '../lib/problem.js';
import { fieldErrorsOf, flattenIssues, parseInput } from '../lib/validation.js';

declare module 'fastify' {
  interface FastifySchema {
    /** Request bodies that work: shown in Swagger UI, and each one sent to the app by a test. */
    bodyExamples?: Examples;
  }
}

/** OpenAPI named examples: Swagger UI offers them in a list and fills "Try it out" with the one picked. */
export type Examples = Record<string, { summary?: string; description?: string; value: unknown }>;

const PARKED = 'x-parked-examples';

type Media = { schema?: unknown; examples?: Examples };
type ResponseDoc = { content?: Record<string, Media> };
type Parked = { body?: Examples; responses: Record<string, Record<string, Examples>> };
type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type RouteSchema = {
  body?: z.ZodType;
  params?: z.ZodType;
  querystring?: z.ZodType;
  bodyExamples?: Examples;
  response?: Record<string, unknown>;
};

const shapeKeys = (schema: z.ZodType): string[] => {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
};

/**
 * What this operation really answers to bad input, made by the same validation the route runs:
 * an empty body (or one with an unknown field), and "x" for every path and query parameter.
 */
function validationExamples(schema: RouteSchema): Examples {
  const out: Examples = {};
  const probe = (where: 'body' | 'params' | 'querystring', zod: z.ZodType | undefined, inputs: [string, unknown][]) => {
    if (!zod) return;
    for (const [summary, input] of inputs) {
      const result = parseInput(zod, input);
      if (result.success) continue;
      const value = validationProblemBody(where, fieldErrorsOf(flattenIssues(result.error.issues), where));
      out[`bad ${where}`] = { summary: `The answer to ${summary}`, value };
      return;
    }
  };
  probe('body', schema.body, [['an empty body {}', {}], ['{"surprise": true}', { surprise: true }]]);
  const xs = (zod: z.ZodType | undefined) => (zod ? Object.fromEntries(shapeKeys(zod).map((k) => [k, 'x'])) : {});
  probe('params', schema.params, [['"x" as every path parameter', xs(schema.params)]]);
  probe('querystring', schema.querystring, [['"x" as every query parameter', xs(schema.querystring)]]);
  if (schema.body) {
    out['malformed JSON'] = { summary: 'A body that is not JSON', value: problemBody(400, 'malformed-json', 'The request body is not valid JSON') };
  }
  return out;
}

/** The per-route transform: zod to JSON Schema as before, with this route's examples parked. */
export function transformWithExamples(input: TransformInput) {
  const result = jsonSchemaTransform(input);
  const schema = (input.schema ?? {}) as RouteSchema;
  const transformed = result.schema as Record<string, unknown> | undefined;
  if (!transformed || transformed.hide) return result;
  delete transformed.bodyExamples;

  const parked: Parked = { responses: {} };
  if (schema.bodyExamples) parked.body = schema.bodyExamples;
  for (const [status, response] of Object.entries(schema.response ?? {})) {
    const content = (response as ResponseDoc).content;
    if (!content) continue;
    for (const [mediaType, media] of Object.entries(content)) {
      const examples = { ...(media.examples ?? {}), ...(status === '400' ? validationExamples(schema) : {}) };
      (parked.responses[status] ??= {})[mediaType] = examples;
    }
  }
  transformed[PARKED] = parked;
  return result;
}

type Operation = {
  [PARKED]?: Parked;
  requestBody?: { content: Record<string, { examples?: Examples }> };
  responses?: Record<string, { content?: Record<string, { examples?: Examples }> }>;
};

/** The document transform: components as before, then every parked example in its place. */
export function transformObjectWithExamples(input: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const document = jsonSchemaTransformObject(input) as { paths?: Record<string, Record<string, Operation>> };
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const parked = operation[PARKED];
      if (!parked) continue;
      delete operation[PARKED];
      if (parked.body && operation.requestBody) {
        for (const media of Object.values(operation.requestBody.content)) media.examples = parked.body;
      }
      for (const [status, byMediaType] of Object.entries(parked.responses)) {
        const response = operation.responses?.[status];
        for (const [mediaType, examples] of Object.entries(byMediaType)) {
          const media = response?.content?.[mediaType];
          if (media && Object.keys(examples).length > 0) media.examples = examples;
        }
      }
      // An operation that takes no input cannot answer 400; do not promise it.
      if (status400HasNoExamples(operation)) delete operation.responses!['400'];
    }
  }
  return document as ReturnType<typeof jsonSchemaTransformObject>;
}

function status400HasNoExamples(operation: Operation): boolean {
  const response = operation.responses?.['400'];
  if (!response?.content) return false;
  return Object.values(response.content).every((media) => !media.examples || Object.keys(media.examples).length === 0);
}
