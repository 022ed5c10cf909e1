import t from 'tap';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

t.test('create, read, update, close, reopen, delete', async (t) => {
  const { call } = await buildTestApp(t);
  const created = await call({
    method: 'POST',
    url: '/v1/vacancies',
    payload: minimalVacancy({
      employmentType: ['FULL_TIME'],
      jobLocation: { city: 'Москва', country: 'ru' },
      jobLocationType: 'TELECOMMUTE',
      baseSalary: { min: 100000, currency: 'rub', unit: 'MONTH' },
      contacts: { telegram: '@hr_coffee', phone: '+7 (999) 123-45-67' },
      audience: { professions: ['Marketing'], seniority: ['middle'] },
      hashtags: ['#вакансия', 'маркетолог'],
      externalId: 'ats-1',
    }),
  });
  t.equal(created.statusCode, 201);
  const v = created.json();
  t.match(v, {
    status: 'open',
    language: 'ru',
    jobLocation: { city: 'Москва', country: 'RU' },
    baseSalary: { min: 100000, currency: 'RUB', unit: 'MONTH' },
    contacts: { telegram: 'hr_coffee', phone: '+79991234567' },
    audience: { professions: ['marketing'], seniority: ['middle'] },
    hashtags: ['вакансия', 'маркетолог'],
  });
  t.equal(created.headers.location, `/v1/vacancies/${v.id}`);

  const read = await call({ method: 'GET', url: `/v1/vacancies/${v.id}` });
  t.same(read.json(), v);

  const patched = await call({
    method: 'PATCH',
    url: `/v1/vacancies/${v.id}`,
    payload: { title: 'Senior-маркетолог', baseSalary: null, contacts: null },
  });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().title, 'Senior-маркетолог');
  t.notOk('baseSalary' in patched.json(), 'null clears a field');
  t.notOk('contacts' in patched.json());
  t.equal(patched.json().applyUrl, v.applyUrl, 'absent fields are kept');

  const closed = await call({ method: 'POST', url: `/v1/vacancies/${v.id}/close` });
  t.equal(closed.json().status, 'closed');
  t.ok(closed.json().closedAt);
  t.equal((await call({ method: 'POST', url: `/v1/vacancies/${v.id}/close` })).json().status, 'closed', 'closing twice is a no-op');
  const reopened = await call({ method: 'POST', url: `/v1/vacancies/${v.id}/reopen` });
  t.equal(reopened.json().status, 'open');
  t.notOk(reopened.json().closedAt);

  t.equal((await call({ method: 'DELETE', url: `/v1/vacancies/${v.id}` })).statusCode, 204);
  const gone = await call({ method: 'GET', url: `/v1/vacancies/${v.id}` });
  t.equal(gone.statusCode, 404);
  t.equal(gone.headers['content-type'], 'application/problem+json; charset=utf-8');
});

t.test('a patch that would make the vacancy invalid is refused and changes nothing', async (t) => {
  const { call } = await buildTestApp(t);
  const v = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy() })).json();
  const res = await call({ method: 'PATCH', url: `/v1/vacancies/${v.id}`, payload: { applyUrl: null } });
  t.equal(res.statusCode, 422);
  t.match(res.json().errors, [{ field: 'applyUrl', in: 'body' }]);
  t.same((await call({ method: 'GET', url: `/v1/vacancies/${v.id}` })).json(), v);
});

t.test('externalId is unique per workspace', async (t) => {
  const { call } = await buildTestApp(t);
  const first = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ externalId: 'X-1' }) });
  const dup = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ externalId: 'X-1' }) });
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().existingVacancyId, first.json().id);
  t.match(dup.json().errors, [{ field: 'externalId' }]);
  const other = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ externalId: 'X-2' }) })).json();
  const clash = await call({ method: 'PATCH', url: `/v1/vacancies/${other.id}`, payload: { externalId: 'X-1' } });
  t.equal(clash.statusCode, 409);
  const list = await call({ method: 'GET', url: '/v1/vacancies' });
  t.equal(list.json().items.length, 2, 'no extra row was written');
});

t.test('Idempotency-Key: same body replays, different body is refused, racing requests make one vacancy', async (t) => {
  const { call } = await buildTestApp(t);
  const body = minimalVacancy();
  const headers = { 'idempotency-key': 'req-123' };
  const a = await call({ method: 'POST', url: '/v1/vacancies', payload: body, headers });
  const b = await call({ method: 'POST', url: '/v1/vacancies', payload: { ...body }, headers });
  t.equal(a.statusCode, 201);
  t.equal(b.statusCode, 201);
  t.equal(b.json().id, a.json().id);
  t.equal(b.headers['idempotent-replayed'], 'true');
  const reordered = Object.fromEntries(Object.entries(body).reverse());
  t.equal((await call({ method: 'POST', url: '/v1/vacancies', payload: reordered, headers })).json().id, a.json().id, 'key order does not matter');

  const changed = await call({ method: 'POST', url: '/v1/vacancies', payload: { ...body, title: 'Другое' }, headers });
  t.equal(changed.statusCode, 422);
  t.match(changed.json(), { type: /idempotency-key-reused$/ });

  const raced = await Promise.all(
    Array.from({ length: 5 }, () => call({ method: 'POST', url: '/v1/vacancies', payload: body, headers: { 'idempotency-key': 'race' } })),
  );
  t.same(new Set(raced.map((r) => r.statusCode)), new Set([201]));
  t.equal(new Set(raced.map((r) => r.json().id)).size, 1);
  t.equal((await call({ method: 'GET', url: '/v1/vacancies?limit=100' })).json().items.length, 2);
});

t.test('list filters by status, tag and text, with cursor pagination', async (t) => {
  const { call } = await buildTestApp(t);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await call({
      method: 'POST',
      url: '/v1/vacancies',
      payload: minimalVacancy({
        title: i % 2 ? `Дизайнер ${i}` : `Маркетолог ${i}`,
        audience: { professions: [i % 2 ? 'design' : 'marketing'] },
        hashtags: i === 0 ? ['удалёнка'] : [],
      }),
    });
    ids.push(res.json().id);
  }
  await call({ method: 'POST', url: `/v1/vacancies/${ids[0]}/close` });

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await call({ method: 'GET', url: `/v1/vacancies?limit=3${cursor ? `&cursor=${cursor}` : ''}` });
    t.equal(page.statusCode, 200);
    seen.push(...page.json().items.map((v: { id: string }) => v.id));
    cursor = page.json().nextCursor;
  } while (cursor);
  t.same(seen, [...ids].reverse(), 'every vacancy once, newest first');

  const design = (await call({ method: 'GET', url: '/v1/vacancies?tag=design' })).json().items;
  t.equal(design.length, 3);
  t.equal((await call({ method: 'GET', url: '/v1/vacancies?tag=%23удалёнка' })).json().items.length, 1, 'hashtags are tags');
  t.equal((await call({ method: 'GET', url: '/v1/vacancies?status=closed' })).json().items.length, 1);
  t.equal((await call({ method: 'GET', url: '/v1/vacancies?q=ДИЗАЙНЕР' })).json().items.length, 3, 'text search ignores case');
  t.equal((await call({ method: 'GET', url: '/v1/vacancies?q=100%25' })).json().items.length, 0, 'LIKE wildcards are literal');

  const bad = await call({ method: 'GET', url: '/v1/vacancies?cursor=nonsense' });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().errors, [{ field: 'cursor', in: 'querystring' }]);
});

type FieldError = { field: string; in: string; message: string };
const fieldsOf = (errors: FieldError[]) => errors.map((e) => e.field);

t.test('employmentType takes one type or a list, and is always stored as a list', async (t) => {
  const { call } = await buildTestApp(t);
  const one = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ employmentType: 'FULL_TIME' }) });
  t.equal(one.statusCode, 201, one.body);
  t.same(one.json().employmentType, ['FULL_TIME'], 'a string becomes a one-item list');
  const list = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ employmentType: ['PART_TIME', 'CONTRACTOR', 'PART_TIME'] }) });
  t.same(list.json().employmentType, ['PART_TIME', 'CONTRACTOR'], 'a list is kept, without repeats');
  const patched = await call({ method: 'PATCH', url: `/v1/vacancies/${one.json().id}`, payload: { employmentType: 'INTERN' } });
  t.same(patched.json().employmentType, ['INTERN'], 'PATCH takes a string too');

  const badString = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ employmentType: 'FULLTIME' }) });
  t.equal(badString.statusCode, 400);
  t.same(fieldsOf(badString.json().errors), ['employmentType'], 'one error for the field');
  t.match(badString.json().errors[0].message, /^must be one of "FULL_TIME", "PART_TIME"/);
  t.notMatch(badString.body, /Too big|expected array/, 'no message about the list form the client did not use');

  const badItem = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ employmentType: ['FULL_TIME', 'NOPE'] }) });
  t.same(fieldsOf(badItem.json().errors), ['employmentType.1'], 'a bad list item is named by its index');
  const empty = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ employmentType: [] }) });
  t.same(empty.json().errors, [{ field: 'employmentType', in: 'body', message: 'must have at least 1 item' }]);
});

t.test('dates take a date alone, meaning that whole day in UTC', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ datePosted: '2026-11-01', validThrough: '2026-12-31' }) });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().datePosted, '2026-11-01T00:00:00Z', 'datePosted: from the start of the day');
  t.equal(res.json().validThrough, '2026-12-31T23:59:59Z', 'validThrough: to the end of the day');
  const exact = await call({ method: 'PATCH', url: `/v1/vacancies/${res.json().id}`, payload: { validThrough: '2027-01-15T18:00:00+03:00' } });
  t.equal(exact.json().validThrough, '2027-01-15T18:00:00+03:00', 'a date-time with an offset is kept as written');
  const day = await call({ method: 'PATCH', url: `/v1/vacancies/${res.json().id}`, payload: { validThrough: '2027-02-28' } });
  t.equal(day.json().validThrough, '2027-02-28T23:59:59Z', 'PATCH reads a date alone the same way');

  const bad = await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ validThrough: '31.12.2026' }) });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().errors, [
    { field: 'validThrough', in: 'body', message: 'must be a date-time with an offset ("2026-12-01T10:00:00+03:00") or a date ("2026-12-31")' },
  ]);
  // Compared as instants, not as text: 12:00 in Moscow is 09:00 UTC, before 10:00 UTC.
  const order = await call({
    method: 'POST',
    url: '/v1/vacancies',
    payload: minimalVacancy({ datePosted: '2026-12-31T10:00:00Z', validThrough: '2026-12-31T12:00:00+03:00' }),
  });
  t.equal(order.statusCode, 400);
  t.same(order.json().errors, [{ field: 'validThrough', in: 'body', message: 'must not be before datePosted' }]);
  const later = await call({
    method: 'POST',
    url: '/v1/vacancies',
    payload: minimalVacancy({ datePosted: '2026-12-31T23:00:00+03:00', validThrough: '2026-12-31T21:00:00Z' }),
  });
  t.equal(later.statusCode, 201, '23:00 in Moscow (20:00 UTC) is before 21:00 UTC, whatever the text says');
});

t.test('a missing field "is required", and every problem of a body is listed at once, each field once', async (t) => {
  const { call } = await buildTestApp(t);
  const empty = await call({ method: 'POST', url: '/v1/vacancies', payload: {} });
  t.equal(empty.statusCode, 400);
  t.same(empty.json().errors, [
    { field: 'title', in: 'body', message: 'is required' },
    { field: 'description', in: 'body', message: 'is required' },
    { field: 'hiringOrganization', in: 'body', message: 'is required' },
    { field: 'applyUrl', in: 'body', message: 'a vacancy needs applyUrl or at least one contact (email, telegram, phone)' },
  ], 'the rule across fields is reported with the missing fields, not after they are fixed');
  t.equal(empty.json().detail, 'Invalid body: title, description, hiringOrganization, applyUrl');

  const many = await call({
    method: 'POST',
    url: '/v1/vacancies',
    payload: {
      title: 7,
      description: ['not', 'text'],
      hiringOrganization: { url: 'ftp://x' },
      employmentType: 'FULLTIME',
      baseSalary: { min: 10, max: 5, currency: 'rubles', unit: 'MONTH' },
      validThrough: 'soon',
      contacts: { email: 'nope' },
      language: 'de',
      status: 'closed',
      surprise: true,
    },
  });
  t.equal(many.statusCode, 400);
  const errors = many.json().errors as FieldError[];
  t.same(fieldsOf(errors).sort(), [
    'baseSalary.currency', 'baseSalary.min', 'contacts.email', 'description', 'employmentType', 'hiringOrganization.name',
    'hiringOrganization.url', 'language', 'status', 'surprise', 'title', 'validThrough',
  ]);
  t.equal(new Set(fieldsOf(errors)).size, errors.length, 'no field is named twice');
  const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
  t.equal(byField.title, 'must be a string, not a number');
  t.equal(byField.description, 'must be a string, not an array', 'a wrong type is the one thing said about the field');
  t.equal(byField['hiringOrganization.name'], 'is required');
  t.equal(byField.surprise, 'is not a field of this object');
  t.equal(byField.status, 'is not a field of this object', 'status is changed by close and reopen only');
  t.equal(byField.language, 'must be one of "ru", "en"');
  t.equal((await call({ method: 'GET', url: '/v1/vacancies' })).json().items.length, 0, 'nothing was written');
});

t.test('an import lists every field its posting lacks, in the same words', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({
    method: 'POST',
    url: '/v1/vacancies/import',
    headers: { 'content-type': 'application/ld+json' },
    payload: JSON.stringify({ '@context': 'https://schema.org', '@type': 'JobPosting', description: 'x', employmentType: 'SOMETIMES' }),
  });
  t.equal(res.statusCode, 422);
  t.same(res.json().errors, [
    { field: 'title', in: 'body', message: 'is required' },
    { field: 'employmentType.0', in: 'body', message: 'must be one of "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"' },
    { field: 'hiringOrganization', in: 'body', message: 'is required' },
    { field: 'applyUrl', in: 'body', message: 'a vacancy needs applyUrl or at least one contact (email, telegram, phone)' },
  ]);
});
