import { createHmac } from 'node:crypto';
import t from 'tap';
import { mappingError, upsertOf } from '../helpers/ats-mapping-assertions.js';
import { AtsMappingError, type AtsAction } from '../../src/ats/connector-kind.js';
import { greenhouse } from '../../src/ats/greenhouse.js';
import { atsKinds } from '../../src/ats/kinds.js';
import { vacancyInputSchema } from '../../src/schemas/vacancy.js';

// Payloads as grnhse/greenhouse-api-docs (webhooks, job events) shows them.
const job = {
  id: 371417,
  name: 'Software Engineer',
  requisition_id: 'REQ-12',
  notes: 'Looking for the best!',
  confidential: false,
  job_post_id: 2154,
  status: 'open',
  created_at: '2026-10-20T18:16:32Z',
  opened_at: '2026-10-20T18:16:32Z',
  closed_at: null,
  departments: [{ id: 7, name: 'Technology', external_id: 'ex-dept-1' }],
  offices: [
    { id: 13, name: 'New York City', location: 'New York, NY', external_id: 'ex-office-1' },
    { id: 14, name: 'St. Louis', location: null, external_id: null },
  ],
  hiring_team: { hiring_managers: [{ user_id: 1234, employee_id: 'abc-123' }], sourcers: [], recruiters: [], coordinators: [] },
  openings: [{ id: 1234, opening_id: 'abc-1', custom_fields: [] }],
  custom_fields: {
    approved: { name: 'Approved', type: 'boolean', value: true },
    employment_type: { name: 'Employment Type', type: 'single_select', value: 'Full-time' },
    salary_range: { name: 'SalaryRange', type: 'currency_range', value: { unit: 'USD', min_value: '100000.0', max_value: '140000.0' } },
    bonus: { name: 'Bonus', type: 'short_text', value: null },
  },
};

const jobPost = {
  id: 1815002,
  title: 'Разработчик на Go',
  location: 'Москва',
  content: '<p>Привет! Мы строим <strong>платёжную</strong> платформу.</p><ul><li>Go</li><li>Kafka &amp; PostgreSQL</li></ul>',
  internal_content: '<p>Internal only: budget approved</p>',
  updated_at: '2026-10-12T15:06:32.691Z',
  job_id: 1842002,
  external: true,
  internal: false,
  live: true,
  questions: [{ required: false, private: false, label: 'LinkedIn Profile', type: 'input_text', values: [] }],
};

// Greenhouse escapes Unicode (and <, >, &) as \uXXXX before signing, and signs the string as sent.
function greenhouseJson(body: unknown): string {
  return JSON.stringify(body).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const sign = (body: Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('hex');


const map = (body: unknown) => greenhouse.map({}, body);
const jobEvent = (action: string, patch: Record<string, unknown> = {}) => map({ action, payload: { job: { ...job, ...patch } } });
const postEvent = (action: string, patch: Record<string, unknown> = {}) => map({ action, payload: { ...jobPost, ...patch } });

t.test('the signature is "sha256 <hex>" over the raw bytes, Unicode escapes included', async (t) => {
  const secret = 'gh-secret-abcdef0123456789';
  const raw = greenhouseJson({ action: 'job_post_updated', payload: jobPost });
  t.match(raw, /\\u0420\\u0430\\u0437/, 'the raw body holds escapes, not Cyrillic');
  t.match(raw, /\\u003cp\\u003e/);
  const bytes = Buffer.from(raw);
  const header = `sha256 ${sign(bytes, secret)}`;
  t.equal(greenhouse.verify(bytes, { signature: header }, secret), true, 'good');
  const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw)));
  t.equal(greenhouse.verify(reserialised, { signature: header }, secret), false, 'the same JSON re-serialised is other bytes');
  t.equal(greenhouse.verify(Buffer.from(raw.replace('1842002', '1842003')), { signature: header }, secret), false, 'another body');
  t.equal(greenhouse.verify(bytes, { signature: `sha256 ${sign(bytes, 'other-secret')}` }, secret), false, 'another secret');
  t.equal(greenhouse.verify(bytes, {}, secret), false, 'missing');
  t.equal(greenhouse.verify(bytes, { signature: sign(bytes, secret) }, secret), false, 'without the algorithm');
  t.equal(greenhouse.verify(bytes, { signature: `sha1 ${sign(bytes, secret)}` }, secret), false, 'another algorithm');
  t.equal(greenhouse.verify(bytes, { signature: 'sha256 zz' }, secret), false, 'not hex');
  // The parsed body is what map reads: the escapes are the characters again.
  t.equal(upsertOf(map(JSON.parse(raw))).input.title, 'Разработчик на Go');
});

t.test('delivery id: the Greenhouse-Event-ID header', async (t) => {
  t.equal(greenhouse.deliveryId({ 'greenhouse-event-id': 'a3f1c2d4-0b6e-4f0e-9d55-2f1b5b7f9c11' }, {}), undefined, 'the unsigned header is not trusted: the body hash keys it');
  t.equal(greenhouse.deliveryId({}, { action: 'ping' }), undefined);
});

t.test('ping and actions we do not act on', async (t) => {
  t.same(map({ action: 'ping', payload: { web_hook_id: 1234 } }), { kind: 'ping' });
  for (const action of ['candidate_stage_change', 'new_candidate_application', 'offer_created', 'job_interview_stage_deleted']) {
    t.match(map({ action, payload: {} }), { kind: 'ignored', reason: new RegExp(action) }, action);
  }
});

t.test('job created, updated, approved: an upsert from the job', async (t) => {
  for (const action of ['job_created', 'job_updated', 'job_approved']) {
    const upsert = upsertOf(jobEvent(action));
    t.equal(upsert.externalId, '371417', action);
    t.equal(upsert.open, true, action);
  }
  const { input, extra } = upsertOf(jobEvent('job_created'));
  t.same(input, {
    title: 'Software Engineer',
    jobLocation: { city: 'New York, NY' },
    employmentType: 'FULL_TIME',
    externalId: '371417',
  }, 'a currency range with no period is not read as a salary');
  t.same(extra.custom_fields, { approved: true, employment_type: 'Full-time', salary_range: { unit: 'USD', min_value: '100000.0', max_value: '140000.0' } }, 'values kept, nulls dropped');
  t.same(extra.departments, job.departments);
  t.same(extra.offices, job.offices, 'every office, not only the one mapped');
  t.equal(extra.requisition_id, 'REQ-12');
  t.notOk('closed_at' in extra, 'nulls are not kept');
  t.notOk('name' in extra);
});

t.test('job status: closed closes, draft is kept closed, anything else is refused', async (t) => {
  t.same(jobEvent('job_updated', { status: 'closed' }), { kind: 'close', externalId: '371417' });
  t.match(jobEvent('job_updated', { status: 'draft' }), { kind: 'upsert', open: false });
  const err = mappingError(() => jobEvent('job_updated', { status: 'archived' }));
  t.equal(err.field, 'payload.job.status');
  t.same(map({ action: 'job_deleted', payload: { job: { id: 209256, name: 'Project Manager' } } }), { kind: 'close', externalId: '209256' });
});

t.test('job salary: one currency range whose period is known', async (t) => {
  const compensation = {
    name: 'Base Pay', type: 'currency_range', frequency: 'annually', compensation_type: 'base',
    value: { unit: 'usd', min_value: 80000, max_value: 150000 },
  };
  t.same(upsertOf(jobEvent('job_updated', { custom_fields: { base_pay: compensation } })).input.baseSalary, { min: 80000, max: 150000, currency: 'USD', unit: 'YEAR' });
  const named = { name: 'Annual Salary Range', type: 'currency_range', value: { unit: 'EUR', min_value: '50000.0', max_value: null } };
  t.same(upsertOf(jobEvent('job_updated', { custom_fields: { annual_salary_range: named } })).input.baseSalary, { min: 50000, currency: 'EUR', unit: 'YEAR' });
  const two = { a: { ...compensation }, b: { ...compensation, name: 'Bonus Range' } };
  t.equal(upsertOf(jobEvent('job_updated', { custom_fields: two })).input.baseSalary, undefined, 'two ranges: which one?');
  const inverted = { ...compensation, value: { unit: 'USD', min_value: 9, max_value: 1 } };
  t.equal(upsertOf(jobEvent('job_updated', { custom_fields: { pay: inverted } })).input.baseSalary, undefined);
  const harvest = { keyed_custom_fields: { pay: compensation }, custom_fields: { pay: { unit: 'USD' } } };
  t.match(upsertOf(jobEvent('job_updated', harvest)).input.baseSalary, { unit: 'YEAR' }, 'the Harvest API form');
});

t.test('job location: the first office\'s location, else its name', async (t) => {
  t.same(upsertOf(jobEvent('job_updated', { offices: [{ id: 14, name: 'St. Louis', location: null }] })).input.jobLocation, { city: 'St. Louis' });
  t.same(upsertOf(jobEvent('job_updated', { offices: [{ id: 1, name: 'HQ', location: { name: 'Berlin, Germany' } }] })).input.jobLocation, { city: 'Berlin, Germany' });
  t.equal(upsertOf(jobEvent('job_updated', { offices: [] })).input.jobLocation, undefined);
});

t.test('a job that cannot be mapped names the field', async (t) => {
  t.equal(mappingError(() => jobEvent('job_created', { name: ' ' })).field, 'payload.job.name');
  t.equal(mappingError(() => jobEvent('job_created', { id: null })).field, 'payload.job.id');
  t.equal(mappingError(() => map({ action: 'job_updated', payload: {} })).field, 'payload.job');
  t.equal(mappingError(() => map({ action: 'job_updated' })).field, 'payload');
  t.equal(mappingError(() => map({ payload: { job } })).field, 'action');
  t.equal(mappingError(() => map([1, 2])).field, '');
});

t.test('job post created or updated: an upsert of the job from its post', async (t) => {
  const created = upsertOf(postEvent('job_post_created'));
  t.equal(created.externalId, '1842002', 'keyed by the job, not the post');
  t.equal(created.open, true);
  t.same(created.input, {
    title: 'Разработчик на Go',
    description: 'Привет! Мы строим платёжную платформу.\n\n• Go\n• Kafka & PostgreSQL',
    jobLocation: { city: 'Москва' },
    externalId: '1842002',
  });
  t.same(created.extra, {
    job_post_id: '1815002',
    updated_at: jobPost.updated_at,
    external: true,
    internal: false,
    questions: jobPost.questions,
  }, 'internal_content is not kept');

  t.match(postEvent('job_post_updated', { live: false }), { kind: 'upsert', externalId: '1842002', open: false }, 'not live: kept closed');
  const wrapped = map({ action: 'job_post_updated', payload: { job_post: { ...jobPost, location: { name: 'Санкт-Петербург' } } } });
  t.match(wrapped, { kind: 'upsert', open: true, input: { jobLocation: { city: 'Санкт-Петербург' } } }, 'the post wrapped in job_post, location as {name}');
});

t.test('with an organisation and a way to apply added, the post is a valid vacancy', async (t) => {
  const { input } = upsertOf(postEvent('job_post_created'));
  const parsed = vacancyInputSchema.safeParse({ ...input, hiringOrganization: { name: 'Acme' }, applyUrl: 'https://boards.greenhouse.io/acme/jobs/1842002' });
  t.equal(parsed.success, true, JSON.stringify(parsed.error?.issues));
  t.match(parsed.data, { title: 'Разработчик на Go', jobLocation: { city: 'Москва' }, externalId: '1842002' });
  const fromJob = upsertOf(jobEvent('job_created')).input;
  const jobParsed = vacancyInputSchema.safeParse({ ...fromJob, description: 'Text from the post', hiringOrganization: { name: 'Acme' }, applyUrl: 'https://acme.example/jobs' });
  t.equal(jobParsed.success, true, JSON.stringify(jobParsed.error?.issues));
  t.same(jobParsed.data?.employmentType, ['FULL_TIME']);
});

t.test('job posts we do not act on, deleted posts, and a post without a title', async (t) => {
  t.match(postEvent('job_post_created', { job_id: undefined }), { kind: 'ignored', reason: /prospect post/ });
  t.match(postEvent('job_post_updated', { external: false, internal: true }), { kind: 'ignored', reason: /internal job post/ });
  t.same(map({ action: 'job_post_deleted', payload: { job_post: { ...jobPost, id: 258341, job_id: 284999, live: false } } }), { kind: 'close', externalId: '284999' });
  t.match(map({ action: 'job_post_deleted', payload: { job_post: { id: 1, title: 'Prospects' } } }), { kind: 'ignored' });
  t.equal(mappingError(() => postEvent('job_post_updated', { title: '' })).field, 'payload.title');
  t.equal(mappingError(() => map({ action: 'job_post_updated', payload: { job_post: { ...jobPost, title: null } } })).field, 'payload.job_post.title');
  t.equal(upsertOf(postEvent('job_post_updated', { content: '<p> </p>' })).input.description, undefined, 'an empty text is no description');
});

t.test('atsKinds names greenhouse', async (t) => {
  t.equal(atsKinds.greenhouse, greenhouse);
  t.same(Object.keys(atsKinds).sort(), ['generic', 'greenhouse', 'huntflow']);
});
