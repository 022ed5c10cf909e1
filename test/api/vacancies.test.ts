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
