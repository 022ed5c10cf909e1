// The reference for bench/logging.ts: Fastify alone, one GET route answering a constant page, with
// BARE_LOG=off: no logger; stock: Fastify's own pino logger at info (two lines per request);
// service: the service's logger (src/lib/logger-options.ts: scrubber and one line per request).
// Logs go to stdout, written synchronously, like the service's. What the framework, plain pino and
// our logging cost on this machine, with nothing else in the request to hide them.
// Also the reference for bench/redirect.ts: GET /r/:code answers a constant 302, as the service's
// tracked link does, without the lookup and the click it records.
import Fastify from 'fastify';
import { loggerOptions, RequestLogLines } from '../src/lib/logger-options.js';

const PAGE = { items: [], nextCursor: null };
const mode = process.env.BARE_LOG ?? 'off';

const app =
  mode === 'service'
    ? Fastify({ logger: loggerOptions('info'), logController: new RequestLogLines(), requestIdHeader: 'x-request-id' })
    : Fastify({ logger: mode === 'stock' ? { level: 'info' } : false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/v1/vacancies', async () => PAGE);
app.get('/r/:code', (_request, reply) =>
  reply.code(302).header('location', 'https://example.org/jobs/1?utm_source=telegram').header('cache-control', 'no-store').send(),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
