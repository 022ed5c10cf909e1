import t from 'tap';
import { sql } from 'drizzle-orm';
import { buildTestApp } from '../helpers/test-app.js';

t.test('liveness, readiness and the docs are public', async (t) => {
  const { call, database } = await buildTestApp(t);
  t.same((await call({ method: 'GET', url: '/healthz' }, null)).json(), { status: 'ok' });
  const ready = await call({ method: 'GET', url: '/readyz' }, null);
  t.equal(ready.statusCode, 200);
  t.match(ready.json(), { status: 'ready', database: database.kind, migrations: Number });
  const docs = await call({ method: 'GET', url: '/docs/' }, null);
  t.equal(docs.statusCode, 200);
  t.match(docs.headers['content-type'], /text\/html/);
  t.match(docs.body, /swagger/i);
  const json = await call({ method: 'GET', url: '/docs/json' }, null);
  t.equal(json.json().openapi, '3.1.0');
});

t.test('readiness fails when a migration is missing', async (t) => {
  const { call, database } = await buildTestApp(t);
  await database.db.execute(sql`delete from drizzle.__drizzle_migrations`);
  const res = await call({ method: 'GET', url: '/readyz' }, null);
  t.equal(res.statusCode, 503);
  t.match(res.json(), { type: /not-migrated$/ });
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
});
