// The METRICS_PORT listener: GET /metrics and /healthz, nothing else. A ROLE=worker process serves no
// HTTP API, yet its publish timings and refusal counts live only in its memory; this is how
// Prometheus reaches them. Same token guard and error shape as the API's /metrics.
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import problemErrors from '../plugins/problem-errors.js';
import { metricsRoutes } from '../routes/metrics.js';
import type { Metrics } from './metrics.js';

export async function buildMetricsServer(opts: { metrics: Metrics; token?: string; log: FastifyBaseLogger }) {
  const server = Fastify({ loggerInstance: opts.log.child({ server: 'metrics' }) }).withTypeProvider<ZodTypeProvider>();
  await server.register(problemErrors);
  server.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' as const }));
  await server.register(metricsRoutes, { metrics: opts.metrics, token: opts.token });
  return server;
}

/** Listens on METRICS_PORT; the log line names the address (port 0 picks a free one). */
export async function listenMetrics(server: Awaited<ReturnType<typeof buildMetricsServer>>, port: number, host: string) {
  await server.listen({ port, host, listenTextResolver: (address) => `metrics served at ${address}/metrics` });
}
