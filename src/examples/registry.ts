// Groups, network accounts and templates in the API docs. The credentials are the made-up ones
// the local network imitations accept (test/fakes), so every example works against them.
import { RESPONSES_NOTE } from '../responses/network/account-notes.js';
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

export const groupCreateExamples: Examples = {
  'a Telegram channel': {
    summary: 'A channel of our own that the service posts to (give it an account next)',
    value: {
      slug: 'telegram-our-jobs',
      network: 'telegram',
      name: 'Our jobs channel',
      kind: 'channel',
      mode: 'api',
      address: '@our_jobs_channel',
      tags: { professions: ['marketing'], cities: ['moscow'], remote: true },
      rules: { postingHours: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' }, minDaysBetweenPosts: 3 },
    },
  },
  'an assisted Facebook group': {
    summary: 'No API posts into Facebook groups: a person pastes what the service prepares',
    value: {
      network: 'facebook',
      name: 'Работа в Москве: маркетинг',
      mode: 'assisted',
      address: 'https://www.facebook.com/groups/rabota.marketing',
      tags: { professions: ['marketing', 'smm'], cities: ['moscow'], remote: false },
    },
  },
};

export const groupExample = {
  id: EXAMPLE_ID.group,
  slug: 'telegram-our-jobs',
  source: 'custom',
  network: 'telegram',
  name: 'Our jobs channel',
  kind: 'channel',
  language: 'ru',
  tags: { professions: ['marketing'], cities: ['moscow'], remote: true },
  mode: 'api',
  address: '@our_jobs_channel',
  status: 'active',
  rules: {
    requiredHashtags: [],
    maxLength: null,
    minDaysBetweenPosts: 3,
    postingHours: { from: '09:00', to: '21:00', timeZone: 'Europe/Moscow' },
    adsAllowed: null,
  },
  notes: null,
  accountId: null,
  templateOverride: null,
  editedFields: [],
  verification: null,
  verifiedAt: null,
  brokenCode: null,
  brokenReason: null,
  createdAt: AT.created,
  updatedAt: AT.created,
};

export const groupAnswer: Examples = { channel: { summary: 'Our jobs channel', value: groupExample } };

export const groupListAnswer: Examples = {
  'one page': { summary: 'The last page (nextCursor is null)', value: { items: [groupExample], nextCursor: null } },
};

export const groupPatchExamples: Examples = {
  'give it an account': {
    summary: 'Post into the group with this network account (on the same network)',
    value: { accountId: EXAMPLE_ID.account, rules: { minDaysBetweenPosts: 1 } },
  },
  'set a curated group\'s address': {
    summary: "A curated VK group gets its real address and becomes active: a screen name is resolved to the community's numeric id with the workspace's VK account",
    value: { address: 'https://vk.com/rabota_tomsk', rules: { requiredHashtags: ['работа_томск'] } },
  },
  'disable it': { summary: 'Never target it (false enables it again)', value: { disabled: true } },
};

export const patchedGroupAnswer: Examples = {
  'with an account': {
    summary: 'After "give it an account": the edited fields are kept over later syncs',
    value: {
      ...groupExample,
      accountId: EXAMPLE_ID.account,
      rules: { ...groupExample.rules, minDaysBetweenPosts: 1 },
      editedFields: ['accountId', 'rules'],
      updatedAt: AT.updated,
    },
  },
};

export const groupProblems = {
  slugTaken: refusal(409, 'slug-taken', 'A group with slug "telegram-our-jobs" already exists', {
    errors: [{ field: 'slug', in: 'body', message: 'must be unique in the workspace' }],
  }),
  invalid: refusal(422, 'invalid-group', 'The group would be invalid: accountId', {
    errors: [{ field: 'accountId', in: 'body', message: 'is a vk account; this group is on telegram' }],
  }),
};

export const accountCreateExamples: Examples = {
  'Telegram bot': {
    summary: 'A bot token from @BotFather; the bot must be an admin of the channel',
    value: { name: 'jobs bot', credentials: { network: 'telegram', botToken: '123456789:AAFakeTokenForTestsOnly_xxxxxxxxxxxx' } },
  },
  'VK user token': {
    summary: 'A user token with the "wall" right (community tokens cannot post)',
    value: { name: 'HR VK profile', credentials: { network: 'vk', userToken: 'vk1.a.fake-user-token-for-tests-only' } },
  },
  'Facebook Page': {
    summary: 'A Page and its token (groups are assisted)',
    value: { name: 'Zerno page', credentials: { network: 'facebook', pageId: '100000000000001', pageToken: 'EAAFakePageTokenForTestsOnly000000' } },
  },
  'LinkedIn organisation': {
    summary: 'Posts as the company page',
    value: {
      name: 'Zerno on LinkedIn',
      credentials: { network: 'linkedin', accessToken: 'AQVFakeLinkedinTokenForTestsOnly000', authorUrn: 'urn:li:organization:2414183' },
    },
  },
  'OK application': {
    summary: 'Odnoklassniki: application key and secret, and a user access token',
    value: {
      name: 'Zerno on OK',
      credentials: {
        network: 'ok',
        applicationKey: 'CBAFAKEAPPKEY',
        applicationSecretKey: 'FAKEAPPSECRET0123456789ABCDEF',
        accessToken: 'tkn1FakeOkAccessTokenForTestsOnly',
      },
    },
  },
};

export const accountExample = {
  id: EXAMPLE_ID.account,
  network: 'telegram',
  name: 'jobs bot',
  fingerprint: '880c85e06635',
  status: 'unchecked',
  identity: null,
  lastCheckedAt: null,
  lastCheckError: null,
  createdAt: AT.created,
  updatedAt: AT.created,
};

export const accountAnswer: Examples = { bot: { summary: 'Stored encrypted; only its fingerprint is shown', value: accountExample } };
export const accountListAnswer: Examples = { accounts: { summary: 'Fingerprints, never credentials', value: { items: [accountExample] } } };

export const accountPatchExamples: Examples = {
  rename: { summary: 'A new name; the credentials stay', value: { name: 'Zerno jobs bot' } },
  'new token': {
    summary: 'Refreshed credentials for the same network: posts held for re-authorisation go on',
    value: { credentials: { network: 'telegram', botToken: '123456789:AAFakeTokenForTestsOnly_xxxxxxxxxxxx' } },
  },
};

export const accountCheckAnswer: Examples = {
  works: { summary: 'The network knows the credentials', value: { ok: true, status: 'active', identity: '@zerno_jobs_bot', reason: null, retryAt: null, responses: RESPONSES_NOTE.telegram } },
  'dead token': {
    summary: 'The network refused them: the account needs new credentials',
    value: { ok: false, status: 'needs_reauth', identity: null, reason: 'Unauthorized', retryAt: null, responses: RESPONSES_NOTE.telegram },
  },
  unreachable: {
    summary: 'The network did not answer: the status stays as it was',
    value: { ok: false, status: 'active', identity: '@zerno_jobs_bot', reason: 'network unreachable, request not sent (ECONNREFUSED)', retryAt: null, responses: RESPONSES_NOTE.telegram },
  },
  'busy with publishing': {
    summary: "Publishing holds the account's rate limit: not checked now, try again at retryAt",
    value: {
      ok: false,
      status: 'active',
      identity: '@zerno_jobs_bot',
      reason: "not checked: the telegram account's rate limit is taken by publishing until 2026-12-01T09:00:12.500Z",
      retryAt: '2026-12-01T09:00:12.500Z',
      responses: RESPONSES_NOTE.telegram,
    },
  },
};

export const accountProblems = {
  networkMismatch: refusal(422, 'network-mismatch', 'This is a telegram account; credentials for vk need a new account', {
    errors: [{ field: 'credentials.network', in: 'body', message: 'must be telegram' }],
  }),
};

const ownTemplate =
  '💼 <b>{{vacancy.title}}</b> — {{vacancy.hiringOrganization.name}}\n\n' +
  '{{#truncatable}}{{description vacancy.description}}{{/truncatable}}\n\n' +
  '{{#if applyUrl}}👉 <a href="{{applyUrl}}">{{labels.apply}}</a>{{/if}}\n\n' +
  '{{hashtags vacancy.hashtags vacancy.audience.professions group.requiredHashtags}}';

export const templatePutExamples: Examples = {
  'a shorter Telegram post': { summary: 'Title, description, apply link and hashtags only', value: { source: ownTemplate } },
};

export const templateAnswer: Examples = {
  own: { summary: "The workspace's own template", value: { network: 'telegram', from: 'workspace', source: ownTemplate, updatedAt: AT.updated } },
};

export const templateProblems = {
  invalid: refusal(422, 'invalid-template', 'telegram template line 2: "salary" is not defined (in {{vacancy.salary}})', {
    errors: [{ field: 'source', in: 'body', message: 'line 2: "salary" is not defined (in {{vacancy.salary}})' }],
    line: 2,
  }),
};
