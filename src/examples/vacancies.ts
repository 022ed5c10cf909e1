// Vacancies in the API docs: what to send, and what comes back.
import { problemBody } from '../lib/problem.js';
import type { Examples } from '../plugins/openapi-examples.js';
import { AT, EXAMPLE_ID } from './ids.js';
import { refusal } from './problems.js';

const marketer = {
  title: 'Онлайн-маркетолог',
  description:
    'Ищем онлайн-маркетолога, можно удалённо, можно в Москве.\n\nЧто нужно:\n- опыт работы от 3 лет\n- английский не ниже B1\n\nПодробности: https://zerno.example/jobs/marketer',
  employmentType: 'FULL_TIME',
  hiringOrganization: { name: 'Сеть кофеен «Зерно»', url: 'https://zerno.example' },
  jobLocation: { city: 'Москва', country: 'RU' },
  jobLocationType: 'TELECOMMUTE',
  baseSalary: { min: 120000, max: 180000, currency: 'RUB', unit: 'MONTH' },
  validThrough: '2027-01-31',
  externalId: 'ATS-1042',
  applyUrl: 'https://zerno.example/jobs/marketer',
  contacts: { telegram: '@zerno_hr', email: 'hr@zerno.example' },
  audience: { professions: ['marketing'], seniority: ['middle'] },
  hashtags: ['вакансия', '#маркетолог'],
  language: 'ru',
};

export const vacancyCreateExamples: Examples = {
  marketer: {
    summary: 'A full vacancy (one employment type, a date alone for validThrough)',
    value: marketer,
  },
  minimal: {
    summary: 'The least a vacancy needs: title, description, employer and a way to apply',
    value: {
      title: 'Бариста',
      description: 'Смены 2/2, обучение за наш счёт.',
      hiringOrganization: { name: 'Сеть кофеен «Зерно»' },
      contacts: { phone: '+7 (999) 123-45-67' },
    },
  },
  english: {
    summary: 'Remote, in English, with several employment types and exact date-times',
    value: {
      title: 'Frontend developer',
      description: 'We build the ordering app of a coffee chain.\n\n- React and TypeScript\n- 3+ years of experience',
      employmentType: ['FULL_TIME', 'CONTRACTOR'],
      hiringOrganization: { name: 'Zerno Coffee', url: 'https://zerno.example' },
      jobLocationType: 'TELECOMMUTE',
      applicantLocationRequirements: ['RU', 'KZ', 'AM'],
      baseSalary: { min: 3000, max: 4500, currency: 'USD', unit: 'MONTH' },
      datePosted: '2026-11-02T09:00:00+03:00',
      validThrough: '2026-12-31T18:00:00+03:00',
      contacts: { email: 'jobs@zerno.example' },
      audience: { professions: ['frontend', 'javascript'], seniority: ['middle', 'senior'] },
      language: 'en',
    },
  },
};

/** The marketer as stored: one list of employment types, the date read as the end of that day. */
export const vacancyExample = {
  id: EXAMPLE_ID.vacancy,
  status: 'open',
  ...marketer,
  employmentType: ['FULL_TIME'],
  validThrough: '2027-01-31T23:59:59Z',
  contacts: { telegram: 'zerno_hr', email: 'hr@zerno.example' },
  hashtags: ['вакансия', 'маркетолог'],
  createdAt: AT.created,
  updatedAt: AT.created,
};

export const vacancyAnswer: Examples = { marketer: { summary: 'The online marketer', value: vacancyExample } };

export const vacancyListAnswer: Examples = {
  'one page': { summary: 'The last page (nextCursor is null)', value: { items: [vacancyExample], nextCursor: null } },
};

export const closedVacancyAnswer: Examples = {
  closed: { summary: 'Closed: its campaigns end and its posts follow the close policy', value: { ...vacancyExample, status: 'closed', updatedAt: AT.updated, closedAt: AT.updated } },
};

export const vacancyPatchExamples: Examples = {
  'raise the salary': {
    summary: 'Change two fields; the others stay',
    value: { title: 'Senior онлайн-маркетолог', baseSalary: { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' } },
  },
  'clear a field': {
    summary: 'null removes a field; a date alone still means the end of that day',
    value: { baseSalary: null, validThrough: '2027-02-28', employmentType: ['FULL_TIME', 'PART_TIME'] },
  },
};

export const patchedVacancyAnswer: Examples = {
  patched: {
    summary: 'After "raise the salary"',
    value: {
      ...vacancyExample,
      title: 'Senior онлайн-маркетолог',
      baseSalary: { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' },
      updatedAt: AT.updated,
    },
  },
};

export const jobPostingExamples: Examples = {
  'a JobPosting': {
    summary: 'schema.org JobPosting as a careers page embeds it (HTML description, dates alone)',
    value: {
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title: 'Frontend Developer',
      description: '<p>We build fast apps.</p><ul><li>React</li><li>TypeScript</li></ul>',
      identifier: { '@type': 'PropertyValue', name: 'Acme ATS', value: 'REQ-42' },
      datePosted: '2026-11-01',
      validThrough: '2026-12-31',
      employmentType: 'FULL_TIME',
      hiringOrganization: { '@type': 'Organization', name: 'Acme', sameAs: 'https://acme.example' },
      jobLocation: {
        '@type': 'Place',
        address: { '@type': 'PostalAddress', addressLocality: 'Kazan', addressCountry: 'RU' },
      },
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'RUB',
        value: { '@type': 'QuantitativeValue', minValue: 200000, maxValue: 300000, unitText: 'MONTH' },
      },
      url: 'https://acme.example/jobs/42',
      inLanguage: 'en',
      skills: 'React, TypeScript',
    },
  },
  'inside an @graph': {
    summary: 'A page whose JSON-LD holds the organisation and the posting in an @graph',
    value: {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Organization', '@id': 'https://acme.example/#org', name: 'Acme' },
        {
          '@type': 'JobPosting',
          title: 'QA engineer',
          description: 'Manual and automated testing of our apps.',
          identifier: 'REQ-43',
          employmentType: ['FULL_TIME', 'PART_TIME'],
          hiringOrganization: { '@type': 'Organization', name: 'Acme' },
          jobLocationType: 'TELECOMMUTE',
          url: 'https://acme.example/jobs/43',
          inLanguage: 'en',
        },
      ],
    },
  },
};

const imported = {
  id: EXAMPLE_ID.vacancy,
  status: 'open',
  title: 'Frontend Developer',
  description: 'We build fast apps.\n\n- React\n- TypeScript',
  employmentType: ['FULL_TIME'],
  hiringOrganization: { name: 'Acme', url: 'https://acme.example' },
  jobLocation: { city: 'Kazan', country: 'RU' },
  baseSalary: { min: 200000, max: 300000, currency: 'RUB', unit: 'MONTH' },
  datePosted: '2026-11-01T00:00:00Z',
  validThrough: '2026-12-31T23:59:59Z',
  externalId: 'REQ-42',
  applyUrl: 'https://acme.example/jobs/42',
  audience: { professions: ['frontend'], seniority: [] },
  hashtags: [],
  language: 'en',
  extra: { skills: 'React, TypeScript' },
  createdAt: AT.created,
  updatedAt: AT.created,
};

export const importedAnswer: Examples = {
  imported: {
    summary: '"a JobPosting", as a vacancy: HTML became plain text, skills kept in extra, professions read from the title',
    value: { ...imported, inferred: { professions: { value: ['frontend'], from: 'title', detail: 'words of the title "Frontend Developer"' } } },
  },
};
export const reimportedAnswer: Examples = {
  updated: {
    summary: 'The same identifier sent again updates that vacancy (its professions stay: nothing inferred)',
    value: { ...imported, updatedAt: AT.updated, inferred: {} },
  },
};

export const planRequestExamples: Examples = {
  'some networks': { summary: 'What the audience matches on Telegram, VK and Facebook', value: { networks: ['telegram', 'vk', 'facebook'] } },
  'include and exclude': {
    summary: 'Also a group by slug whatever the audience says, never another',
    value: { include: ['telegram-our-jobs'], exclude: ['vk-moskva-rabota-vakansii'] },
  },
};

export const planAnswer: Examples = {
  plan: {
    summary: 'One group selected, with its reasons; the others excluded, each with one code',
    value: {
      selected: [
        {
          groupId: EXAMPLE_ID.group,
          slug: 'telegram-our-jobs',
          network: 'telegram',
          name: 'Our jobs channel',
          mode: 'api',
          reasons: ['language: ru', 'profession: marketing', 'takes remote vacancies', 'location: moscow'],
        },
      ],
      excluded: [
        {
          groupId: '019a7b10-2c5e-7d0a-8b3c-1f2e3d4c5b6a',
          slug: 'vk-moskva-rabota-vakansii',
          network: 'vk',
          name: 'Москва: Работа Вакансии',
          mode: 'suggest',
          code: 'no_address',
          detail: 'the group has no address yet; a person must set one (the registry never invents addresses)',
          matchedAudience: true,
        },
        {
          groupId: '019a7b10-2c5e-7e1b-9c4d-2a3b4c5d6e7f',
          slug: 'telegram-javascript-jobs',
          network: 'telegram',
          name: 'JavaScript Jobs',
          mode: 'api',
          code: 'profession',
          detail: 'the group is for it, development, javascript; the vacancy is for marketing',
          matchedAudience: false,
        },
      ],
      audience: { professions: ['marketing'], city: 'moscow', remote: true, language: 'ru' },
      unknownIncludes: [],
    },
  },
};

export const previewAnswer: Examples = {
  telegram: {
    summary: 'The marketer in the Telegram channel',
    value: {
      network: 'telegram',
      groupId: EXAMPLE_ID.group,
      template: 'bundled',
      text:
        '💼 <b>Онлайн-маркетолог</b>\n🏢 Сеть кофеен «Зерно»\n📍 Москва, Россия или удалённо\n💰 120 000 – 180 000 ₽ в месяц\n🕒 Полная занятость\n\n' +
        'Ищем онлайн-маркетолога, можно удалённо, можно в Москве.\n\n<b>Что нужно:</b>\n• опыт работы от 3 лет\n• английский не ниже B1\n\n' +
        'Подробности: https://zerno.example/jobs/marketer\n\n<b>Как откликнуться</b>\n👉 <a href="https://zerno.example/jobs/marketer">Откликнуться</a>\n' +
        '✈️ @zerno_hr\n✉️ hr@zerno.example\n⏳ Отклик до 31 января 2027 г.\n\n#вакансия #маркетолог #marketing',
      length: 423,
      limit: 4096,
      truncated: false,
      warnings: [],
    },
  },
};

const problem = (value: ReturnType<typeof problemBody>) => ({ summary: value.detail, value });

export const previewProblems = {
  neither: {
    'neither groupId nor network': problem(
      problemBody(400, 'validation-error', 'Invalid querystring: give groupId or network', undefined, {
        errors: [{ field: 'groupId', in: 'querystring', message: 'groupId or network is required' }],
      }),
    ),
  },
  notFound: {
    'no such vacancy': problem(problemBody(404, 'not-found', 'Vacancy not found')),
    'no such group': problem(problemBody(404, 'not-found', 'Group not found')),
  },
};

export const vacancyProblems = {
  importRace: refusal(409, 'conflict', 'Another resource already has this workspace_id, external_id'),
  externalIdTaken: refusal(409, 'external-id-conflict', 'Another vacancy already has externalId "ATS-1042"', {
    existingVacancyId: EXAMPLE_ID.vacancy,
    errors: [{ field: 'externalId', in: 'body', message: 'must be unique in the workspace' }],
  }),
  idempotencyKeyReused: refusal(422, 'idempotency-key-reused', 'This Idempotency-Key was already used with a different request body'),
  invalidAfterPatch: refusal(422, 'invalid-vacancy', 'The vacancy would be invalid: applyUrl', {
    errors: [{ field: 'applyUrl', in: 'body', message: 'a vacancy needs applyUrl or at least one contact (email, telegram, phone)' }],
  }),
  notAJobPosting: refusal(422, 'not-a-job-posting', 'The document holds no schema.org JobPosting (no node with "@type": "JobPosting")', {
    errors: [{ field: '@type', in: 'body', message: 'must be "JobPosting"' }],
  }),
  invalidJobPosting: refusal(422, 'invalid-job-posting', 'The JobPosting cannot become a vacancy: hiringOrganization, applyUrl', {
    errors: [
      { field: 'hiringOrganization', in: 'body', message: 'is required' },
      { field: 'applyUrl', in: 'body', message: 'a vacancy needs applyUrl or at least one contact (email, telegram, phone)' },
    ],
  }),
  closed: refusal(409, 'vacancy-closed', 'The vacancy is closed; reopen it to post it'),
};
