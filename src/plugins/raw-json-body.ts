// For routes whose deliveries are signed over the exact bytes sent (Facebook's feed, ATS webhooks):
// JSON only, parsed by Fastify's own parser, with the raw body kept beside it. The API's other JSON
// types (merge-patch, ld+json) would be parsed without their bytes, and a signature would cover nothing.
import type { FastifyInstance, FastifyRequest } from 'fastify';

type WithRawBody = FastifyRequest & { rawBody?: Buffer };

/** Call on an encapsulated instance: its routes take only application/json, with rawBodyOf(request). */
export function keepRawJsonBody(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    (request as WithRawBody).rawBody = body as Buffer;
    parseJson(request, (body as Buffer).toString('utf8'), done);
  });
}

export const rawBodyOf = (request: FastifyRequest): Buffer => (request as WithRawBody).rawBody ?? Buffer.alloc(0);
