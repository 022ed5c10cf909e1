// One rule for every route, present and future: text PostgreSQL cannot store (NUL, lone surrogates),
// query values that are not valid percent-encoded UTF-8, and absurdly deep nesting are refused with
// a 400 naming each field, before validation and before any handler can hand them to a query.
// A root preValidation hook runs after the body is parsed and the route matched, for every route
// registered after it (and the 404 handler).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Problem, type FieldError } from '../lib/problem.js';
import { MAX_INPUT_DEPTH, UNSAFE_TEXT_MESSAGE, badlyEncodedQueryNames, findUnsafeText } from '../lib/unsafe-text.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page people reach by following a link: it answers bad input itself (see the hook below). */
    pageForPeople?: boolean;
  }
}

const MESSAGES = {
  text: UNSAFE_TEXT_MESSAGE,
  depth: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
};

export function unsafeInputErrors(request: FastifyRequest): FieldError[] {
  const errors: FieldError[] = [];
  const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  for (const name of badlyEncodedQueryNames(rawQuery)) {
    errors.push({ field: name, in: 'querystring', message: 'is not valid percent-encoded UTF-8' });
  }
  const parts: [FieldError['in'], unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['headers', request.headers],
    ['body', request.body],
  ];
  for (const [where, value] of parts) {
    for (const spot of findUnsafeText(value)) errors.push({ field: spot.path, in: where, message: MESSAGES[spot.problem] });
  }
  return errors;
}

async function inputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    // A page people reach from a link (a tracked link) answers bad input with a page of its own, and
    // hands nothing it was sent to a query unchecked.
    if (request.routeOptions.config?.pageForPeople) return;
    const errors = unsafeInputErrors(request);
    if (errors.length === 0) return;
    const names = [...new Set(errors.map((e) => e.field || e.in))].join(', ');
    const where = [...new Set(errors.map((e) => e.in))].join(' and ');
    throw new Problem(400, 'validation-error', `Invalid ${where}: ${names}`, { errors });
  });
}

export default fp(inputGuard, { name: 'input-guard' });
