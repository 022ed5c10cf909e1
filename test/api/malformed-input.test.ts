// Bad input, sent to every route the OpenAPI document lists: the answer is always a 4xx
// application/problem+json (never a 5xx), validation errors name their fields, and a refused
// request leaves the database exactly as it was.
import { connect, type AddressInfo } from 'node:net';
import t from 'tap';
import { parse } from 'yaml';
import { UNSAFE_TEXT_MESSAGE } from '../../src/lib/unsafe-text.js';
import { databaseFingerprint } from '../helpers/fingerprint.js';
import { dotted, operationsOf, setAt, stringPaths, type OpenApiDocument, type Operation } from '../helpers/openapi-operations.js';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

type Inject = Parameters<Awaited<ReturnType<typeof buildTestApp>>['call']>[0];
interface Probe {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  label: string;
  expect?: number;
  /** Fields the answer must name. */
  names?: { field: string; in: string; message: RegExp | string }[];
  /** The problem type's slug the answer must have. */
  slug?: string;
}

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

const NUL = 'a\u0000b';
const bad = (field: string, where: string, message: RegExp | string = UNSAFE_TEXT_MESSAGE) => ({ field, in: where, message });

/** The NUL / lone-surrogate / encoding / path probes for one operation of the document. */
function unsafeTextProbes(doc: OpenApiDocument, op: Operation, withId: string): Probe[] {
  const probes: Probe[] = [];
  const url = (path: string) => path.replace(/\{id\}/, 'x').replace('{network}', 'telegram');
  if (op.body) {
    const paths = stringPaths(doc, op.body.schema);
    for (const path of paths) {
      probes.push({ method: op.method, url: withId, payload: JSON.stringify(setAt({}, path, NUL)), headers: JSON_CT, label: `NUL in ${dotted(path)}`, expect: 400, names: [bad(dotted(path), 'body')] });
    }
    // Every string field at once, high and low surrogates alternating: all are named in one answer.
    let body: unknown = {};
    paths.forEach((path, i) => (body = setAt(body, path, i % 2 ? 'x\udc00' : '\ud800x')));
    const present = paths.filter((path, i) => getAt(body, path) === (i % 2 ? 'x\udc00' : '\ud800x'));
    if (present.length > 0) {
      probes.push({ method: op.method, url: withId, payload: JSON.stringify(body), headers: JSON_CT, label: 'lone surrogates in every string field', expect: 400, names: present.map((p) => bad(dotted(p), 'body')) });
    }
  }
  for (const param of op.parameters) {
    if (param.in === 'query') {
      probes.push({ method: op.method, url: `${withId}?${param.name}=a%00b`, label: `NUL in ?${param.name}`, expect: 400, names: [bad(param.name, 'querystring')] });
      probes.push({ method: op.method, url: `${withId}?${param.name}=%ED%A0%80`, label: `encoded surrogate in ?${param.name}`, expect: 400, names: [bad(param.name, 'querystring', 'is not valid percent-encoded UTF-8')] });
    }
    if (param.in === 'header') {
      probes.push({ method: op.method, url: withId, headers: { [param.name]: NUL }, payload: op.body ? {} : undefined, label: `NUL in header ${param.name}`, expect: 400, names: [bad(param.name, 'headers')] });
    }
    if (param.in === 'path') {
      const segment = `{${param.name}}`;
      probes.push({ method: op.method, url: url(op.path.replace(segment, 'a%00b')), label: `NUL in path ${param.name}`, expect: 400, names: [bad(param.name, 'params')] });
      probes.push({ method: op.method, url: url(op.path.replace(segment, 'x'.repeat(101))), label: `over-long path ${param.name}`, expect: 414, slug: 'uri-too-long' });
      probes.push({ method: op.method, url: url(op.path.replace(segment, '%E0%A4%A')), label: `bad percent-encoding in path ${param.name}`, expect: 400, slug: 'malformed-url' });
    }
  }
  return probes;
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
}

t.test('every route answers malformed input with 4xx problem+json and writes nothing', async (t) => {
  const { app, call, database } = await buildTestApp(t);
  const fingerprint = databaseFingerprint(database.db);
  const vacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy() })).json();
  const key = (await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'probe' } })).json();
  await app.ready();
  const doc = parse(app.swagger({ yaml: true })) as OpenApiDocument;
  const operations = operationsOf(doc);
  t.ok(operations.length >= 15, `found ${operations.length} operations`);

  let probes = 0;
  let unsafeProbes = 0;
  let before = await fingerprint();
  for (const op of operations) {
    const { method } = op;
    // A second id in the path (a hook of an account) is one that exists nowhere.
    const path = op.path.replace('{hookId}', '0190c0de-0000-7000-8000-000000000001').replace('{deliveryId}', '0190c0de-0000-7000-8000-000000000002');
    const idFor = path.startsWith('/v1/api-keys') ? key.id : vacancy.id;
    const withId = path.replace('{id}', idFor).replace('{network}', 'telegram');
    const requests: Probe[] = [];
    if (path.includes('{id}')) {
      requests.push({ method, url: path.replace('{id}', 'not-a-uuid'), label: 'bad id', expect: 400 });
      const payload = method === 'PATCH' || method === 'POST' ? {} : undefined;
      requests.push({ method, url: path.replace('{id}', '0190c0de-0000-7000-8000-000000000000'), payload, label: 'unknown id', expect: 404 });
    }
    if (method === 'GET') {
      requests.push({ method, url: `${withId}?limit=abc&status=bogus&cursor=`, label: 'bad query' });
    } else {
      for (const b of BAD_BODIES) requests.push({ method, url: withId, payload: b.payload, headers: b.headers, expect: b.expect, label: b.name });
    }
    const unsafe = unsafeTextProbes(doc, op, withId);
    unsafeProbes += unsafe.length;
    requests.push(...unsafe);
    for (const request of requests) {
      const { label, expect, names, slug, ...inject } = request;
      const res = await call(inject as Inject);
      probes++;
      const where = `${method} ${path} ← ${label}`;
      t.ok(res.statusCode < 500, `${where}: no 5xx (got ${res.statusCode})`);
      if (res.statusCode < 400) {
        before = await fingerprint(); // e.g. GET ignores a body, close ignores junk JSON: a valid request
        continue;
      }
      // A tracked link answers people with pages (and ignores a query it does not read); a URL the router
      // refuses before any route (too long, badly encoded) gets the API's problem+json, checked below.
      if (op.operationId === 'followTrackedLink' && String(res.headers['content-type']).startsWith('text/html')) {
        const after = await fingerprint();
        t.equal(after, before, `${where}: nothing written`);
        before = after;
        continue;
      }
      // An operation whose body or query has required fields refuses their absence before it looks the id up.
      const bodyFirst = label === 'unknown id' && res.statusCode === 400 && res.json().errors?.every((e: { in: string }) => e.in === 'body' || e.in === 'querystring');
      if (expect && !bodyFirst) t.equal(res.statusCode, expect, `${where}: status`);
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${where}: problem+json`);
      const body = res.json();
      t.match(body, { type: String, title: String, status: res.statusCode }, `${where}: RFC 9457 members`);
      if (body.errors) t.ok(body.errors.every((e: { field: unknown; message: unknown }) => typeof e.field === 'string' && typeof e.message === 'string'), `${where}: errors name fields`);
      if (names) for (const name of names) t.ok(body.errors?.some((e: { field: string; in: string; message: string }) => e.field === name.field && e.in === name.in && (typeof name.message === 'string' ? e.message === name.message : name.message.test(e.message))), `${where}: names ${name.in} ${name.field}`);
      if (slug) t.equal(body.type, `https://vacancy-crossposter.dev/problems/${slug}`, `${where}: type`);
      const after = await fingerprint();
      t.equal(after, before, `${where}: nothing written`);
      before = after;
    }
  }
  t.ok(probes > 400, `${probes} probes sent`);
  t.ok(unsafeProbes > 250, `${unsafeProbes} of them NUL, surrogate, encoding and path probes`);
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

const LD = { 'content-type': 'application/ld+json' };
const jobPosting = (extra: Record<string, unknown> = {}) => ({
  '@context': 'https://schema.org/',
  '@type': 'JobPosting',
  title: 'Frontend Developer',
  description: '<p>React</p>',
  hiringOrganization: { '@type': 'Organization', name: 'Acme' },
  url: 'https://acme.example/jobs/1',
  ...extra,
});

t.test('JSON-LD: entities that name no character are dropped; hostile nesting is refused quickly', async (t) => {
  const { call, database } = await buildTestApp(t);
  const fingerprint = databaseFingerprint(database.db);

  // Outside Unicode, NUL and surrogates: dropped (a browser would show U+FFFD), the text around kept.
  const description = '<p>Salary &#x110000;high&#0; and &#xD800;growth&#xDFFF;&#99999999999; &#x1F680;&#65;</p>';
  const res = await call({ method: 'POST', url: '/v1/vacancies/import', payload: JSON.stringify(jobPosting({ description })), headers: LD });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().description, 'Salary high and growth 🚀A', 'invalid references dropped, valid ones decoded');

  const refusals: { label: string; payload: string; status: number; slug: string }[] = [
    { label: '20,000 nested arrays', payload: '['.repeat(20_000) + ']'.repeat(20_000), status: 400, slug: 'validation-error' },
    { label: '20,000 nested arrays in @graph', payload: `{"@graph":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, status: 400, slug: 'validation-error' },
    { label: '20,000 nested @graph objects', payload: '{"@graph":'.repeat(20_000) + '1' + '}'.repeat(20_000), status: 400, slug: 'validation-error' },
    // Within the input depth limit, beyond what the JobPosting search follows.
    { label: 'a JobPosting 40 arrays down', payload: '['.repeat(40) + JSON.stringify(jobPosting()) + ']'.repeat(40), status: 422, slug: 'job-posting-search-limit' },
    { label: 'a JobPosting after 20,000 other nodes', payload: JSON.stringify({ '@graph': [...Array.from({ length: 20_000 }, () => ({ '@type': 'Thing' })), jobPosting()] }), status: 422, slug: 'job-posting-search-limit' },
    { label: 'a NUL in an unmodelled property (kept in extra)', payload: JSON.stringify(jobPosting({ skills: 'a\u0000b' })), status: 400, slug: 'validation-error' },
    { label: 'a NUL in a property name', payload: JSON.stringify(jobPosting({ 'sk\u0000ills': 'React' })), status: 400, slug: 'validation-error' },
  ];
  for (const r of refusals) {
    const before = await fingerprint();
    const started = performance.now();
    const res = await call({ method: 'POST', url: '/v1/vacancies/import', payload: r.payload, headers: LD });
    t.equal(res.statusCode, r.status, `${r.label}: ${r.status}`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${r.label}: problem+json`);
    t.equal(res.json().type, `https://vacancy-crossposter.dev/problems/${r.slug}`, `${r.label}: type`);
    t.ok(res.json().errors?.length > 0, `${r.label}: names the field (${res.json().errors?.[0]?.field.slice(0, 40)})`);
    t.equal(await fingerprint(), before, `${r.label}: nothing written`);
    t.comment(`${r.label}: answered in ${Math.round(performance.now() - started)} ms`);
  }
  // A posting behind a branch too deep to search is still found.
  const deepJunk = '['.repeat(30) + ']'.repeat(30);
  const found = await call({ method: 'POST', url: '/v1/vacancies/import', payload: `{"@graph":[${deepJunk},${JSON.stringify(jobPosting({ identifier: 'after-junk' }))}]}`, headers: LD });
  t.equal(found.statusCode, 201, 'found after a too-deep sibling');
});

// Over a real socket: what Node's HTTP parser refuses never reaches Fastify's routing.
async function rawRequest(port: number, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('error', () => {}); // the server resets after answering
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(request);
  await new Promise((resolve) => socket.once('close', resolve));
  const text = Buffer.concat(chunks).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine?.split(' ')[1]), headers, body };
}

t.test('errors the HTTP parser and the router answer are problem+json too', async (t) => {
  const { app, adminKey } = await buildTestApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const auth = `Authorization: Bearer ${adminKey}\r\n`;
  const cases = [
    { label: 'a 20 KB header', request: `GET /v1/vacancies HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431, slug: 'headers-too-large', instance: '/v1/vacancies' },
    { label: 'not HTTP at all', request: 'HELLO THERE\r\n\r\n', status: 400, slug: 'malformed-request' },
    { label: 'a header without a colon', request: `GET /v1/vacancies HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n`, status: 400, slug: 'malformed-request' },
    { label: 'an over-long path id', request: `GET /v1/vacancies/${'x'.repeat(150)} HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, status: 414, slug: 'uri-too-long' },
    { label: 'a bad percent-encoding in the path', request: `GET /v1/vacancies/%E0%A4%A HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, status: 400, slug: 'malformed-url' },
  ];
  for (const c of cases) {
    const res = await rawRequest(port, c.request);
    t.equal(res.status, c.status, `${c.label}: ${c.status}`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${c.label}: problem+json`);
    const body = JSON.parse(res.body);
    t.match(body, { type: `https://vacancy-crossposter.dev/problems/${c.slug}`, title: String, status: c.status, detail: String }, `${c.label}: RFC 9457 members`);
    if (c.instance) t.equal(body.instance, c.instance, `${c.label}: instance`);
  }
});
