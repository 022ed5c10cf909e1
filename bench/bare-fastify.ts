// The reference for bench/logging.ts: Fastify alone, one GET route answering a constant page, with
// no logger (BARE_LOG=off) or Fastify's stock pino logger at info (BARE_LOG=info: its two lines per
// request, written synchronously to stdout like the service's). What the framework and plain pino
// cost on this machine, so the service's figures have something to be read against.
import Fastify from 'fastify';

const PAGE = { items: [], nextCursor: null };

const app = Fastify({ logger: process.env.BARE_LOG === 'info' ? { level: 'info' } : false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/v1/vacancies', async () => PAGE);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
