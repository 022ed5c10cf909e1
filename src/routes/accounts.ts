import { z } from 'zod';
import { accountCheckSchema, accountCreateSchema, accountPatchSchema, accountSchema } from '../schemas/account.js';
import type { AccountService } from '../services/account-service.js';
import {
  accountAnswer, accountCheckAnswer, accountCreateExamples, accountListAnswer, accountPatchExamples, accountProblems,
} from '../examples/registry.js';
import { App, BEARER, CONSUMES, answer, authErrors, idParams, missing } from './route-kit.js';

const tags = ['accounts'];

export async function accountRoutes(app: App, opts: { accounts: AccountService }) {
  const { accounts } = opts;

  app.post('/accounts', {
    schema: {
      operationId: 'createAccount',
      summary: 'Store credentials for a network (encrypted; never returned)',
      tags,
      security: BEARER,
      body: accountCreateSchema,
      bodyExamples: accountCreateExamples,
      response: { 201: answer('Stored (encrypted) and unchecked: POST …/check asks the network', accountSchema, accountAnswer), ...authErrors(413, 415) },
    },
    handler: async (request, reply) => reply.code(201).send(await accounts.create(request.auth, request.body)),
  });

  app.get('/accounts', {
    schema: {
      operationId: 'listAccounts',
      summary: 'List network accounts (fingerprints, never credentials)',
      tags,
      security: BEARER,
      response: { 200: answer("The workspace's accounts", z.object({ items: z.array(accountSchema) }), accountListAnswer), ...authErrors() },
    },
    handler: async (request) => ({ items: await accounts.list(request.auth) }),
  });

  app.get('/accounts/:id', {
    schema: { operationId: 'getAccount', summary: 'Read an account', tags, security: BEARER, params: idParams, response: { 200: answer('The account', accountSchema, accountAnswer), ...authErrors(missing('account')) } },
    handler: async (request) => accounts.get(request.auth, request.params.id),
  });

  app.patch('/accounts/:id', {
    schema: {
      operationId: 'updateAccount',
      summary: 'Rename an account or replace its credentials',
      tags,
      security: BEARER,
      params: idParams,
      consumes: CONSUMES.mergePatch,
      body: accountPatchSchema,
      bodyExamples: accountPatchExamples,
      response: {
        200: answer('The account; new credentials make it unchecked and release posts held for re-authorisation', accountSchema, accountAnswer),
        ...authErrors(missing('account'), 413, 415, {
          422: { description: 'Credentials for another network (make a new account for that)', examples: accountProblems.networkMismatch },
        }),
      },
    },
    handler: async (request) => accounts.update(request.auth, request.params.id, request.body),
  });

  app.delete('/accounts/:id', {
    schema: {
      operationId: 'deleteAccount',
      summary: 'Delete an account (its groups keep existing, without an account)',
      tags,
      security: BEARER,
      params: idParams,
      response: { 204: z.undefined().describe('Deleted; its groups stay, without an account'), ...authErrors(missing('account')) },
    },
    handler: async (request, reply) => {
      await accounts.remove(request.auth, request.params.id);
      return reply.code(204).send();
    },
  });

  app.post('/accounts/:id/check', {
    schema: {
      operationId: 'checkAccount',
      summary: 'Ask the network whether the credentials work',
      description: 'Telegram getMe, VK users.get, Facebook the Page, LinkedIn userinfo, OK users.getCurrentUser. A dead token marks the account needs_reauth.',
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('What the network said (ok: false with the reason when it refused or did not answer)', accountCheckSchema, accountCheckAnswer), ...authErrors(missing('account')) },
    },
    handler: async (request) => accounts.check(request.auth, request.params.id),
  });
}
