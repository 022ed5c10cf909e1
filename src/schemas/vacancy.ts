// The vacancy as the API speaks it: schema.org JobPosting names, flattened where JSON-LD nests
// (jobLocation is one Place's address, baseSalary is one MonetaryAmount's range).
// Every other module (rendering, targeting, publishing) types itself against `Vacancy`.
import { z } from 'zod';

export const EMPLOYMENT_TYPES = [
  'FULL_TIME',
  'PART_TIME',
  'CONTRACTOR',
  'TEMPORARY',
  'INTERN',
  'VOLUNTEER',
  'PER_DIEM',
  'OTHER',
] as const;
export const SALARY_UNITS = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export const SENIORITY_LEVELS = ['intern', 'junior', 'middle', 'senior', 'lead', 'head', 'executive'] as const;
export const LANGUAGES = ['ru', 'en'] as const;
export const VACANCY_STATUSES = ['open', 'closed'] as const;

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2048);

// A tag is what targeting matches on: lower-case, no spaces, e.g. "marketing", "frontend".
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u, 'must be a word of letters, digits, "_" or "-" (max 40)');

// Hashtags are stored without "#"; renderers add it and normalise per network.
const hashtag = z
  .string()
  .trim()
  .transform((s) => s.replace(/^#+/, ''))
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,60}$/u, 'must be letters, digits or "_" (max 60), with or without a leading "#"'));

export const hiringOrganizationSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  url: httpUrl.optional(),
  logo: httpUrl.optional(),
});

export const jobLocationSchema = z.strictObject({
  city: z.string().trim().min(1).max(100).optional(),
  region: z.string().trim().min(1).max(100).optional(),
  // ISO 3166-1 alpha-2, as schema.org's addressCountry recommends.
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "RU"')
    .optional(),
});

export const baseSalarySchema = z
  .strictObject({
    min: z.number().nonnegative().max(1e12).optional(),
    max: z.number().nonnegative().max(1e12).optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "RUB"'),
    unit: z.enum(SALARY_UNITS),
  })
  .refine((s) => s.min !== undefined || s.max !== undefined, {
    message: 'at least one of min and max is required',
    path: ['min'],
  })
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, {
    message: 'must not exceed max',
    path: ['min'],
  });

export const contactsSchema = z
  .strictObject({
    email: z.email().max(320).optional(),
    telegram: z
      .string()
      .trim()
      .transform((s) => s.replace(/^@/, ''))
      .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, 'must be a Telegram username, with or without "@"'))
      .optional(),
    // E.164-ish: digits with an optional leading "+", spaces/dashes/brackets tolerated on input.
    phone: z
      .string()
      .trim()
      .transform((s) => s.replace(/[\s()-]/g, ''))
      .pipe(z.string().regex(/^\+?[0-9]{6,15}$/, 'must be a phone number such as "+7 999 123-45-67"'))
      .optional(),
  });

// schema.org allows one value or a list, and ATSs send both; the vacancy always keeps a list.
const employmentTypeSchema = z
  .union([z.enum(EMPLOYMENT_TYPES), z.array(z.enum(EMPLOYMENT_TYPES)).min(1).max(EMPLOYMENT_TYPES.length)])
  .transform((v) => (Array.isArray(v) ? [...new Set(v)] : [v]))
  .describe('One type or a list; stored and returned as a list');

/**
 * A date alone means that whole day, as the JSON-LD import has always read it: the day starts at
 * 00:00:00 UTC (datePosted) and ends at 23:59:59 UTC (validThrough). Posts show the calendar date
 * as written, so "2026-12-31" reads "31 December 2026" in every time zone.
 */
export function wholeDay(date: string, edge: 'start' | 'end'): string {
  return `${date}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`;
}

const dateOrDateTime = (edge: 'start' | 'end') =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: 'must be a date-time with an offset ("2026-12-01T10:00:00+03:00") or a date ("2026-12-31")',
    })
    .transform((s) => (s.length === 10 ? wholeDay(s, edge) : s))
    .describe(
      edge === 'start'
        ? 'ISO 8601 date-time with an offset, or a date alone meaning from the start of that day (00:00:00 UTC)'
        : 'ISO 8601 date-time with an offset, or a date alone meaning to the end of that day (23:59:59 UTC)',
    );

export const audienceSchema = z.strictObject({
  professions: z.array(tag).max(20).default([]),
  seniority: z.array(z.enum(SENIORITY_LEVELS)).max(SENIORITY_LEVELS.length).default([]),
});

// Fields a client may write. `status` is changed by close/reopen, never by create or PATCH.
const writableShape = {
  title: z.string().trim().min(1).max(200),
  // Plain text: blank lines separate paragraphs, lines starting with "- " or "• " are list items,
  // URLs are linked by renderers where a network can. No HTML, no Markdown: every network
  // gets its own escaping from this one text.
  description: z.string().trim().min(1).max(20_000),
  employmentType: employmentTypeSchema.optional(),
  hiringOrganization: hiringOrganizationSchema,
  jobLocation: jobLocationSchema.optional(),
  jobLocationType: z.literal('TELECOMMUTE').optional(),
  // Where a remote applicant may live: country codes or region names, as schema.org's
  // applicantLocationRequirements (AdministrativeArea names).
  applicantLocationRequirements: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  baseSalary: baseSalarySchema.optional(),
  datePosted: dateOrDateTime('start').optional(),
  validThrough: dateOrDateTime('end').optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
  applyUrl: httpUrl.optional(),
  contacts: contactsSchema.optional(),
  audience: audienceSchema.optional(),
  hashtags: z.array(hashtag).max(30).optional(),
  language: z.enum(LANGUAGES).default('ru'),
  image: httpUrl.optional(),
};

/** Whether a vacancy says how to apply: a link, or at least one contact. */
export function hasAWayToApply(v: { applyUrl?: string; contacts?: { email?: string; telegram?: string; phone?: string } }) {
  return Boolean(v.applyUrl || v.contacts?.email || v.contacts?.telegram || v.contacts?.phone);
}

/**
 * Cross-field rules run even when other fields are wrong, so one answer lists every problem; they
 * wait only for the fields they read to be valid themselves (and for the body to be an object).
 */
function onceValid(...fields: string[]) {
  const blocks = (issue: { code?: string; path?: readonly PropertyKey[] }) =>
    issue.path?.length ? fields.includes(String(issue.path[0])) : issue.code !== 'unrecognized_keys';
  return (payload: { value: unknown; issues: readonly { code?: string; path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === 'object' && payload.value !== null && !payload.issues.some(blocks);
}

export const vacancyInputSchema = z
  .strictObject(writableShape)
  .refine(hasAWayToApply, {
    message: 'a vacancy needs applyUrl or at least one contact (email, telegram, phone)',
    path: ['applyUrl'],
    when: onceValid('applyUrl', 'contacts'),
  })
  .refine((v) => !v.datePosted || !v.validThrough || Date.parse(v.datePosted) <= Date.parse(v.validThrough), {
    message: 'must not be before datePosted',
    path: ['validThrough'],
    when: onceValid('datePosted', 'validThrough'),
  });
export type VacancyInput = z.infer<typeof vacancyInputSchema>;

// PATCH: every field optional; `null` clears an optional field. The merged result is
// re-validated against vacancyInputSchema, so cross-field rules hold after a patch too.
export const vacancyPatchSchema = z.strictObject({
  title: writableShape.title.optional(),
  description: writableShape.description.optional(),
  employmentType: writableShape.employmentType.nullable(),
  hiringOrganization: hiringOrganizationSchema.optional(),
  jobLocation: writableShape.jobLocation.nullable(),
  jobLocationType: writableShape.jobLocationType.nullable(),
  applicantLocationRequirements: writableShape.applicantLocationRequirements.nullable(),
  baseSalary: writableShape.baseSalary.nullable(),
  datePosted: writableShape.datePosted.nullable(),
  validThrough: writableShape.validThrough.nullable(),
  externalId: writableShape.externalId.nullable(),
  applyUrl: writableShape.applyUrl.nullable(),
  contacts: writableShape.contacts.nullable(),
  audience: writableShape.audience.nullable(),
  hashtags: writableShape.hashtags.nullable(),
  language: z.enum(LANGUAGES).optional(),
  image: writableShape.image.nullable(),
});
export type VacancyPatch = z.infer<typeof vacancyPatchSchema>;

export const vacancySchema = z.object({
  id: z.uuid(),
  status: z.enum(VACANCY_STATUSES),
  title: z.string(),
  description: z.string(),
  employmentType: z.array(z.enum(EMPLOYMENT_TYPES)).optional(),
  hiringOrganization: z.object({ name: z.string(), url: z.string().optional(), logo: z.string().optional() }),
  jobLocation: z
    .object({ city: z.string().optional(), region: z.string().optional(), country: z.string().optional() })
    .optional(),
  jobLocationType: z.literal('TELECOMMUTE').optional(),
  applicantLocationRequirements: z.array(z.string()).optional(),
  baseSalary: z
    .object({
      min: z.number().optional(),
      max: z.number().optional(),
      currency: z.string(),
      unit: z.enum(SALARY_UNITS),
    })
    .optional(),
  datePosted: z.string().optional(),
  validThrough: z.string().optional(),
  externalId: z.string().optional(),
  applyUrl: z.string().optional(),
  contacts: z
    .object({ email: z.string().optional(), telegram: z.string().optional(), phone: z.string().optional() })
    .optional(),
  audience: z.object({ professions: z.array(z.string()), seniority: z.array(z.enum(SENIORITY_LEVELS)) }),
  hashtags: z.array(z.string()),
  language: z.enum(LANGUAGES),
  image: z.string().optional(),
  // JSON-LD fields this service does not model, kept as the ATS sent them.
  extra: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
});
export type Vacancy = z.infer<typeof vacancySchema>;
