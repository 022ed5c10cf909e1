// Workspaces and API keys in the API docs. The keys shown are made up; real ones are shown once.
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

const workspace = { id: EXAMPLE_ID.workspace, name: 'Сеть кофеен «Зерно»', createdAt: AT.created };

export const workspaceAnswer: Examples = { workspace: { summary: 'The workspace', value: workspace } };

export const workspaceCreateExamples: Examples = { agency: { summary: 'A team that shares nothing with this one', value: { name: 'Agency Two' } } };

const memberKey = {
  id: EXAMPLE_ID.apiKey,
  name: 'our ATS',
  role: 'member',
  hint: 'vcp_Csm6…fVWA',
  createdAt: AT.created,
  lastUsedAt: null,
  revokedAt: null,
};

export const apiKeyCreateExamples: Examples = {
  'for an ATS': { summary: 'A member key: vacancies, groups, campaigns; not keys or workspaces', value: { name: 'our ATS', role: 'member' } },
  'another admin': { summary: 'An admin key may also manage keys and workspaces', value: { name: 'ops', role: 'admin' } },
};

export const createdApiKeyAnswer: Examples = {
  created: {
    summary: 'The secret `key` is in this answer only: store it now',
    value: { ...memberKey, key: 'vcp_Csm6MFTwV8-KTQws4g-ag5BV1I8vF8qKG-gE-XbfVWA' },
  },
};

export const apiKeyListAnswer: Examples = { keys: { summary: 'Hints, never secrets', value: { items: [memberKey] } } };
export const revokedApiKeyAnswer: Examples = {
  revoked: { summary: 'It stops working at once', value: { ...memberKey, lastUsedAt: AT.updated, revokedAt: AT.updated } },
};

export const createdWorkspaceAnswer: Examples = {
  created: {
    summary: 'The new workspace and its first admin key (shown only here)',
    value: {
      workspace: { id: '019a7b14-0a10-7a01-9b02-3c4d5e6f7a8b', name: 'Agency Two', createdAt: AT.updated },
      apiKey: {
        id: '019a7b14-0a11-7b02-8c03-4d5e6f7a8b9c',
        name: 'admin',
        role: 'admin',
        hint: 'vcp_aNL7…onV4',
        createdAt: AT.updated,
        lastUsedAt: null,
        revokedAt: null,
        key: 'vcp_aNL7oNvl6oqGgEBtEF_VnfwuSgRhPC0paJGLJAuonV4',
      },
    },
  },
};

export const apiKeyProblems = {
  revokeOwn: refusal(409, 'revoke-own-key', 'A key cannot revoke itself; use another admin key'),
};
