// Finding, choosing and verifying group addresses; importing many links; the registry's health.
import { z } from 'zod';
import {
  addressAnswer, addressBodyExamples, candidatesAnswer, candidatesBodyExamples, healthAnswer, importAnswer, importBodyExamples, registryLiveProblems, statusChangesAnswer, verifyAnswer,
} from '../examples/registry-live.js';
import { toGroupView } from '../services/group-service.js';
import { App, BEARER, answer, authErrors, idParams, missing } from '../routes/route-kit.js';
import type { GroupVerification } from './group-verification.js';
import { statusHistory } from './group-state.js';
import type { LinkImport } from './link-import.js';
import { registryHealth } from './registry-health.js';
import {
  addressAnswerSchema, addressBodySchema, candidatesAnswerSchema, candidatesBodySchema, healthSchema, importAnswerSchema, importBodySchema, statusChangeSchema, verifyAnswerSchema,
} from './schemas.js';
import type { Db } from '../db/database.js';

const tags = ['registry'];
const busy = { 503: 'The network asked to wait (rate limit) or did not answer: Retry-After says when to ask again' };

export async function registryLiveRoutes(app: App, opts: { db: Db; verification: GroupVerification; imports: LinkImport }) {
  const { verification, imports } = opts;

  app.post('/groups/:id/candidates', {
    schema: {
      operationId: 'findGroupCandidates',
      summary: "Find candidates for a group's address (VK: by name; others: from links), ranked, with the facts read",
      description: 'Every network call goes through the shared rate limiter, behind publishing. Nothing is written.',
      tags,
      security: BEARER,
      params: idParams,
      body: candidatesBodySchema,
      bodyExamples: candidatesBodyExamples,
      response: { 200: answer('The candidates, best first', candidatesAnswerSchema, candidatesAnswer), ...authErrors(missing('group'), 413, 415, busy, {
        422: { description: 'A network that is searched needs an account of it in the workspace', examples: registryLiveProblems.noAccount },
        502: { description: 'The network refused the search', examples: registryLiveProblems.searchRefused },
      }) },
    },
    handler: async (request) => verification.candidates(request.auth, request.params.id, request.body),
  });

  app.post('/groups/:id/address', {
    schema: {
      operationId: 'setGroupAddress',
      summary: 'Set a group\'s address from a candidate (or any link): verified, with the posting mode its facts allow',
      description: 'api where the account may post, suggest where the community takes suggestions, assisted otherwise; the choice is explained in `mode.why`.',
      tags,
      security: BEARER,
      params: idParams,
      body: addressBodySchema,
      bodyExamples: addressBodyExamples,
      response: { 200: answer('The group with its address, mode and verification', addressAnswerSchema, addressAnswer), ...authErrors(missing('group'), 413, 415, busy, {
        409: { description: 'Another group of the workspace already has this address: one community is one group', examples: registryLiveProblems.addressTaken },
        422: { description: 'The address is malformed, names nothing on the network, or (VK) a screen name could not be resolved', examples: registryLiveProblems.invalidAddress },
      }) },
    },
    handler: async (request) => {
      const result = await verification.chooseAddress(request.auth, request.params.id, request.body);
      return { group: toGroupView(result.group), mode: result.mode, verification: result.verification };
    },
  });

  app.post('/groups/:id/verify', {
    schema: {
      operationId: 'verifyGroup',
      summary: "Read a group's address again: a chat gone, a bot removed, a wall closed make it broken, with the reason",
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('What the network showed, and the group after it', verifyAnswerSchema, verifyAnswer), ...authErrors(missing('group'), { 409: { description: 'The group has no address yet', examples: registryLiveProblems.noAddress } }) },
    },
    handler: async (request) => {
      const r = await verification.verify(request.auth, request.params.id, 'verify');
      if (r.kind === 'later') return { outcome: 'not_asked' as const, detail: r.reason, retryAt: new Date(r.retryAt).toISOString(), group: toGroupView(r.group) };
      if (!r.verification) return { outcome: 'not_asked' as const, detail: 'the address changed while it was being read: verify again', retryAt: null, group: toGroupView(r.group) };
      return { outcome: r.verification.outcome, detail: r.verification.detail, retryAt: null, group: toGroupView(r.group) };
    },
  });

  app.get('/groups/:id/status-changes', {
    schema: {
      operationId: 'listGroupStatusChanges',
      summary: "A group's status history: who noticed what, and when",
      tags,
      security: BEARER,
      params: idParams,
      response: { 200: answer('Newest first (at most 100)', z.object({ items: z.array(statusChangeSchema) }), statusChangesAnswer), ...authErrors(missing('group')) },
    },
    handler: async (request) => {
      await verification.mustFind(request.auth, request.params.id);
      const rows = await statusHistory(opts.db, request.auth.workspaceId, request.params.id, 100);
      return { items: rows.map((r) => ({ from: r.fromStatus, to: r.toStatus, code: r.code, reason: r.reason, source: r.source, at: r.at.toISOString() })) };
    },
  });

  app.post('/groups/import-links', {
    schema: {
      operationId: 'importGroupLinks',
      summary: 'Bring many groups to life at once from a list of links: matched to curated groups by name, or made custom; verified',
      description: 'Idempotent: a link whose group already has that address is reported "already" and nothing changes. At most 500 links.',
      tags,
      security: BEARER,
      body: importBodySchema,
      bodyExamples: importBodyExamples,
      response: { 200: answer('A report per line', importAnswerSchema, importAnswer), ...authErrors(413, 415) },
    },
    handler: async (request) => imports.importLinks(request.auth, request.body),
  });

  app.get('/registry/health', {
    schema: {
      operationId: 'getRegistryHealth',
      summary: 'The registry at a glance: per network and mode, groups postable, needing an address, an account, the bot as admin, broken; with the next action',
      tags,
      security: BEARER,
      response: { 200: answer('Counts per network, mode and state', healthSchema, healthAnswer), ...authErrors() },
    },
    handler: async (request) => registryHealth(opts.db, request.auth.workspaceId),
  });
}
