// What the engine (PGlite or the server, whichever lane) really raises for refused values, through
// drizzle, and what the API makes of it: a 4xx naming what can be named, never a 500. The queries
// run in a route of the real app, so the answer is the one error handler's.
import t from 'tap';
import { sql, type SQL } from 'drizzle-orm';
import { classifyDatabaseError } from '../../src/db/database-errors.js';
import { buildTestApp } from '../helpers/test-app.js';

t.test('data exceptions, limits and constraint violations are the caller\'s, with the right status', async (t) => {
  const { app, database, call } = await buildTestApp(t);
  const { db } = database;
  let pending: SQL | undefined;
  app.post('/probe', async () => db.execute(pending!).then(() => ({ ok: true })));
  await db.execute(sql`create table probe (id int primary key, slug text unique, parent int references probe(id), big text, short varchar(2), n int check (n >= 0))`);
  await db.execute(sql`create index on probe (big)`);
  await db.execute(sql`insert into probe (id, slug) values (1, 'taken')`);

  const failureOf = async (query: SQL) => {
    try {
      await db.execute(query);
    } catch (error) {
      return classifyDatabaseError(error);
    }
    throw new Error('the query did not fail');
  };
  // md5 chains do not compress: a value too large for a btree index entry.
  const incompressible = sql`(select string_agg(md5(i::text), '') from generate_series(1, 400) i)`;
  const cases: { label: string; query: SQL; status: number; slug: string; fields?: string[] }[] = [
    { label: '22P02 not a uuid', query: sql`select 'nope'::uuid`, status: 400, slug: 'invalid-value' },
    { label: '22003 number out of range', query: sql`select 2147483648::int4`, status: 400, slug: 'invalid-value' },
    { label: '22008 date out of range', query: sql`select make_timestamptz(300000, 1, 1, 0, 0, 0)`, status: 400, slug: 'invalid-value' },
    { label: '22021 invalid UTF-8', query: sql`select convert_from('\\xff'::bytea, 'UTF8')`, status: 400, slug: 'invalid-value' },
    { label: '22P05 NUL in jsonb', query: sql`select '"a\\u0000b"'::jsonb::text`, status: 400, slug: 'invalid-value' },
    { label: '22001 value too long', query: sql`insert into probe (id, short) values (7, 'abc')`, status: 400, slug: 'invalid-value' },
    { label: '54000 index row too large', query: sql`insert into probe (id, big) values (2, ${incompressible})`, status: 422, slug: 'too-large' },
    { label: '23505 unique violation', query: sql`insert into probe (id, slug) values (3, 'taken')`, status: 409, slug: 'conflict', fields: ['slug'] },
    { label: '23503 unknown reference', query: sql`insert into probe (id, parent) values (4, 999)`, status: 422, slug: 'unknown-reference', fields: ['parent'] },
    { label: '23514 check violation', query: sql`insert into probe (id, n) values (5, -1)`, status: 422, slug: 'invalid-value' },
    { label: '23502 not null', query: sql`insert into probe (id) values (null)`, status: 422, slug: 'invalid-value', fields: ['id'] },
  ];
  for (const c of cases) {
    const failure = await failureOf(c.query);
    t.match(failure, { kind: 'refused-value', status: c.status, slug: c.slug }, c.label);
    if (c.fields) t.same(failure?.kind === 'refused-value' ? failure.fields : [], c.fields, `${c.label}: names ${c.fields.join(', ')}`);
    pending = c.query;
    const res = await call({ method: 'POST', url: '/probe' });
    t.equal(res.statusCode, c.status, `${c.label}: answered ${c.status}`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${c.label}: problem+json`);
    t.match(res.json(), { type: `https://vacancy-crossposter.dev/problems/${c.slug}`, title: String, status: c.status, detail: String, instance: '/probe' }, `${c.label}: RFC 9457 members`);
    if (c.fields) t.same(res.json().errors.map((e: { field: string }) => e.field), c.fields, `${c.label}: errors name ${c.fields.join(', ')}`);
  }
  // A reference still in use: the delete conflicts with the rows that point at it.
  await db.execute(sql`insert into probe (id, parent) values (6, 1)`);
  t.match(await failureOf(sql`delete from probe where id = 1`), { kind: 'refused-value', status: 409, slug: 'still-referenced' }, '23503 still referenced');
  // Our own mistakes stay 500s: a missing table is not the caller's fault.
  t.equal(await failureOf(sql`select * from no_such_table`), undefined, '42P01 is not classified');
  pending = sql`select * from no_such_table`;
  const ours = await call({ method: 'POST', url: '/probe' });
  t.equal(ours.statusCode, 500, '42P01 answers 500');
  t.notMatch(ours.body, /no_such_table/, 'and its details stay in the log');
});
