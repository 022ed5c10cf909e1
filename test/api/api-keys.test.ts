import t from 'tap';
import { buildTestApp } from '../helpers/test-app.js';

t.test('keys are shown once, listed without secret, and stop working when revoked', async (t) => {
  const { call } = await buildTestApp(t);
  const created = await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'ats' } });
  t.equal(created.statusCode, 201);
  const { key, id, role, hint } = created.json();
  t.match(key, /^vcp_[A-Za-z0-9_-]{43}$/);
  t.equal(role, 'member', 'member by default');
  t.notOk(hint.includes(key.slice(8, -4)), 'the hint does not reveal the key');

  const list = await call({ method: 'GET', url: '/v1/api-keys' });
  t.equal(list.json().items.length, 2);
  t.notOk(list.body.includes(key), 'no listing contains a secret');
  t.notOk(JSON.stringify(list.json()).includes('hash'));

  t.equal((await call({ method: 'GET', url: '/v1/vacancies' }, key)).statusCode, 200);
  const revoked = await call({ method: 'DELETE', url: `/v1/api-keys/${id}` });
  t.equal(revoked.statusCode, 200);
  t.ok(revoked.json().revokedAt);
  const after = await call({ method: 'GET', url: '/v1/vacancies' }, key);
  t.equal(after.statusCode, 401);
  t.equal(after.headers['www-authenticate'], 'Bearer');
  t.equal((await call({ method: 'DELETE', url: `/v1/api-keys/${id}` })).statusCode, 200, 'revoking twice is idempotent');
});

t.test('a member key cannot manage keys or workspaces; nobody can revoke the key in hand', async (t) => {
  const { call, adminKey } = await buildTestApp(t);
  const member = (await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'recruiter', role: 'member' } })).json();
  for (const probe of [
    { method: 'POST', url: '/v1/api-keys', payload: { name: 'x' } },
    { method: 'DELETE', url: `/v1/api-keys/${member.id}` },
    { method: 'POST', url: '/v1/workspaces', payload: { name: 'x' } },
  ] as const) {
    const res = await call(probe as never, member.key);
    t.equal(res.statusCode, 403, `${probe.method} ${probe.url}`);
    t.match(res.json(), { status: 403, type: /forbidden$/ });
  }
  const keys = (await call({ method: 'GET', url: '/v1/api-keys' })).json().items;
  const adminId = keys.find((k: { role: string; name: string }) => k.role === 'admin').id;
  const self = await call({ method: 'DELETE', url: `/v1/api-keys/${adminId}` }, adminKey);
  t.equal(self.statusCode, 409);
});

t.test('missing, malformed and unknown credentials get 401 problem+json', async (t) => {
  const { call } = await buildTestApp(t);
  for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer vcp_unknown_key_000000000000000000000000000']) {
    const res = await call({ method: 'GET', url: '/v1/vacancies', headers: authorization ? { authorization } : {} }, null);
    t.equal(res.statusCode, 401, String(authorization));
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.equal(res.headers['www-authenticate'], 'Bearer');
  }
});

t.test('bootstrap uses BOOTSTRAP_API_KEY once and only on an empty database', async (t) => {
  const { app } = await buildTestApp(t);
  t.equal(await app.services.workspaces.bootstrap('x'.repeat(40)), null, 'a database with a workspace is not bootstrapped again');
});

t.test("a key's lastUsedAt is kept to the minute: set on first use, not rewritten by the next requests", async (t) => {
  const { call } = await buildTestApp(t);
  const { key, id } = (await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'poller' } })).json();
  const lastUsed = async () => (await call({ method: 'GET', url: '/v1/api-keys' })).json().items.find((k: { id: string }) => k.id === id).lastUsedAt as string | null;
  t.equal(await lastUsed(), null, 'never used yet');
  t.equal((await call({ method: 'GET', url: '/v1/vacancies' }, key)).statusCode, 200);
  // The write is not awaited by the request: wait for it to land.
  let first: string | null = null;
  for (let i = 0; i < 50 && first === null; i++) {
    first = await lastUsed();
    if (first === null) await new Promise((r) => setTimeout(r, 20));
  }
  t.ok(first, `set on first use (${first})`);
  for (let i = 0; i < 3; i++) t.equal((await call({ method: 'GET', url: '/v1/vacancies' }, key)).statusCode, 200);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(await lastUsed(), first, 'the same minute: no new write');
});
