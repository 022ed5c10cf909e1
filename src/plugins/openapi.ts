// OpenAPI 3.1 from the route schemas; openapi.yaml is this document, written by `npm run openapi`.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readFileSync } from 'node:fs';
import { webhooksDocument } from '../webhooks/openapi-webhooks.js';
import { transformObjectWithExamples, transformWithExamples } from './openapi-examples.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vacancy cross-posting API', version: pkg.version, description: pkg.description },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: "Authorization: Bearer vcp_…"' },
        },
      },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'workspaces', description: 'Agencies and teams; each sees only its own data' },
        { name: 'api-keys', description: 'Keys that call this API' },
        { name: 'vacancies', description: 'Vacancies in the shape of schema.org JobPosting' },
        { name: 'groups', description: 'The registry of target groups, seeded from the curated list' },
        { name: 'accounts', description: 'Network credentials (encrypted at rest, never returned)' },
        { name: 'templates', description: 'Handlebars templates per network' },
        { name: 'webhooks', description: 'Events sent to your endpoints, signed the Standard Webhooks way' },
        { name: 'ats', description: 'ATS systems pushing their vacancies here (Huntflow, Greenhouse, generic)' },
      ],
      webhooks: webhooksDocument(),
    },
    transform: transformWithExamples,
    transformObject: transformObjectWithExamples,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(openapi, { name: 'openapi' });
