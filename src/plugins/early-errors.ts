// Errors answered before any route runs, in the problem+json shape of every other error:
// - the router's (a path segment over maxParamLength: 414; bad percent-encoding in the path: 400),
//   through Fastify's frameworkErrors option;
// - Node's HTTP parser's (headers over 16 KB: 431; a request that is not HTTP: 400; too slow: 408),
//   through the server's 'clientError' event, where there is no request or reply, only a socket.
// Both are server options, so app.ts spreads `earlyErrorOptions` into Fastify's.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problemBody } from '../lib/problem.js';
import { sendProblem, toProblem } from './problem-errors.js';

function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const body = toProblem(error, request);
  request.log.info({ problem: body.type, status: body.status }, 'request rejected');
  return sendProblem(reply, body);
}

const PARSER_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, slug: 'headers-too-large', detail: 'The request line and headers are larger than 16 KB' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: 'The request was not received in time' },
};
const MALFORMED = { status: 400, slug: 'malformed-request', detail: 'The request is not valid HTTP/1.1' };

// The path of the request line, when the parser had read it (never the query: it may hold secrets).
function requestPath(error: { rawPacket?: unknown }): string | undefined {
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, 2048).toString('latin1') : '';
  return raw.match(/^[A-Z]+ (\/[^\s?]*)/)?.[1];
}

function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  // A reset connection has no one to answer (as in Fastify's default handler).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && PARSER_ERRORS[error.code]) || MALFORMED;
  const body = JSON.stringify(problemBody(known.status, known.slug, known.detail, requestPath(error)));
  this.log.debug({ problem: known.slug, status: known.status, code: error.code }, 'request rejected by the HTTP parser');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${problemBody(known.status, known.slug, undefined).title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

export const earlyErrorOptions = {
  frameworkErrors,
  clientErrorHandler,
} satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;
