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

const telegramCounts = { posts: 1, previews: 2, clicks: 41, uniqueClicks: 37, closedClicks: 0, applications: 3, lastResponseAt: '2026-11-02T15:20:11.000Z' };
const facebookCounts = { posts: 1, previews: 1, clicks: 12, uniqueClicks: 12, closedClicks: 0, applications: 0, lastResponseAt: '2026-11-02T13:05:40.000Z' };

export const vacancyResponsesAnswer: Examples = {
  'two groups, day by day (?interval=day)': {
    value: {
      vacancyId: EXAMPLE_ID.vacancy,
      tracking: { enabled: true },
      totals: { posts: 2, previews: 3, clicks: 53, uniqueClicks: 49, closedClicks: 0, applications: 3, lastResponseAt: telegramCounts.lastResponseAt },
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
    value: { postId: EXAMPLE_ID.post, groupId: EXAMPLE_ID.group, network: 'telegram', trackedLink: 'https://jobs.zerno.example/r/q3Xk9vB2LmP0', ...telegramCounts },
  },
};

const pageExample = (html: string): Examples => ({ page: { value: html } });
export const linkPageExamples = {
  contact: pageExample('<!doctype html><html lang="ru">… <h1>Онлайн-маркетолог</h1> … <li>E-mail: <a href="mailto:hr%40zerno.example">hr@zerno.example</a></li> …</html>'),
  unknown: pageExample('<!doctype html><html lang="ru">… <h1>Ссылка не найдена</h1> …</html>'),
  closed: pageExample('<!doctype html><html lang="ru">… <h1>Вакансия закрыта</h1><p><b>Онлайн-маркетолог</b></p> …</html>'),
  unavailable: pageExample('<!doctype html><html lang="ru">… <h1>Попробуйте через минуту</h1> …</html>'),
};
