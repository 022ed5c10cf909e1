// Bad input, sent to every route the OpenAPI document lists: the answer is always a 4xx
// application/problem+json (never a 5xx), validation errors name their fields, and a refused
// request leaves the database exactly as it was.
import t from 'tap';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { rowsOf } from '../../src/db/migrate.js';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

type Inject = Parameters<Awaited<ReturnType<typeof buildTestApp>>['call']>[0];

const JSON_CT = { 'content-type': 'application/json' };
const BAD_BODIES: { name: string; payload: string; headers: Record<string, string>; expect?: number }[] = [
  { name: 'truncated JSON', payload: '{"title": "x", ', headers: JSON_CT, expect: 400 },
  { name: 'not JSON at all', payload: 'title=x', headers: JSON_CT, expect: 400 },
  { name: 'empty body', payload: '', headers: JSON_CT, expect: 400 },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}}', headers: JSON_CT, expect: 400 },
  { name: 'text/plain', payload: 'hello', headers: { 'content-type': 'text/plain' }, expect: 415 },
  { name: 'form encoded', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' }, expect: 415 },
  { name: 'JSON null', payload: 'null', headers: JSON_CT },
  { name: 'JSON string', payload: '"x"', headers: JSON_CT },
  { name: 'JSON number', payload: '42', headers: JSON_CT },
  { name: 'JSON array of junk', payload: '[1,2,3]', headers: JSON_CT },
  { name: 'wrong field types', payload: JSON.stringify({ title: 5, description: [], hiringOrganization: 'Acme', name: {}, role: 'root', applyUrl: 'ftp://x', baseSalary: { min: -1, currency: 'rubles', unit: 'FORTNIGHT' } }), headers: JSON_CT },
  { name: 'unknown fields', payload: JSON.stringify({ nope: true, status: 'closed', id: '00000000-0000-0000-0000-000000000000' }), headers: JSON_CT },
  { name: 'over the body limit', payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10) }), headers: JSON_CT, expect: 413 },
];

async function fingerprint(db: Awaited<ReturnType<typeof buildTestApp>>['database']['db']) {
  const result = await db.execute(sql`
    select md5(coalesce((select json_agg(v order by id)::text from vacancies v), '') ||
               coalesce((select json_agg(k order by id)::text from api_keys k), '') ||
               coalesce((select json_agg(w order by id)::text from workspaces w), '') ||
               coalesce((select json_agg(i order by key)::text from idempotency_keys i), '')) as h`);
  return rowsOf<{ h: string }>(result)[0]!.h;
}

t.test('every route answers malformed input with 4xx problem+json and writes nothing', async (t) => {
  const { app, call, database } = await buildTestApp(t);
  const vacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy() })).json();
  const key = (await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'probe' } })).json();
  await app.ready();
  const doc = parse(app.swagger({ yaml: true })) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
  t.ok(operations.length >= 15, `found ${operations.length} operations`);

  let probes = 0;
  for (const { method, path } of operations) {
    const idFor = path.startsWith('/v1/api-keys') ? key.id : vacancy.id;
    const withId = path.replace('{id}', idFor).replace('{network}', 'telegram');
    const requests: (Inject & { expect?: number; label: string })[] = [];
    if (path.includes('{id}')) {
      requests.push({ method, url: path.replace('{id}', 'not-a-uuid'), label: 'bad id', expect: 400 } as never);
      const payload = method === 'PATCH' || method === 'POST' ? {} : undefined;
      requests.push({ method, url: path.replace('{id}', '0190c0de-0000-7000-8000-000000000000'), payload, label: 'unknown id', expect: 404 } as never);
    }
    if (method === 'GET') {
      requests.push({ method, url: `${withId}?limit=abc&status=bogus&cursor=`, label: 'bad query' } as never);
    } else {
      for (const bad of BAD_BODIES) requests.push({ method, url: withId, payload: bad.payload, headers: bad.headers, expect: bad.expect, label: bad.name } as never);
    }
    for (const request of requests) {
      const before = await fingerprint(database.db);
      const res = await call(request);
      probes++;
      const where = `${method} ${path} ← ${request.label}`;
      t.ok(res.statusCode < 500, `${where}: no 5xx (got ${res.statusCode})`);
      if (res.statusCode < 400) continue; // e.g. GET ignores a body, close ignores junk JSON: a valid request
      // An operation whose body has required fields refuses the empty body before it looks the id up.
      const bodyFirst = request.label === 'unknown id' && res.statusCode === 400 && res.json().errors?.every((e: { in: string }) => e.in === 'body');
      if (request.expect && !bodyFirst) t.equal(res.statusCode, request.expect, `${where}: status`);
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${where}: problem+json`);
      const body = res.json();
      t.match(body, { type: String, title: String, status: res.statusCode }, `${where}: RFC 9457 members`);
      if (body.errors) t.ok(body.errors.every((e: { field: unknown; message: unknown }) => typeof e.field === 'string' && typeof e.message === 'string'), `${where}: errors name fields`);
      t.equal(await fingerprint(database.db), before, `${where}: nothing written`);
    }
  }
  t.ok(probes > 120, `${probes} probes sent`);
});

t.test('validation errors list each bad field', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({
    method: 'POST',
    url: '/v1/vacancies',
    payload: { title: '', description: 'x', hiringOrganization: {}, baseSalary: { min: 10, max: 5, currency: 'RUB', unit: 'MONTH' }, contacts: { email: 'nope' }, language: 'de', surprise: 1 },
  });
  t.equal(res.statusCode, 400);
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  for (const f of ['title', 'hiringOrganization.name', 'contacts.email', 'language']) t.ok(fields.includes(f), `names ${f}`);
  t.ok(res.json().errors.some((e: { field: string; message: string }) => e.field === 'surprise' && /not a field/.test(e.message)), 'names the unknown key as its field');
  t.match(res.json().detail, /^Invalid body: /);
});

t.test('unknown routes and methods get 404 problem+json', async (t) => {
  const { call } = await buildTestApp(t);
  for (const [method, url] of [['GET', '/v1/nope'], ['PUT', '/v1/vacancies'], ['GET', '/nope']] as const) {
    const res = await call({ method, url });
    t.equal(res.statusCode, 404, `${method} ${url}`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.match(res.json(), { type: /route-not-found$/, status: 404 });
  }
});
