// The application, without a process around it: tests and the server both call buildApp.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Env } from './config/env.js';
import type { Database } from './db/database.js';
import { startPlannerStatistics } from './db/planner-statistics.js';
import { loggerOptions, RequestLogLines } from './lib/logger-options.js';
import { validatorCompiler } from './lib/validation.js';
import auth from './plugins/auth.js';
import openapi from './plugins/openapi.js';
import problemErrors from './plugins/problem-errors.js';
import { earlyErrorOptions } from './plugins/early-errors.js';
import inputGuard from './plugins/input-guard.js';
import { createSecretBox } from './lib/secret-box.js';
import { createAdapters, type Adapters } from './networks/index.js';
import { instrumentAdapters } from './metrics/instrument-adapters.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { loadChannels } from './registry/load-channels.js';
import { createRenderer } from './rendering/renderer.js';
import { accountRoutes } from './routes/accounts.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { groupRoutes } from './routes/groups.js';
import { planRoutes } from './routes/plans.js';
import { previewRoutes } from './routes/previews.js';
import { templateRoutes } from './routes/templates.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { vacancyRoutes } from './routes/vacancies.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { createAccountService } from './services/account-service.js';
import { createApiKeyService } from './services/api-key-service.js';
import { createGroupService } from './services/group-service.js';
import { createAddressResolver } from './services/address-resolution.js';
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
import { startWorkers, type JobHandlers } from './jobs/workers.js';
import { createEngine, type Engine } from './publishing/engine.js';
import { releaseAccountPosts } from './publishing/account-holds.js';
import { MAINTENANCE_CRON } from './publishing/maintenance.js';
import { createVacancyClosing } from './publishing/vacancy-closing.js';
import { resolveLimits } from './ratelimit/network-limits.js';
import { createLimitedCalls } from './ratelimit/limited-call.js';
import { createRateLimiter, type RateLimiter } from './ratelimit/rate-limiter.js';
import { engineTiming } from './publishing/engine-timing.js';
import { createPublishQueue, type PublishQueue } from './publishing/publish-queue.js';
import { campaignRoutes } from './routes/campaigns.js';
import { postRoutes } from './routes/posts.js';
import { settingsRoutes } from './routes/settings.js';
import { createApplications } from './responses/applications.js';
import { createHitRecorder } from './responses/hit-recorder.js';
import { createLinkLookup } from './responses/link-lookup.js';
import { redirectRoutes } from './responses/redirect-routes.js';
import { pastResultsOf } from './responses/group-performance.js';
import { createGroupReports, createResponseReports } from './responses/response-reports.js';
import { responseRoutes } from './responses/routes.js';
import { createTrackedLinks } from './responses/tracked-links.js';
import { createVisitorHasher } from './responses/visitor-hash.js';
import { createCommentListing } from './responses/comment-listing.js';
import { POLL_SWEEP_CRON } from './responses/network/counter-polling.js';
import { hookAdminRoutes } from './responses/network/hook-admin-routes.js';
import { hookRoutes } from './responses/network/hook-routes.js';
import { createNetworkResponses, type NetworkResponses } from './responses/network/network-responses.js';
import { createAtsConnectors } from './ats/connector-service.js';
import { createAtsInbound } from './ats/inbound.js';
import { atsConnectorRoutes, atsHookRoutes } from './ats/routes.js';
import { createRegistryLive, type RegistryLive } from './registry-live/registry-live.js';
import { registryLiveRoutes } from './registry-live/routes.js';
import { REGISTRY_SWEEP_CRON } from './registry-live/verify-sweep.js';
import { webhookRoutes } from './webhooks/routes.js';
import { consoleRoutes } from './console/console-routes.js';
import { RESPONSE_SUMMARY_CRON } from './webhooks/response-summary.js';
import { createWebhooks, WEBHOOK_SWEEP_CRON, type Webhooks } from './webhooks/webhooks.js';

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
  /** Where the built console is read from; by default dist/console-assets (`npm run build`). */
  consoleDir?: string;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(options: BuildAppOptions) {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
    // One line per request: method, URL (secrets redacted), status, duration, request id.
    logController: new RequestLogLines(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a reverse proxy, the client's address (tracked links count unique visitors by it) is in X-Forwarded-For.
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    // Behind a proxy the request id comes from it; otherwise Fastify makes one.
    requestIdHeader: 'x-request-id',
    // The router's and the HTTP parser's refusals (414, 431, a bad URL) as problem+json too.
    ...earlyErrorOptions,
  }).withTypeProvider<ZodTypeProvider>();

  // zod validation with the API's messages: "is required", one entry per field, every field at once.
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
  const networkAdapters =
    options.adapters ??
    createAdapters({
      timeoutMs: config.NETWORK_TIMEOUT_MS,
      telegram: { baseUrl: config.TELEGRAM_API_URL },
      vk: { baseUrl: config.VK_API_URL },
      facebook: { baseUrl: config.FACEBOOK_API_URL },
      linkedin: { baseUrl: config.LINKEDIN_API_URL },
      ok: { baseUrl: config.OK_API_URL },
    });
  const metrics = createMetrics({ db: database.db, onDatabaseError: (err) => app.log.warn({ err }, 'metrics: could not read the database') });
  // Every network call is timed and its refusals counted here, whoever makes it.
  const adapters = instrumentAdapters(networkAdapters, metrics.engine);

  const db = database.db;
  const runWorkers = options.workers ?? config.ROLE !== 'api';
  const limits = resolveLimits(config.RATE_LIMITS);
  const timing = engineTiming(config);
  const jobs = await startJobQueue(database, {
    supervise: runWorkers,
    superviseIntervalSeconds: config.JOB_SUPERVISE_SECONDS,
    longestRunMs: timing.longestRunMs,
    onError: (err, repeats) => app.log.error({ err, ...(repeats > 0 ? { repeats } : {}) }, 'job queue error'),
  });
  // Embedded PGlite runs one transaction at a time in one process: no key locks needed there.
  const limiter = createRateLimiter({ marginMs: config.RATE_LIMIT_MARGIN_MS, inFlightMs: timing.inFlightMs, lockKeys: database.kind === 'postgres' });
  const publishQueue = createPublishQueue({ jobs, limiter, limits, leadMs: timing.leadMs });
  const limitedCalls = createLimitedCalls({ db, limiter, limits, onWaited: (network, purpose, ms) => metrics.engine.observeTurnWait(network, purpose, ms / 1000) });
  const templates = templateCheckerFor(renderer);
  const registry = createRegistrySync({ channels });
  const apiKeys = createApiKeyService({ db, onTouchError: (err) => app.log.warn({ err }, 'could not record key use') });
  const workspaces = createWorkspaceService({ db, apiKeys, registry });
  const vacancies = createVacancyService({ db, onClosed: createVacancyClosing({ jobs }) });
  const box = createSecretBox(options.secretsKey);
  const accounts = createAccountService({
    db,
    box,
    adapters,
    calls: limitedCalls,
    onUsable: async (tx, auth, accountId) => void (await releaseAccountPosts(tx, publishQueue, auth.workspaceId, accountId)),
  });
  const resolver = createAddressResolver({ adapters, calls: limitedCalls, unseal: accounts.unseal });
  const groups = createGroupService({ db, templates, resolver });
  const registryLive = createRegistryLive({ db, jobs, adapters, calls: limitedCalls, unseal: accounts.unseal, log: app.log });
  const links = createTrackedLinks(config.PUBLIC_BASE_URL);
  const previews = createPreviewService({ db, renderer, vacancies, templates, links });
  const targeting = createTargetingService({
    db,
    vacancies,
    history: (auth, vacancyId) => postHistory(db, auth.workspaceId, vacancyId),
    pastResults: pastResultsOf(db),
  });
  const campaigns = createCampaignService({ db, jobs, queue: publishQueue, links, vacancies, targeting });
  const posts = createPostService({ db, queue: publishQueue, vacancies });
  const engine = createEngine({
    db,
    jobs,
    queue: publishQueue,
    limiter,
    adapters,
    renderer,
    limits,
    unseal: accounts.unseal,
    resolver,
    links,
    log: app.log,
    metrics: metrics.engine,
    maxAttempts: config.MAX_PUBLISH_ATTEMPTS,
    callBoundMs: timing.callBoundMs,
  });

  await app.register(problemErrors);
  await app.register(inputGuard);
  await app.register(openapi);
  await app.register(healthRoutes, { database });
  await app.register(metricsRoutes, { metrics, token: config.METRICS_TOKEN });
  await app.register(consoleRoutes, { dir: options.consoleDir });
  const hits = createHitRecorder({
    db,
    onError: (err, pending) => app.log.error({ err, pending }, 'could not record tracked-link hits: kept to try again'),
    onDropped: (count) => app.log.error({ count }, 'tracked-link hits dropped: the database refused them too long'),
  });
  await app.register(redirectRoutes, { lookup: createLinkLookup(db), hits, visitorHash: createVisitorHasher(options.secretsKey) });
  const networkResponses = createNetworkResponses({
    db,
    box,
    adapters,
    calls: limitedCalls,
    jobs,
    unseal: accounts.unseal,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    telegramUpdatesEveryMs: config.TELEGRAM_UPDATES_SECONDS * 1000,
    onSkippedUpdate: (err, hookId, updateId) => app.log.error({ err, hookId, updateId }, 'a Telegram update could not be recorded: skipped'),
  });
  await app.register(hookRoutes, networkResponses);
  const applications = createApplications({ db });
  const atsConnectors = createAtsConnectors({ db, box, publicBaseUrl: config.PUBLIC_BASE_URL });
  await app.register(atsHookRoutes, { inbound: createAtsInbound({ db, box, vacancies, campaigns, applications }) });
  const reports = createResponseReports({ db, links });
  const webhooks = createWebhooks({
    db,
    jobs,
    box,
    reports,
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    dispatchEveryMs: config.WEBHOOK_DISPATCH_MS,
  });
  const groupReports = createGroupReports({ db });
  await app.register(
    async (v1) => {
      await v1.register(auth, { apiKeys });
      await v1.register(workspaceRoutes, { workspaces });
      await v1.register(apiKeyRoutes, { apiKeys });
      await v1.register(vacancyRoutes, { vacancies });
      await v1.register(previewRoutes, { previews });
      await v1.register(planRoutes, { targeting });
      await v1.register(groupRoutes, { groups });
      await v1.register(registryLiveRoutes, { db, verification: registryLive.verification, imports: registryLive.imports });
      await v1.register(accountRoutes, { accounts });
      await v1.register(templateRoutes, { previews });
      await v1.register(campaignRoutes, { campaigns, posts });
      await v1.register(postRoutes, { posts });
      await v1.register(settingsRoutes, { db });
      await v1.register(responseRoutes, { applications, reports, groupReports, comments: createCommentListing({ db }) });
      await v1.register(hookAdminRoutes, networkResponses);
      await v1.register(webhookRoutes, webhooks);
      await v1.register(atsConnectorRoutes, { connectors: atsConnectors });
    },
    { prefix: '/v1' },
  );

  const jobHandlers = { ...engine.handlers, ...networkResponses.handlers, ...webhooks.handlers, ...registryLive.handlers };
  if (runWorkers) {
    await startWorkers(jobs, jobHandlers, {
      concurrency: config.WORKER_CONCURRENCY,
      batchSize: config.JOB_BATCH_SIZE,
      pollSeconds: config.JOB_POLL_SECONDS,
      maintenanceCron: MAINTENANCE_CRON,
      pollSweepCron: POLL_SWEEP_CRON,
      webhookConcurrency: config.WEBHOOK_CONCURRENCY,
      webhookSweepCron: WEBHOOK_SWEEP_CRON,
      responseSummaryCron: RESPONSE_SUMMARY_CRON,
      registrySweepCron: REGISTRY_SWEEP_CRON,
    });
  }

  // PGlite has no autovacuum: the service keeps the planner's statistics itself (text search needs them).
  const statistics = startPlannerStatistics(database, { onError: (err) => app.log.warn({ err }, 'could not refresh planner statistics') });
  app.addHook('onReady', async () => void statistics.refresh());

  // Workers first: in-flight jobs finish (or are released to pg-boss) while the database is still open.
  app.addHook('onClose', async () => {
    await hits.flush().catch((err: unknown) => app.log.error({ err }, 'tracked-link hits not written at shutdown'));
    await jobs.stop({ graceful: true, timeoutMs: timing.callBoundMs + 5_000 });
    await statistics.stop();
    await database.close();
  });
  const services = {
    apiKeys, workspaces, vacancies, groups, accounts, previews, targeting, registry, renderer, adapters, campaigns, posts, engine, jobs, limiter, publishQueue, metrics,
    networkResponses, webhooks, jobHandlers, registryLive,
  };
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
  limiter: RateLimiter;
  publishQueue: PublishQueue;
  metrics: Metrics;
  networkResponses: NetworkResponses;
  webhooks: Webhooks;
  jobHandlers: JobHandlers;
  registryLive: RegistryLive;
};

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
