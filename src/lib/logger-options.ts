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
      err: (err: Error) => scrubDeep(stdSerializers.err(err)) as ReturnType<typeof stdSerializers.err>,
    },
    formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}
