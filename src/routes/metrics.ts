// GET /metrics for Prometheus. Outside /v1 and its API keys (a scraper has none); guarded by
// METRICS_TOKEN when one is set. Hidden from the OpenAPI document: it is for operators' scrapers,
// not part of the REST API.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../lib/problem.js';
import type { Metrics } from '../metrics/metrics.js';
import { bearerToken } from '../plugins/auth.js';
import type { App } from './route-kit.js';

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (text: string) => createHash('sha256').update(text).digest();

function tokenGuard(expected: string) {
  const want = digest(expected);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = bearerToken(request.headers.authorization);
    if (given === null || !timingSafeEqual(digest(given), want)) {
      reply.header('www-authenticate', 'Bearer');
      throw new Problem(401, 'unauthorized', 'Send the metrics token (METRICS_TOKEN) as "Authorization: Bearer <token>"');
    }
  };
}

export async function metricsRoutes(app: App, opts: { metrics: Metrics; token?: string }) {
  app.get('/metrics', {
    schema: { hide: true },
    // A scrape every few seconds would otherwise fill the log with request lines.
    logLevel: 'warn',
    ...(opts.token ? { onRequest: tokenGuard(opts.token) } : {}),
    handler: async (_request, reply) => {
      const { contentType, body } = await opts.metrics.scrape();
      return reply.type(contentType).send(body);
    },
  });
}
