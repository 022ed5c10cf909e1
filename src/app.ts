// The application, without a process around it: tests and the server both call buildApp.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Env } from './config/env.js';
import type { Database } from './db/database.js';
import { loggerOptions } from './lib/logger-options.js';
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
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(options: BuildAppOptions) {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
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
  const templates = templateCheckerFor(renderer);
  const registry = createRegistrySync({ channels });
  const apiKeys = createApiKeyService({ db, onTouchError: (err) => app.log.warn({ err }, 'could not record key use') });
  const workspaces = createWorkspaceService({ db, apiKeys, registry });
  const vacancies = createVacancyService({ db });
  const groups = createGroupService({ db, templates });
  const accounts = createAccountService({ db, box: createSecretBox(options.secretsKey), adapters });
  const previews = createPreviewService({ db, renderer, vacancies, templates });
  const targeting = createTargetingService({ db, vacancies });

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
    },
    { prefix: '/v1' },
  );

  app.addHook('onClose', async () => database.close());
  const services = { apiKeys, workspaces, vacancies, groups, accounts, previews, targeting, registry, renderer, adapters };
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
};

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
