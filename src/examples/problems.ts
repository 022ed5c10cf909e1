// The problem+json answers the API documents for each error status. 400s are not here: the
// OpenAPI plugin makes each operation's own from its schemas (see plugins/openapi-examples.ts).
import { problemBody } from '../lib/problem.js';

export type ProblemExampleStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503;

type Examples = Record<string, { summary?: string; value: unknown }>;

const one = (name: string, value: ReturnType<typeof problemBody>): Examples => ({ [name]: { summary: value.detail, value } });

/** The usual example of an error status; `detail` words a 404 for the resource at hand. */
export function problemExample(status: ProblemExampleStatus, detail?: string): Examples {
  switch (status) {
    case 400:
      return {};
    case 401:
      return {
        ...one('no key', problemBody(401, 'unauthorized', 'Send an API key as "Authorization: Bearer <key>"')),
        ...one('unknown key', problemBody(401, 'unauthorized', 'The API key is unknown or revoked')),
      };
    case 403:
      return one('member key', problemBody(403, 'forbidden', 'This operation needs an admin API key'));
    case 404:
      return one('not found', problemBody(404, 'not-found', detail ?? 'Not found'));
    case 413:
      return one('too large', problemBody(413, 'body-too-large', 'The request body is larger than this service accepts'));
    case 415:
      return one('not JSON', problemBody(415, 'unsupported-media-type', 'Send the body as application/json'));
    case 503:
      return one('database down', problemBody(503, 'database-unreachable', 'The database does not answer'));
    case 409:
    case 422:
    case 502:
      // Always the operation's own: these statuses mean something different on every route.
      return {};
  }
}

/** A 409, 422, 502 or 503 example, as the service words it. */
export const refusal = (status: 409 | 422 | 502 | 503, slug: string, detail: string, extensions: Record<string, unknown> = {}) =>
  one(slug, problemBody(status, slug, detail, undefined, extensions));
