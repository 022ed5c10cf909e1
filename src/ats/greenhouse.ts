// Greenhouse webhooks (grnhse/greenhouse-api-docs, webhooks): job and job post events to vacancy
// actions. A vacancy is keyed by the Greenhouse job id: the job says its name, offices, status and
// custom fields; its job post says the public title, text and location.
import { isObject } from '../lib/json-values.js';
import {
  AtsMappingError,
  hmacSha256HexMatches,
  unmappedExtra,
  type AtsAction,
  type AtsConnectorKind,
  type AtsExtra,
  type AtsVacancyInput,
  dateOf,
} from './connector-kind.js';
import { htmlToText } from './html-text.js';

type Json = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const id = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : text(v));
const defined = <T extends Json>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

// A location is text in webhooks ("New York, NY") and {name} in the Harvest API; both are seen.
const placeName = (v: unknown): string | undefined => text(v) ?? (isObject(v) ? text(v.name) : undefined);

// ---- custom fields: {key: {name, type, value}} ----

type Salary = NonNullable<AtsVacancyInput['baseSalary']>;
type Field = { key: string; name: string; type: string; value: unknown; frequency?: unknown };

function customFields(job: Json): Field[] {
  // Webhooks send the typed form as `custom_fields`; the Harvest API calls it `keyed_custom_fields`.
  const fields = isObject(job.keyed_custom_fields) ? job.keyed_custom_fields : isObject(job.custom_fields) ? job.custom_fields : {};
  return Object.entries(fields).flatMap(([key, f]) =>
    isObject(f) && typeof f.type === 'string' ? [{ key, name: text(f.name) ?? key, type: f.type, value: f.value, frequency: f.frequency }] : [],
  );
}

const EMPLOYMENT_TYPES: Record<string, NonNullable<AtsVacancyInput['employmentType']>> = {
  'full time': 'FULL_TIME', fulltime: 'FULL_TIME', 'part time': 'PART_TIME', parttime: 'PART_TIME',
  contract: 'CONTRACTOR', contractor: 'CONTRACTOR', temporary: 'TEMPORARY', temp: 'TEMPORARY',
  intern: 'INTERN', internship: 'INTERN', volunteer: 'VOLUNTEER',
};

function employmentType(fields: Field[]): AtsVacancyInput['employmentType'] {
  const value = text(fields.find((f) => f.key === 'employment_type')?.value);
  return value === undefined ? undefined : EMPLOYMENT_TYPES[value.toLowerCase().replace(/[-_\s]+/g, ' ').trim()];
}

const PERIODS: [RegExp, Salary['unit']][] = [
  [/hour/i, 'HOUR'],
  [/\bday|daily/i, 'DAY'],
  [/week/i, 'WEEK'],
  [/month/i, 'MONTH'],
  [/annual|year/i, 'YEAR'],
];
const periodIn = (s: string) => PERIODS.filter(([re]) => re.test(s)).map(([, unit]) => unit);

const amount = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/**
 * The pay range, from the one currency_range custom field, when its period is known: a compensation
 * field's `frequency`, else a period its key or name states ("Annual salary"). A range without a
 * period is not guessed at (it stays in extra.custom_fields).
 */
function salary(fields: Field[]): Salary | undefined {
  const ranges = fields.filter((f) => f.type === 'currency_range' && isObject(f.value));
  if (ranges.length !== 1) return undefined;
  const field = ranges[0]!;
  const value = field.value as Json;
  const units = [...new Set(periodIn(text(field.frequency) ?? `${field.key} ${field.name}`))];
  const currency = text(value.unit)?.toUpperCase();
  const [min, max] = [amount(value.min_value), amount(value.max_value)];
  if (units.length !== 1 || !currency || !/^[A-Z]{3}$/.test(currency)) return undefined;
  if ((min === undefined && max === undefined) || (min !== undefined && max !== undefined && min > max)) return undefined;
  return defined({ min, max, currency, unit: units[0]! });
}

// ---- jobs ----

const JOB_MAPPED = new Set(['id', 'name', 'status', 'custom_fields', 'keyed_custom_fields']);

function jobInput(job: Json): { input: AtsVacancyInput; extra: AtsExtra } {
  const fields = customFields(job);
  const office = Array.isArray(job.offices) ? job.offices.find(isObject) : undefined;
  const place = office ? (placeName(office.location) ?? text(office.name)) : undefined;
  const input = defined<AtsVacancyInput>({
    title: text(job.name),
    jobLocation: place ? { city: place } : undefined,
    employmentType: employmentType(fields),
    baseSalary: salary(fields),
    externalId: id(job.id),
  });
  const extra = unmappedExtra(job, JOB_MAPPED);
  // Values only: every field's name and type repeated in each vacancy would be most of its extra.
  const values = Object.fromEntries(fields.filter((f) => f.value !== null && f.value !== undefined).map((f) => [f.key, f.value]));
  Object.assign(extra, unmappedExtra({ custom_fields: values }, new Set()));
  return { input, extra };
}

function mapJob(action: string, payload: Json): AtsAction {
  const job = payload.job;
  if (!isObject(job)) throw new AtsMappingError('payload.job', 'is required');
  const externalId = id(job.id);
  if (!externalId) throw new AtsMappingError('payload.job.id', 'is required');
  if (action === 'job_deleted') return { kind: 'close', externalId };
  const status = text(job.status)?.toLowerCase();
  if (status === 'closed') return { kind: 'close', externalId };
  if (status !== 'open' && status !== 'draft') throw new AtsMappingError('payload.job.status', 'must be "open", "closed" or "draft"');
  const { input, extra } = jobInput(job);
  if (!input.title) throw new AtsMappingError('payload.job.name', 'is required');
  // A draft is not hiring yet: kept, not posted.
  return { kind: 'upsert', externalId, input, extra, open: status === 'open' };
}

// ---- job posts ----

// internal_content is the internal board's text: not for publishing, not kept.
const POST_MAPPED = new Set(['id', 'title', 'content', 'internal_content', 'location', 'job_id', 'live']);

function mapJobPost(action: string, payload: Json): AtsAction {
  // Created and updated send the post as the payload itself; deleted wraps it in `job_post`.
  const wrapped = isObject(payload.job_post);
  const post = wrapped ? (payload.job_post as Json) : payload;
  const at = wrapped ? 'payload.job_post' : 'payload';
  const externalId = id(post.job_id);
  // No job_id: a prospect post, which has no job to be a vacancy.
  if (!externalId) return { kind: 'ignored', reason: `Greenhouse ${action} for a prospect post (no job_id)` };
  if (action === 'job_post_deleted') return { kind: 'close', externalId };
  if (post.external === false) return { kind: 'ignored', reason: `Greenhouse ${action} for an internal job post` };
  const title = text(post.title);
  if (!title) throw new AtsMappingError(`${at}.title`, 'is required');
  const content = text(post.content);
  const place = placeName(post.location);
  const input = defined<AtsVacancyInput>({
    title,
    description: content === undefined ? undefined : htmlToText(content) || undefined,
    jobLocation: place ? { city: place } : undefined,
    externalId,
  });
  const extra = unmappedExtra(post, POST_MAPPED);
  if (id(post.id)) extra.job_post_id = id(post.id);
  return { kind: 'upsert', externalId, input, extra, open: post.live === true };
}

// ---- the connector ----

export const greenhouse: AtsConnectorKind = {
  kind: 'greenhouse',

  verify(rawBody, headers, secret) {
    // "Signature: sha256 <hex>"
    const match = /^sha256\s+(\S+)$/i.exec(headers.signature?.trim() ?? '');
    return hmacSha256HexMatches(rawBody, secret, match?.[1]);
  },

  // Greenhouse-Event-ID is not covered by the signature: replayed under a fresh id, a signed body
  // would be taken again. Undefined makes the body's own hash the key, the same on Greenhouse's retries.
  deliveryId() {
    return undefined;
  },

  // The job's or job post's updated_at (a deletion carries none, and is applied as it comes).
  eventTime(_headers, body) {
    const payload = isObject(body) && isObject(body.payload) ? body.payload : {};
    const job = isObject(payload.job) ? payload.job : undefined;
    return dateOf(job?.updated_at ?? payload.updated_at);
  },

  map(_headers, body) {
    if (!isObject(body)) throw new AtsMappingError('', 'must be a JSON object');
    const action = text(body.action);
    if (!action) throw new AtsMappingError('action', 'is required');
    if (action === 'ping') return { kind: 'ping' };
    const payload = isObject(body.payload) ? body.payload : undefined;
    switch (action) {
      case 'job_created':
      case 'job_updated':
      case 'job_approved':
      case 'job_deleted':
        if (!payload) throw new AtsMappingError('payload', 'is required');
        return mapJob(action, payload);
      case 'job_post_created':
      case 'job_post_updated':
      case 'job_post_deleted':
        if (!payload) throw new AtsMappingError('payload', 'is required');
        return mapJobPost(action, payload);
      default:
        return { kind: 'ignored', reason: `Greenhouse ${action} events do not change vacancies` };
    }
  },
};
