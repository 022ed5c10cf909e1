// Environment, parsed once. A bad value stops the process with a message naming the variable,
// because a service that starts half-configured fails later and further from the cause.
import { isIP } from 'node:net';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const networkUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // 32 bytes as 64 hex chars or base64. Absent: embedded mode makes one in DATA_DIR; a server must be given one.
  SECRETS_KEY: optionalString.pipe(
    z
      .string()
      .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, as 64 hex characters or base64')
      .optional(),
  ),
  // Where people reach this service from the internet: posts carry tracked links {PUBLIC_BASE_URL}/r/{code}.
  // Unset: posts carry direct links and clicks are not counted.
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // The reverse proxies in front of the service, whose X-Forwarded-For is believed (Fastify's trustProxy):
  // "true" (any) or addresses/CIDRs separated by commas. Unset: the connection's own address.
  TRUST_PROXY: optionalString.pipe(
    z
      .string()
      .refine(
        (v) => v === 'true' || v.split(',').every((a) => /^([^/]+)(\/\d{1,3})?$/.test(a.trim()) && isIP(a.trim().split('/')[0]!) !== 0),
        'must be "true" or IP addresses/CIDRs separated by commas',
      )
      .transform((v): boolean | string[] => (v === 'true' ? true : v.split(',').map((a) => a.trim())))
      .optional(),
  ),
  BOOTSTRAP_API_KEY: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_\-]{32,200}$/, 'must be 32–200 characters of letters, digits, "_" or "-"').optional(),
  ),
  TELEGRAM_API_URL: networkUrl('https://api.telegram.org'),
  VK_API_URL: networkUrl('https://api.vk.com/method'),
  FACEBOOK_API_URL: networkUrl('https://graph.facebook.com/v21.0'),
  LINKEDIN_API_URL: networkUrl('https://api.linkedin.com'),
  OK_API_URL: networkUrl('https://api.ok.ru/fb.do'),
  NETWORK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // all: HTTP API and workers in one process (npm start); api: HTTP only; worker: jobs only.
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  // Jobs each worker process runs at once (most of them wait for a rate-limit slot or the network).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(25),
  // The most publish, close or delivery jobs one fetch of a queue's pool takes (src/jobs/job-pool.ts); each job
  // still settles alone. Every fetch is a statement: under load a pool waits for this many free places.
  JOB_BATCH_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  // How often an idle worker looks for due jobs; pg-boss's minimum is 0.5.
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  // A bot without a webhook (no PUBLIC_BASE_URL): how often its updates (reactions, comments) are fetched.
  TELEGRAM_UPDATES_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  // How often a worker's supervisor looks for jobs whose worker died (pg-boss's default is 60).
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  // Extra gap kept on every rate-limit window, for latency jitter between us and the network.
  RATE_LIMIT_MARGIN_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  // JSON overrides of the per-network limits (src/ratelimit/network-limits.ts), e.g. {"vk":{"postsPerDay":50}}.
  RATE_LIMITS: optionalString.pipe(z.string().optional()),
  // Publish attempts (network calls) before a post that keeps being refused is failed.
  MAX_PUBLISH_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  // When set, GET /metrics asks for "Authorization: Bearer <METRICS_TOKEN>" (Prometheus's bearer_token).
  METRICS_TOKEN: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9._~+\/=-]{16,200}$/, 'must be 16–200 characters of letters, digits or ._~+/=-').optional(),
  ),
  // A second port serving only GET /metrics and /healthz, so a ROLE=worker process (no HTTP API) can be scraped.
  // Outbound webhooks: plain http endpoints, and endpoints on private, loopback or link-local addresses
  // (an on-premise ATS, tests). Both refused unless "true": an endpoint URL is a way into the network.
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  // How often new events are handed to delivery jobs (the delay from a change to its webhook).
  WEBHOOK_DISPATCH_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  // Webhook deliveries one worker process attempts at once.
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  METRICS_PORT: optionalString.pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
});

export type Env = Readonly<z.infer<typeof envSchema>>;

export function decodeKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const b = Buffer.from(text, 'base64');
  return b.length === 32 ? b : null;
}

export class ConfigError extends Error {}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.DATABASE_URL && !result.data.SECRETS_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  SECRETS_KEY: required with DATABASE_URL (a server has no DATA_DIR to keep a generated key in)',
    );
  }
  const { METRICS_PORT, PORT, ROLE } = result.data;
  if (METRICS_PORT !== undefined && METRICS_PORT !== 0 && METRICS_PORT === PORT && ROLE !== 'worker') {
    throw new ConfigError(
      `Invalid configuration:\n  METRICS_PORT: must differ from PORT (${PORT}), which already serves /metrics with ROLE=${ROLE}`,
    );
  }
  return Object.freeze(result.data);
}
