import { stdSerializers, type LoggerOptions } from 'pino';
import { scrubDeep, scrubText } from './scrub-secrets.js';

// Field names that hold credentials anywhere in a logged object.
const SECRET_KEYS = [
  'authorization', 'token', 'botToken', 'userToken', 'accessToken', 'pageToken', 'applicationSecretKey',
  'secret', 'secretsKey', 'password', 'apiKey', 'key', 'credentials',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
      ],
      censor: '[REDACTED]',
    },
    serializers: {
      // Usually handed the already serialized and scrubbed error (see formatters): keep it as it is.
      err: (err: unknown) => (err instanceof Error ? scrubDeep(stdSerializers.err(err)) : err) as ReturnType<typeof stdSerializers.err>,
    },
    // pino runs this formatter before the serializers, and scrubDeep copies only enumerable fields:
    // an Error's message and stack are not enumerable, so `{ err }` used to reach the err
    // serializer as {} and every logged error lost its text. Serialize errors first, then scrub.
    formatters: {
      log: (object) =>
        scrubDeep(Object.fromEntries(Object.entries(object).map(([k, v]) => [k, v instanceof Error ? stdSerializers.err(v) : v]))) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}
