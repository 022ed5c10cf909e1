// Campaigns, posts and assisted tasks in the API docs. Timings are ones that never go stale
// ("now", a window starting now, a schedule), so every example still works when sent later.
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

export const campaignCreateExamples: Examples = {
  'now, to chosen groups': {
    summary: 'Post now to these groups (each needs an address, and an account unless assisted)',
    value: { targets: { groupIds: [EXAMPLE_ID.group, EXAMPLE_ID.facebookGroup] }, timing: { type: 'now' } },
  },
  'now, to what the plan selects': {
    summary: 'The groups POST /v1/vacancies/{id}/plan selects with the same request',
    value: { targets: { plan: { include: ['telegram-our-jobs'], networks: ['telegram'] } }, timing: { type: 'now' } },
  },
  'spread over two hours': {
    summary: 'Starting now, evenly over 120 minutes, never closer than 10 minutes',
    value: { targets: { groupIds: [EXAMPLE_ID.group] }, timing: { type: 'staggered', windowMinutes: 120, minGapMinutes: 10 } },
  },
  'every Monday at 10:00': {
    summary: 'Recurring by cron in the recruiter\'s time zone, four times (and always until the vacancy closes)',
    value: {
      targets: { groupIds: [EXAMPLE_ID.group] },
      timing: { type: 'recurring', timeZone: 'Europe/Moscow', cron: '0 10 * * 1', ends: { count: 4 } },
    },
  },
  'Mondays and Thursdays': {
    summary: 'Recurring by RRULE',
    value: {
      targets: { groupIds: [EXAMPLE_ID.group] },
      timing: { type: 'recurring', timeZone: 'Europe/Moscow', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0', ends: { count: 8 } },
    },
  },
};

const applyUrlFor = (network: string, slug: string) =>
  `https://zerno.example/jobs/marketer?utm_source=${network}&utm_medium=social&utm_campaign=${EXAMPLE_ID.campaign}&utm_content=${slug}`;

const telegramPost = {
  id: EXAMPLE_ID.post,
  campaignId: EXAMPLE_ID.campaign,
  vacancyId: EXAMPLE_ID.vacancy,
  groupId: EXAMPLE_ID.group,
  group: { id: EXAMPLE_ID.group, slug: 'telegram-our-jobs', name: 'Our jobs channel', network: 'telegram' },
  network: 'telegram',
  mode: 'api',
  occurrence: 1,
  status: 'published',
  hold: null,
  dueAt: AT.campaign,
  attempt: 1,
  address: '@our_jobs_channel',
  applyUrl: applyUrlFor('telegram', 'telegram-our-jobs'),
  networkPostId: '42',
  permalink: 'https://t.me/our_jobs_channel/42',
  publishedAt: AT.published,
  closedEditAt: null,
  lastError: null,
  createdAt: AT.campaign,
  updatedAt: AT.published,
};

const facebookPost = {
  ...telegramPost,
  id: EXAMPLE_ID.facebookPost,
  groupId: EXAMPLE_ID.facebookGroup,
  group: { id: EXAMPLE_ID.facebookGroup, slug: 'facebook-rabota-v-moskve-marketing', name: 'Работа в Москве: маркетинг', network: 'facebook' },
  network: 'facebook',
  mode: 'assisted',
  status: 'awaiting_manual',
  attempt: 0,
  address: 'https://www.facebook.com/groups/rabota.marketing',
  applyUrl: applyUrlFor('facebook', 'facebook-rabota-v-moskve-marketing'),
  networkPostId: null,
  permalink: null,
  publishedAt: null,
  updatedAt: '2026-11-02T10:00:00.420Z',
};

const campaign = {
  id: EXAMPLE_ID.campaign,
  vacancyId: EXAMPLE_ID.vacancy,
  status: 'active',
  timing: { type: 'now' },
  targets: { groupIds: [EXAMPLE_ID.group, EXAMPLE_ID.facebookGroup] },
  groupIds: [EXAMPLE_ID.group, EXAMPLE_ID.facebookGroup],
  nextOccurrence: null,
  nextOccurrenceAt: null,
  posts: { queued: 2 },
  endReason: null,
  createdAt: AT.campaign,
  updatedAt: AT.campaign,
  endedAt: null,
};

export const campaignCreatedAnswer: Examples = {
  'now, to chosen groups': {
    summary: 'The campaign and its first posts, queued for their rate-limit slots',
    value: {
      campaign,
      posts: [
        { ...telegramPost, status: 'queued', attempt: 0, networkPostId: null, permalink: null, publishedAt: null, updatedAt: AT.campaign },
        { ...facebookPost, status: 'queued', updatedAt: AT.campaign },
      ],
    },
  },
};

const campaignLater = { ...campaign, posts: { published: 1, awaiting_manual: 1 }, updatedAt: AT.published };

export const campaignAnswer: Examples = {
  running: { summary: 'A second later: one post published, one waiting for a person', value: campaignLater },
};
export const campaignListAnswer: Examples = { campaigns: { summary: 'Newest first', value: { items: [campaignLater] } } };
export const pausedCampaignAnswer: Examples = {
  paused: { summary: 'Its pending posts wait (hold: campaign_paused)', value: { ...campaignLater, status: 'paused' } },
};
export const cancelledCampaignAnswer: Examples = {
  cancelled: {
    summary: 'What had not gone out is cancelled; published posts stay',
    value: { ...campaignLater, status: 'cancelled', posts: { published: 1, cancelled: 1 }, endReason: 'cancelled', endedAt: AT.updated },
  },
};

export const postPageAnswer: Examples = {
  posts: { summary: 'One page of posts (nextCursor is null on the last)', value: { items: [telegramPost, facebookPost], nextCursor: null } },
};

export const allPostsAnswer: Examples = {
  'needing a person': {
    summary: '?status=unknown&status=awaiting_manual: every post a person must decide or paste',
    value: { items: [{ ...telegramPost, status: 'unknown', networkPostId: null, permalink: null, publishedAt: null, lastError: 'no complete reply within 15000 ms (NETWORK_TIMEOUT_MS): the post may have gone out' }, facebookPost], nextCursor: null },
  },
};

export const allCampaignsAnswer: Examples = {
  campaigns: { summary: 'Newest first (nextCursor is null on the last page)', value: { items: [campaignLater], nextCursor: null } },
};

const events = [
  { id: '019a7b13-4d30-7a01-8a01-0a0b0c0d0e01', postId: EXAMPLE_ID.post, campaignId: EXAMPLE_ID.campaign, at: AT.campaign, from: null, to: 'queued', attempt: 0, note: 'campaign created', error: null },
  { id: '019a7b13-4d31-7a02-8a02-0a0b0c0d0e02', postId: EXAMPLE_ID.post, campaignId: EXAMPLE_ID.campaign, at: '2026-11-02T10:00:00.350Z', from: 'queued', to: 'sending', attempt: 1, note: null, error: null },
  { id: '019a7b13-4d32-7a03-8a03-0a0b0c0d0e03', postId: EXAMPLE_ID.post, campaignId: EXAMPLE_ID.campaign, at: AT.published, from: 'sending', to: 'published', attempt: 1, note: null, error: null },
];

export const postAnswer: Examples = {
  published: { summary: 'Published, with every change it went through', value: { ...telegramPost, history: events } },
};
export const historyAnswer: Examples = { history: { summary: 'Oldest first', value: { items: events, nextCursor: null } } };

export const markPublishedExamples: Examples = {
  'posted by hand': {
    summary: 'The link of the post a person made (the id is optional)',
    value: { permalink: 'https://www.facebook.com/groups/rabota.marketing/posts/1234567890', networkPostId: '1234567890' },
  },
};

export const confirmedPostAnswer: Examples = {
  published: {
    summary: 'Now published, with the link given',
    value: {
      ...facebookPost,
      status: 'published',
      networkPostId: '1234567890',
      permalink: 'https://www.facebook.com/groups/rabota.marketing/posts/1234567890',
      publishedAt: AT.updated,
      updatedAt: AT.updated,
    },
  },
};

export const resentPostAnswer: Examples = {
  queued: { summary: 'Queued again, for the next rate-limit slot', value: { ...telegramPost, status: 'queued', updatedAt: AT.updated } },
};

export const skipExamples: Examples = {
  'with a reason': { summary: 'The reason goes into the post\'s history', value: { reason: 'the group admins asked for no vacancies this week' } },
};

export const skippedPostAnswer: Examples = {
  cancelled: { summary: 'Cancelled, not posted', value: { ...facebookPost, status: 'cancelled', updatedAt: AT.updated } },
};

export const assistedTasksAnswer: Examples = {
  tasks: {
    summary: 'What a person pastes, and where',
    value: {
      items: [
        {
          postId: EXAMPLE_ID.facebookPost,
          vacancyId: EXAMPLE_ID.vacancy,
          campaignId: EXAMPLE_ID.campaign,
          network: 'facebook',
          groupId: EXAMPLE_ID.facebookGroup,
          group: facebookPost.group,
          groupName: 'Работа в Москве: маркетинг',
          groupUrl: 'https://www.facebook.com/groups/rabota.marketing',
          text: `📢 Вакансия: Онлайн-маркетолог\n🏢 Сеть кофеен «Зерно»\n…\n👉 ${facebookPost.applyUrl}\n\n#вакансия #маркетолог #marketing`,
          applyUrl: facebookPost.applyUrl,
          reason: 'the network has no API for this group',
          dueAt: AT.campaign,
        },
      ],
      nextCursor: null,
    },
  },
};

// A weekly campaign with targets from a plan: a week on, the Facebook group was given an address
// and a VK group the bot posted to broke; the week after, nothing changed.
const brokenVkGroup = '019a7b11-8c53-7a77-8466-ad8e7c6b5a10';
export const campaignReplansAnswer: Examples = {
  replans: {
    summary: 'Oldest first: a group brought to life joins, a broken one is left out with its reason',
    value: {
      items: [
        {
          occurrence: 2,
          at: '2026-11-09T10:00:00.180Z',
          groupIds: [EXAMPLE_ID.facebookGroup, EXAMPLE_ID.group],
          added: [
            {
              groupId: EXAMPLE_ID.facebookGroup,
              slug: 'facebook-rabota-v-moskve-marketing',
              name: 'Работа в Москве: маркетинг',
              network: 'facebook',
              reasons: ['language: ru', 'profession: marketing', 'location: moscow'],
            },
          ],
          removed: [
            {
              groupId: brokenVkGroup,
              slug: 'vk-marketing-vakansii',
              name: 'Маркетинг: вакансии',
              network: 'vk',
              code: 'broken',
              detail: `the network said it cannot be posted to: Access denied: no access to this community; verify it again with POST /v1/groups/${brokenVkGroup}/verify once fixed`,
            },
          ],
        },
        { occurrence: 3, at: '2026-11-16T10:00:00.140Z', groupIds: [EXAMPLE_ID.facebookGroup, EXAMPLE_ID.group], added: [], removed: [] },
      ],
    },
  },
};

export const settingsPatchExamples: Examples = {
  'delete posts': { summary: 'Closing a vacancy deletes its posts (where a network allows)', value: { closePolicy: 'delete' } },
  'edit posts': { summary: 'The default: posts are edited to a short "vacancy closed"', value: { closePolicy: 'edit' } },
};
export const settingsAnswer: Examples = { settings: { summary: 'The default close policy', value: { closePolicy: 'edit' } } };

export const publishingProblems = {
  invalidCampaign: refusal(422, 'invalid-campaign', 'targets.groupIds.1: group "vk-moskva-rabota-vakansii" has no address yet', {
    errors: [{ field: 'targets.groupIds.1', in: 'body', message: 'group "vk-moskva-rabota-vakansii" has no address yet' }],
  }),
  campaignEnded: refusal(409, 'campaign-ended', 'The campaign is cancelled'),
  postState: refusal(409, 'post-state', 'Cannot mark as published a post that is published', { postStatus: 'published' }),
};
