// Examples for finding, choosing and verifying group addresses, and for the registry's health.
// Bodies are ones that work on a fresh install with the local network imitations (test/fakes).
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';
import { groupExample } from './registry.js';

export const candidatesBodyExamples: Examples = {
  'search by its name': { summary: "VK: search communities by the group's name (the body may be empty)", value: {} },
  'read links': { summary: 'Telegram, OK, Facebook, LinkedIn: read the links a person found', value: { links: ['https://t.me/zerno_jobs'] } },
};

const vkRead = { id: 31415926, screen_name: 'rabota_tomsk', type: 'group', members_count: 48210, is_closed: 'open', wall: 'limited', can_post: false, can_suggest: true, is_admin: false, admin_level: null, activity: 'Работа' };

export const candidatesAnswer: Examples = {
  'VK search': {
    summary: 'Ranked communities, each with the mode its facts allow',
    value: {
      groupId: EXAMPLE_ID.group,
      network: 'vk',
      query: 'Работа в Томске',
      searched: 'name',
      capabilities: 'searches communities by name (groups.search), reads each (groups.getById: …)',
      searchLink: 'https://vk.com/search/communities?q=%D0%A0%D0%B0%D0%B1%D0%BE%D1%82%D0%B0',
      candidates: [
        {
          address: '31415926',
          name: 'Работа в Томске',
          url: 'https://vk.com/rabota_tomsk',
          members: 48210,
          access: 'suggest',
          mode: { mode: 'suggest', why: 'suggest: the community takes suggested posts: each waits for its moderators' },
          score: 0.934,
          ranking: ['name likeness 100 %', '48,210 members', 'takes suggested posts', 'activity: Работа'],
          read: vkRead,
        },
      ],
      refused: [],
      notes: [],
    },
  },
};

const verification = {
  at: AT.updated,
  source: 'address',
  outcome: 'postable',
  detail: 'the community takes suggested posts: each waits for its moderators',
  accountId: EXAMPLE_ID.account,
  facts: { name: 'Работа в Томске', url: 'https://vk.com/rabota_tomsk', members: 48210, access: 'suggest', explanation: 'the community takes suggested posts: each waits for its moderators', read: vkRead },
  suggestedMode: { mode: 'suggest', why: 'suggest: the community takes suggested posts: each waits for its moderators' },
};

const vkGroup = {
  ...groupExample,
  slug: 'vk-rabota-v-tomske',
  source: 'curated',
  network: 'vk',
  name: 'Работа в Томске',
  kind: 'group',
  mode: 'suggest',
  address: '31415926',
  accountId: EXAMPLE_ID.account,
  editedFields: ['address'],
  verification,
  verifiedAt: AT.updated,
  updatedAt: AT.updated,
};

export const addressBodyExamples: Examples = {
  'a Facebook group': { summary: 'Assisted networks: the URL a person found, normalised', value: { address: 'https://www.facebook.com/groups/smm.vacancies.msk/?ref=share' } },
};

export const addressAnswer: Examples = {
  'a VK community': { summary: 'Address, mode and verification set from the facts', value: { group: vkGroup, mode: verification.suggestedMode, verification } },
};

export const verifyAnswer: Examples = {
  'bot removed': {
    summary: 'The chat is there but the bot was removed: the group is broken, with the reason',
    value: {
      outcome: 'broken',
      detail: 'Forbidden: bot was kicked from the channel chat',
      retryAt: null,
      group: { ...groupExample, status: 'broken', brokenCode: 'bot_removed', brokenReason: 'Forbidden: bot was kicked from the channel chat', verifiedAt: AT.updated },
    },
  },
};

export const statusChangesAnswer: Examples = {
  history: {
    summary: 'Newest first',
    value: { items: [{ from: 'active', to: 'broken', code: 'bot_removed', reason: 'Forbidden: bot was kicked from the channel chat', source: 'sweep', at: AT.updated }] },
  },
};

export const healthAnswer: Examples = {
  'a fresh install': {
    summary: 'Curated groups wait for addresses; one VK community is postable',
    value: {
      totals: { postable: 1, needs_address: 93, needs_account: 0, needs_admin: 0, broken: 0, disabled: 0 },
      networks: [
        {
          network: 'vk',
          mode: 'suggest',
          total: 16,
          states: {
            needs_address: { groups: 15, unverified: 0, nextAction: 'Find the address: POST /v1/groups/{id}/candidates …', examples: [{ id: EXAMPLE_ID.group, slug: 'vk-khochu-rabotat', name: 'Хочу Работать!', reason: null }] },
            postable: { groups: 1, unverified: 0, nextAction: 'Nothing to do: campaigns can post here', examples: [{ id: EXAMPLE_ID.group, slug: 'vk-rabota-v-tomske', name: 'Работа в Томске', reason: null }] },
          },
        },
      ],
      states: { postable: 'Nothing to do: campaigns can post here' },
    },
  },
};

export const importBodyExamples: Examples = {
  'links as kept': {
    summary: 'One per line, as a recruiter keeps them',
    value: { text: 'https://www.facebook.com/groups/rabota.marketing\n# LinkedIn\nhttps://www.linkedin.com/groups/4412345/' },
  },
};

export const importAnswer: Examples = {
  report: {
    summary: 'One line per link',
    value: {
      lines: [
        { line: 1, input: 'https://www.facebook.com/groups/rabota.marketing', network: 'facebook', outcome: 'created', groupId: EXAMPLE_ID.facebookGroup, slug: 'facebook-rabota-marketing-1a2b', name: 'rabota.marketing', verified: 'unverifiable', mode: 'assisted', detail: 'no curated facebook group has this name: a custom group was made' },
        { line: 3, input: 'https://www.linkedin.com/groups/4412345/', network: 'linkedin', outcome: 'already', groupId: EXAMPLE_ID.group, slug: 'linkedin-vakansii-v-moskve', name: 'Вакансии в Москве', verified: null, mode: 'assisted', detail: 'the group already has this address: nothing changed' },
      ],
      summary: { matched: 0, created: 1, already: 1, refused: 0 },
    },
  },
};

export const registryLiveProblems = {
  invalidAddress: refusal(422, 'invalid-address', 'The address cannot be used: address', {
    errors: [{ field: 'address', in: 'body', message: 'Bad Request: chat not found' }],
  }),
  noAccount: refusal(422, 'invalid-address', 'The address cannot be used: network', {
    errors: [{ field: 'network', in: 'body', message: 'searching vk needs a vk account: add one (POST /v1/accounts)' }],
  }),
  searchRefused: refusal(502, 'network-refused', 'The search was refused: VK groups.search: refused: VK error 15: Access denied'),
  addressTaken: refusal(409, 'address-taken', 'the group "Хочу Работать!" (vk-khochu-rabotat) already has this address: one community is one group'),
  noAddress: refusal(409, 'no-address', 'The group has no address to verify: find one with POST /v1/groups/{id}/candidates'),
};
