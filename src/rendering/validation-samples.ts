// Vacancies a template is rendered against before it is accepted (bundled templates at startup,
// overrides in compileOverride). Strict mode only reports a missing variable when a render reaches
// it, so two extremes are used: every optional field set, and none set. The full one is full of
// characters each network must escape, so output checks catch a template that prints them raw.
import type { Vacancy } from '../schemas/vacancy.js';
import type { RenderContext } from './template-view.js';

export interface ValidationSample {
  kind: 'full' | 'minimal';
  name: string;
  vacancy: Vacancy;
  context: RenderContext;
}

const FULL: Vacancy = {
  id: '00000000-0000-4000-8000-000000000001',
  status: 'open',
  title: 'C# & C++ <developer> (back_end) *senior* ~ [remote] | {test} @team #1',
  description:
    'Intro paragraph with <tags> & "quotes" and _under_scores_ (brackets) [x] {y} @handle #tag ~tilde\\.\n\n' +
    'Requirements:\n- first <item>\n• second & item\n\nhttps://example.com/a_b?c=(d)&e=f',
  employmentType: ['FULL_TIME', 'CONTRACTOR'],
  hiringOrganization: { name: 'Acme & Co (R&D) <beta>', url: 'https://example.com', logo: 'https://example.com/logo.png' },
  jobLocation: { city: 'Москва', region: 'Москва', country: 'RU' },
  jobLocationType: 'TELECOMMUTE',
  applicantLocationRequirements: ['RU', 'Kazakhstan'],
  baseSalary: { min: 150_000, max: 200_000, currency: 'RUB', unit: 'MONTH' },
  datePosted: '2026-01-15T09:00:00+03:00',
  validThrough: '2026-12-31T23:59:00+03:00',
  externalId: 'ext-1',
  applyUrl: 'https://example.com/jobs/1?utm_source=x&a=(b)',
  contacts: { email: 'hr_team@example.com', telegram: 'hr_team_bot', phone: '+79991234567' },
  audience: { professions: ['backend', 'c-sharp'], seniority: ['senior'] },
  hashtags: ['вакансия', 'c_sharp'],
  language: 'ru',
  image: 'https://example.com/image.png',
  extra: { industry: 'IT' },
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T09:00:00.000Z',
  closedAt: '2026-12-31T23:59:00.000Z',
};

const MINIMAL: Vacancy = {
  id: '00000000-0000-4000-8000-000000000002',
  status: 'open',
  title: 'Title',
  description: 'Description.',
  hiringOrganization: { name: 'Company' },
  audience: { professions: [], seniority: [] },
  hashtags: [],
  language: 'ru',
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T09:00:00.000Z',
};

const FULL_CONTEXT: RenderContext = {
  applyUrl: 'https://example.com/r/abc_def?x=1&y=(2)',
  group: { name: 'Jobs & <Careers> (Moscow)', requiredHashtags: ['job_moscow', 'работа'] },
};

export const VALIDATION_SAMPLES: readonly ValidationSample[] = (['ru', 'en'] as const).flatMap((language) => [
  { kind: 'full' as const, name: `every field set (${language})`, vacancy: { ...FULL, language }, context: FULL_CONTEXT },
  { kind: 'minimal' as const, name: `only required fields (${language})`, vacancy: { ...MINIMAL, language }, context: {} },
]);
