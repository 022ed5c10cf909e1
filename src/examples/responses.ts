// Responses in the API docs: the marketer vacancy's posts, what they brought, and an application.
import type { Examples } from '../plugins/openapi-examples.js';
import { EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

export const applicationExamples: Examples = {
  'by post': {
    summary: 'The ATS knows the post (it read the tracked link or the post id from the candidate\'s source)',
    value: { externalId: 'huntflow-applicant-88121', candidate: 'https://huntflow.example/applicants/88121', postId: EXAMPLE_ID.post },
  },
  'by utm tags': {
    summary: 'A direct link (no PUBLIC_BASE_URL): the utm_campaign and utm_content the candidate arrived with',
    value: { externalId: 'form-2026-11-02-0007', utm: { campaign: EXAMPLE_ID.campaign, content: 'telegram-our-jobs' }, appliedAt: '2026-11-02T12:31:00+03:00' },
  },
};

const application = {
  id: '019a7b20-1a00-7a01-8b00-1c2d3e4f5a60',
  externalId: 'huntflow-applicant-88121',
  candidate: 'https://huntflow.example/applicants/88121',
  appliedAt: '2026-11-02T11:02:00.000Z',
  via: 'post_id',
  postId: EXAMPLE_ID.post,
  vacancyId: EXAMPLE_ID.vacancy,
  groupId: EXAMPLE_ID.group,
  campaignId: EXAMPLE_ID.campaign,
  createdAt: '2026-11-02T11:02:00.412Z',
};

export const applicationCreatedAnswer: Examples = { recorded: { value: application } };
export const applicationKnownAnswer: Examples = { 'recorded before': { summary: 'The same externalId was recorded already: that one is returned', value: application } };

export const applicationProblems = {
  unknownSource: refusal(422, 'unknown-source', 'no such post in this workspace', {
    errors: [{ field: 'postId', in: 'body', message: 'no such post in this workspace' }],
  }),
};

// Telegram's Bot API counts no views (views null, no click-through); Facebook groups are assisted posts.
const telegramCounts = {
  posts: 1, views: null, previews: 2, clicks: 41, uniqueClicks: 37, closedClicks: 0, clickThrough: null, reactions: 14, reposts: 0, comments: 2, applications: 3,
  lastResponseAt: '2026-11-02T15:20:11.000Z',
};
const facebookCounts = {
  posts: 1, views: null, previews: 1, clicks: 12, uniqueClicks: 12, closedClicks: 0, clickThrough: null, reactions: 0, reposts: 0, comments: 0, applications: 0,
  lastResponseAt: '2026-11-02T13:05:40.000Z',
};
const sum = (a: typeof telegramCounts, b: typeof telegramCounts) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'number' ? v + (b[k as keyof typeof b] as number) : v]));

export const vacancyResponsesAnswer: Examples = {
  'two groups, day by day (?interval=day)': {
    value: {
      vacancyId: EXAMPLE_ID.vacancy,
      tracking: { enabled: true },
      totals: sum(telegramCounts, facebookCounts),
      networks: [
        { network: 'facebook', ...facebookCounts },
        { network: 'telegram', ...telegramCounts },
      ],
      groups: [
        { groupId: EXAMPLE_ID.group, slug: 'telegram-our-jobs', name: 'Our jobs channel', network: 'telegram', ...telegramCounts },
        { groupId: EXAMPLE_ID.facebookGroup, slug: 'facebook-smm-jobs', name: 'SMM jobs', network: 'facebook', ...facebookCounts },
      ],
      series: [
        { day: '2026-11-02', previews: 3, clicks: 44, uniqueClicks: 40, closedClicks: 0, applications: 2 },
        { day: '2026-11-03', previews: 0, clicks: 9, uniqueClicks: 9, closedClicks: 0, applications: 1 },
      ],
    },
  },
};

const perPost = (c: typeof telegramCounts) => ({
  posts: c.posts,
  previews: c.previews,
  clicks: c.clicks,
  uniqueClicks: c.uniqueClicks,
  applications: c.applications,
  clicksPerPost: c.clicks / c.posts,
  applicationsPerPost: c.applications / c.posts,
  lastResponseAt: c.lastResponseAt,
});

export const groupReportAnswer: Examples = {
  'two groups': {
    value: {
      items: [
        { groupId: EXAMPLE_ID.group, slug: 'telegram-our-jobs', name: 'Our jobs channel', network: 'telegram', ...perPost(telegramCounts) },
        { groupId: EXAMPLE_ID.facebookGroup, slug: 'facebook-smm-jobs', name: 'SMM jobs', network: 'facebook', ...perPost(facebookCounts) },
      ],
      nextCursor: null,
    },
  },
};

export const groupPerformanceAnswer: Examples = {
  'a Telegram channel': {
    value: {
      groupId: EXAMPLE_ID.group,
      slug: 'telegram-our-jobs',
      name: 'Our jobs channel',
      network: 'telegram',
      ...perPost(telegramCounts),
      vacancies: [{ vacancyId: EXAMPLE_ID.vacancy, title: 'Онлайн-маркетолог', ...perPost(telegramCounts) }],
    },
  },
};

export const postResponsesAnswer: Examples = {
  'a Telegram post': {
    value: {
      postId: EXAMPLE_ID.post,
      groupId: EXAMPLE_ID.group,
      network: 'telegram',
      trackedLink: 'https://jobs.zerno.example/r/q3Xk9vB2LmP0',
      ...telegramCounts,
      counters: { views: null, reactions: 14, reposts: null, comments: null, readAt: '2026-11-02T14:58:03.000Z', note: null },
    },
  },
};

export const commentPageAnswer: Examples = {
  'a comment from the discussion group': {
    value: {
      items: [
        {
          id: '019a7b30-2b00-7a01-8c00-2d3e4f5a6b70',
          postId: EXAMPLE_ID.post,
          postPermalink: 'https://t.me/zerno_jobs/812',
          groupId: EXAMPLE_ID.group,
          groupName: 'Our jobs channel',
          network: 'telegram',
          authorName: 'Мария Соколова',
          authorUrl: 'https://t.me/m_sokolova',
          text: 'Можно ли совмещать с учёбой? Готова выходить 3 дня в неделю.',
          at: '2026-11-02T15:20:11.000Z',
          editedAt: null,
        },
      ],
      nextCursor: null,
    },
  },
};

// The webhook deliveries as the networks send them (the ids are the docs' own).
export const telegramUpdateExamples: Examples = {
  'reaction counts on a channel post': {
    summary: 'message_reaction_count: anonymous totals (the bot is an administrator of the channel)',
    value: {
      update_id: 731502114,
      message_reaction_count: {
        chat: { id: -1001987654321, type: 'channel', title: 'Зерно: вакансии', username: 'zerno_jobs' },
        message_id: 812,
        date: 1762095600,
        reactions: [
          { type: { type: 'emoji', emoji: '👍' }, total_count: 11 },
          { type: { type: 'emoji', emoji: '🔥' }, total_count: 3 },
        ],
      },
    },
  },
  'a comment in the discussion group': {
    summary: "A reply to the channel post's automatic forward in the linked discussion group",
    value: {
      update_id: 731502115,
      message: {
        message_id: 4410,
        date: 1762096811,
        chat: { id: -1001555000111, type: 'supergroup', title: 'Зерно: обсуждение' },
        from: { id: 5512093311, is_bot: false, first_name: 'Мария', last_name: 'Соколова', username: 'm_sokolova' },
        text: 'Можно ли совмещать с учёбой? Готова выходить 3 дня в неделю.',
        reply_to_message: {
          message_id: 4402,
          date: 1762095602,
          chat: { id: -1001555000111, type: 'supergroup', title: 'Зерно: обсуждение' },
          is_automatic_forward: true,
          forward_origin: { type: 'channel', chat: { id: -1001987654321, type: 'channel', username: 'zerno_jobs' }, message_id: 812, date: 1762095600 },
          text: 'Онлайн-маркетолог в «Зерно»',
        },
      },
    },
  },
};

export const vkEventExamples: Examples = {
  confirmation: {
    summary: 'VK checks the server when it is added: answered with the confirmation string',
    value: { type: 'confirmation', group_id: 31415926 },
  },
  'a comment': {
    summary: 'wall_reply_new, answered "ok"',
    value: {
      type: 'wall_reply_new',
      event_id: '3a1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
      v: '5.199',
      group_id: 31415926,
      secret: 'Zerno2026callback',
      object: { id: 1201, from_id: 48151623, date: 1762096811, text: 'Какой график?', post_id: 5077, owner_id: -31415926 },
    },
  },
};

export const telegramTakenAnswer: Examples = { taken: { value: { ok: true, duplicate: false } } };
export const vkAnswers: Examples = {
  'an event': { summary: 'Any event, once taken (or taken before)', value: 'ok' },
  confirmation: { summary: "To VK's confirmation: the community's confirmation string", value: 'a1b2c3d4' },
};

export const facebookFeedExamples: Examples = {
  'a comment on a Page post': {
    summary: 'Signed with the app secret: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of these bytes>',
    value: {
      object: 'page',
      entry: [
        {
          id: '104857600123456',
          time: 1762096811,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                post_id: '104857600123456_881234567890123',
                comment_id: '881234567890123_112233445566',
                parent_id: '104857600123456_881234567890123',
                from: { id: '7781234500', name: 'Анна Иванова' },
                message: 'Есть ли удалёнка?',
                created_time: 1762096811,
              },
            },
          ],
        },
      ],
    },
  },
};
export const facebookTakenAnswer: Examples = { taken: { value: { ok: true, changes: 1 } } };

export const hookExamples: Examples = {
  telegram: { summary: 'A bot: the service sets the webhook (or fetches updates without PUBLIC_BASE_URL)', value: {} },
  vk: {
    summary: "A VK community: what its Callback API settings show, and the secret key you set there",
    value: { groupId: '31415926', confirmationCode: 'a1b2c3d4', secret: 'Zerno2026callback' },
  },
  facebook: {
    summary: "A Facebook Page: the app's secret, and the verify token you type into the app's Webhooks settings with the url",
    value: { appSecret: 'f1e2d3c4b5a697887766554433221100', verifyToken: 'zerno-verify-2026' },
  },
};

const hook = {
  id: '019a7b31-0a00-7b01-8d00-3e4f5a6b7c80',
  accountId: EXAMPLE_ID.account,
  kind: 'telegram_webhook',
  url: 'https://jobs.zerno.example/hooks/telegram/019a7b31-0a00-7b01-8d00-3e4f5a6b7c80',
  groupId: null,
  confirmationCode: null,
  lastEventAt: '2026-11-02T15:20:11.000Z',
  lastError: null,
  createdAt: '2026-11-02T09:20:00.000Z',
};
export const hookAnswer: Examples = { 'a Telegram webhook': { value: hook } };
export const hookListAnswer: Examples = { 'one bot': { value: { items: [hook] } } };
export const hookProblems = {
  invalid: refusal(422, 'validation', 'A VK Callback API server needs the community, its confirmation string and the secret you set', {
    errors: [{ field: 'confirmationCode', in: 'body', message: 'is required for a VK account' }],
  }),
  refused: refusal(502, 'network-refused', 'Telegram refused setWebhook: Bad Request: bad webhook: An HTTPS URL must be provided for webhook'),
  busy: refusal(503, 'network-busy', "Telegram was not asked yet: the telegram account's rate limit is taken by publishing until 2026-11-02T10:00:31.000Z", {
    retryAt: '2026-11-02T10:00:31.000Z',
  }),
};

const pageExample = (html: string): Examples => ({ page: { value: html } });
export const linkPageExamples = {
  contact: pageExample('<!doctype html><html lang="ru">… <h1>Онлайн-маркетолог</h1> … <li>E-mail: <a href="mailto:hr%40zerno.example">hr@zerno.example</a></li> …</html>'),
  unknown: pageExample('<!doctype html><html lang="ru">… <h1>Ссылка не найдена</h1> …</html>'),
  closed: pageExample('<!doctype html><html lang="ru">… <h1>Вакансия закрыта</h1><p><b>Онлайн-маркетолог</b></p> …</html>'),
  unavailable: pageExample('<!doctype html><html lang="ru">… <h1>Попробуйте через минуту</h1> …</html>'),
};
