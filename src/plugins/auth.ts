// Bearer API keys. Registered inside the /v1 scope, so health and docs stay public.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../lib/problem.js';
import type { ApiKeyService, AuthContext } from '../services/api-key-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
}

function unauthorized(detail: string) {
  return new Problem(401, 'unauthorized', detail);
}

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1]! : null;
}

async function auth(app: FastifyInstance, opts: { apiKeys: ApiKeyService }) {
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('www-authenticate', 'Bearer');
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('Send an API key as "Authorization: Bearer <key>"');
    const context = await opts.apiKeys.authenticate(token);
    if (!context) throw unauthorized('The API key is unknown or revoked');
    request.auth = context;
    reply.removeHeader('www-authenticate');
  });
}

/** preHandler for operations only an admin key may perform. */
export async function requireAdmin(request: FastifyRequest) {
  if (request.auth.role !== 'admin') throw new Problem(403, 'forbidden', 'This operation needs an admin API key');
}

export default fp(auth, { name: 'auth' });
