import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { stdSerializers, type Logger, type LoggerOptions } from 'pino';
import { redactUrl, scrubDeep, scrubText } from './scrub-secrets.js';

// pino runs `formatters.log` BEFORE its serializers. Scrubbing there used to turn an Error into {}
// (message and stack are not enumerable) and Fastify's request into {} (method and url are
// getters), and it walked the whole live request (socket, server…) on every line to do so: logs
// said `"req":{}` and cost more than the API. So each line is serialized first (these
// serializers, then any Error anywhere), then scrubbed. The serializers stay registered with pino
// too, which calls them again on what is by then plain data: they leave that as it is.
const serializers = {
  err: (err: unknown) => (err instanceof Error ? stdSerializers.err(err) : err) as ReturnType<typeof stdSerializers.err>,
  // A live Fastify request (it has `raw`) or Node's IncomingMessage (it has `socket`); plain data passes.
  req: (req: unknown) => {
    const r = req as Partial<FastifyRequest> & { socket?: unknown };
    if (!r || typeof r !== 'object' || (!('raw' in r) && !('socket' in r))) return req;
    return { method: r.method, url: redactUrl(String(r.url)), ...(r.id ? { reqId: r.id } : {}) };
  },
  res: (res: unknown) => {
    const r = res as Partial<FastifyReply> & { socket?: unknown };
    if (!r || typeof r !== 'object' || (!('raw' in r) && !('socket' in r))) return res;
    return { statusCode: r.statusCode };
  },
};
const SERIALIZE: Record<string, (value: unknown) => unknown> = serializers;

function serializeThenScrub(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    out[key] = scrubDeep(Object.hasOwn(SERIALIZE, key) ? SERIALIZE[key]!(value) : value);
  }
  return out;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    // Credential-named fields (authorization, botToken, password…) at any depth are redacted by
    // scrubDeep on the same walk that scrubs token-shaped text, so no pino `redact` pass is needed.
    serializers,
    formatters: { log: serializeThenScrub },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

const tenths = (ms: number) => Math.round(ms * 10) / 10;

/**
 * One line per request, when its answer is sent: method, URL (secrets redacted), status, time in
 * ms, and the request id (`reqId`, bound to every line of the request), e.g.
 * {"level":30,…,"reqId":"req-1","method":"GET","url":"/v1/vacancies?limit=20","statusCode":200,"responseTime":3.1,"msg":"request completed"}
 * Fastify's default is two lines (`incoming request`, `request completed`) carrying whole
 * request/reply objects; one line of plain fields is half the writes and the easiest to read and
 * to grep. Fastify's LogController is the supported way to change its request lines (its
 * `disableRequestLogging` option is deprecated) and needs no hook of our own on the hot path.
 * Headers are never logged, so an Authorization header cannot reach the log.
 */
export class RequestLogLines extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const log = reply.log;
    // At LOG_LEVEL=silent (or warn…) the line is not even put together.
    if ((log as Partial<Logger>).isLevelEnabled?.(error ? 'error' : 'info') === false) return;
    const line = { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, responseTime: tenths(reply.elapsedTime) };
    if (error) log.error({ ...line, err: error }, 'request errored');
    else log.info(line, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ method: request.method, url: redactUrl(request.url) }, 'route not found');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, err: error };
    if (reply.statusCode >= 500) reply.log.error(line, error.message);
    else reply.log.info(line, error.message);
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    reply.log.warn({ method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, err: error }, error.message);
  }
}
