// The application, without a process around it: tests and the server both call buildApp.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Env } from './config/env.js';
import type { Database } from './db/database.js';
import { loggerOptions, RequestLogLines } from './lib/logger-options.js';
import auth from './plugins/auth.js';
import openapi from './plugins/openapi.js';
import problemErrors from './plugins/problem-errors.js';
import { createSecretBox } from './lib/secret-box.js';
import { createAdapters, type Adapters } from './networks/index.js';
import { loadChannels } from './registry/load-channels.js';
import { createRenderer } from './rendering/renderer.js';
import { accountRoutes } from './routes/accounts.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { groupRoutes } from './routes/groups.js';
import { planRoutes } from './routes/plans.js';
import { previewRoutes } from './routes/previews.js';
import { templateRoutes } from './routes/templates.js';
import { healthRoutes } from './routes/health.js';
import { vacancyRoutes } from './routes/vacancies.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { createAccountService } from './services/account-service.js';
import { createApiKeyService } from './services/api-key-service.js';
import { createGroupService } from './services/group-service.js';
import { createPreviewService } from './services/preview-service.js';
import { createRegistrySync } from './services/registry-sync.js';
import { createTargetingService } from './services/targeting-service.js';
import { templateCheckerFor } from './services/template-checker.js';
import { createVacancyService } from './services/vacancy-service.js';
import { createWorkspaceService } from './services/workspace-service.js';
import { createCampaignService } from './services/campaign-service.js';
import { createPostService } from './services/post-service.js';
import { postHistory } from './services/post-history.js';
import { startJobQueue, type JobQueue } from './jobs/job-queue.js';
import { startWorkers } from './jobs/workers.js';
import { createEngine, type Engine } from './publishing/engine.js';
import { releaseAccountPosts } from './publishing/account-holds.js';
import { MAINTENANCE_CRON } from './publishing/maintenance.js';
import { createVacancyClosing } from './publishing/vacancy-closing.js';
import { resolveLimits } from './ratelimit/network-limits.js';
import { campaignRoutes } from './routes/campaigns.js';
import { postRoutes } from './routes/posts.js';
import { settingsRoutes } from './routes/settings.js';

export interface BuildAppOptions {
  config: Env;
  /** An open database; the app closes it when it closes. */
  database: Database;
  /** Key for credentials at rest (see lib/secrets-key.ts). */
  secretsKey: Buffer;
  logger?: FastifyServerOptions['logger'];
  /** Where channels/ is read from (tests point it at a variant). */
  channelsDir?: string;
  /** Where the bundled templates are read from. */
  templatesDir?: string;
  /** Network adapters; by default built from the *_API_URL variables. */
  adapters?: Adapters;
  /** Run the job workers in this process; by default when ROLE is "all" or "worker". */
  workers?: boolean;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(options: BuildAppOptions) {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
    // One line per request: method, URL (secrets redacted), status, duration, request id.
    logController: new RequestLogLines(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a proxy the request id comes from it; otherwise Fastify makes one.
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every body this API takes is JSON: anything else is 415, not a string handed to validation.
  app.removeContentTypeParser('text/plain');
  // JSON-LD and merge-patch bodies are JSON; parse them with Fastify's own (prototype-poisoning safe) parser.
  app.addContentTypeParser(
    ['application/ld+json', 'application/merge-patch+json'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  // Both fail the start on a flaw (naming file, entry and field, or template and line), so a broken
  // registry or template is found now, not when a worker first needs it.
  const channels = await loadChannels(options.channelsDir);
  const renderer = createRenderer({ templatesDir: options.templatesDir });
  const adapters =
    options.adapters ??
    createAdapters({
      timeoutMs: config.NETWORK_TIMEOUT_MS,
      telegram: { baseUrl: config.TELEGRAM_API_URL },
      vk: { baseUrl: config.VK_API_URL },
      facebook: { baseUrl: config.FACEBOOK_API_URL },
      linkedin: { baseUrl: config.LINKEDIN_API_URL },
      ok: { baseUrl: config.OK_API_URL },
    });

  const db = database.db;
  const runWorkers = options.workers ?? config.ROLE !== 'api';
  const limits = resolveLimits(config.RATE_LIMITS);
  const jobs = await startJobQueue(database, {
    supervise: runWorkers,
    superviseIntervalSeconds: config.JOB_SUPERVISE_SECONDS,
    onError: (err) => app.log.error({ err }, 'job queue error'),
  });
  const templates = templateCheckerFor(renderer);
  const registry = createRegistrySync({ channels });
  const apiKeys = createApiKeyService({ db, onTouchError: (err) => app.log.warn({ err }, 'could not record key use') });
  const workspaces = createWorkspaceService({ db, apiKeys, registry });
  const vacancies = createVacancyService({ db, onClosed: createVacancyClosing({ jobs }) });
  const groups = createGroupService({ db, templates });
  const accounts = createAccountService({
    db,
    box: createSecretBox(options.secretsKey),
    adapters,
    onUsable: async (tx, auth, accountId) => void (await releaseAccountPosts(tx, jobs, auth.workspaceId, accountId)),
  });
  const previews = createPreviewService({ db, renderer, vacancies, templates });
  const targeting = createTargetingService({ db, vacancies, history: (auth, vacancyId) => postHistory(db, auth.workspaceId, vacancyId) });
  const campaigns = createCampaignService({ db, jobs, vacancies, targeting });
  const posts = createPostService({ db, jobs, vacancies });
  const engine = createEngine({
    db,
    jobs,
    adapters,
    renderer,
    limits,
    openCredentials: (workspaceId, accountId) => accounts.openCredentials({ workspaceId }, accountId),
    log: app.log,
    marginMs: config.RATE_LIMIT_MARGIN_MS,
    maxAttempts: config.MAX_PUBLISH_ATTEMPTS,
    networkTimeoutMs: config.NETWORK_TIMEOUT_MS,
  });

  await app.register(problemErrors);
  await app.register(openapi);
  await app.register(healthRoutes, { database });
  await app.register(
    async (v1) => {
      await v1.register(auth, { apiKeys });
      await v1.register(workspaceRoutes, { workspaces });
      await v1.register(apiKeyRoutes, { apiKeys });
      await v1.register(vacancyRoutes, { vacancies });
      await v1.register(previewRoutes, { previews });
      await v1.register(planRoutes, { targeting });
      await v1.register(groupRoutes, { groups });
      await v1.register(accountRoutes, { accounts });
      await v1.register(templateRoutes, { previews });
      await v1.register(campaignRoutes, { campaigns, posts });
      await v1.register(postRoutes, { posts });
      await v1.register(settingsRoutes, { db });
    },
    { prefix: '/v1' },
  );

  if (runWorkers) {
    await startWorkers(jobs, engine.handlers, {
      concurrency: config.WORKER_CONCURRENCY,
      pollSeconds: config.JOB_POLL_SECONDS,
      maintenanceCron: MAINTENANCE_CRON,
    });
  }

  // Workers first: in-flight jobs finish (or are released to pg-boss) while the database is still open.
  app.addHook('onClose', async () => {
    await jobs.stop({ graceful: true, timeoutMs: config.NETWORK_TIMEOUT_MS + 5_000 });
    await database.close();
  });
  const services = { apiKeys, workspaces, vacancies, groups, accounts, previews, targeting, registry, renderer, adapters, campaigns, posts, engine, jobs };
  app.decorate('services', services);
  return app;
}

export type AppServices = {
  apiKeys: ReturnType<typeof createApiKeyService>;
  workspaces: ReturnType<typeof createWorkspaceService>;
  vacancies: ReturnType<typeof createVacancyService>;
  groups: ReturnType<typeof createGroupService>;
  accounts: ReturnType<typeof createAccountService>;
  previews: ReturnType<typeof createPreviewService>;
  targeting: ReturnType<typeof createTargetingService>;
  registry: ReturnType<typeof createRegistrySync>;
  renderer: ReturnType<typeof createRenderer>;
  adapters: Adapters;
  campaigns: ReturnType<typeof createCampaignService>;
  posts: ReturnType<typeof createPostService>;
  engine: Engine;
  jobs: JobQueue;
};

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
