// A key sees only its own workspace: another workspace's ids answer 404, exactly like ids that
// do not exist, on every route that takes an id; lists never show the other's rows.
import t from 'tap';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';

t.test('workspace A cannot see, change or delete anything of workspace B', async (t) => {
  const { call, workspaceId: aId } = await buildTestApp(t);
  const created = await call({ method: 'POST', url: '/v1/workspaces', payload: { name: 'Agency B' } });
  t.equal(created.statusCode, 201);
  const bKey: string = created.json().apiKey.key;
  const bId: string = created.json().workspace.id;
  t.not(bId, aId);

  const bVacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ externalId: 'shared-ats-id' }) }, bKey)).json();
  const bOtherKey = (await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'b2' } }, bKey)).json();
  const aVacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy({ externalId: 'shared-ats-id' }) })).json();
  t.ok(aVacancy.id, 'externalId uniqueness is per workspace');

  const probes = [
    { method: 'GET', url: `/v1/workspaces/${bId}` },
    { method: 'GET', url: `/v1/vacancies/${bVacancy.id}` },
    { method: 'PATCH', url: `/v1/vacancies/${bVacancy.id}`, payload: { title: 'hijacked' } },
    { method: 'GET', url: `/v1/vacancies/${bVacancy.id}/responses` },
    { method: 'GET', url: `/v1/vacancies/${bVacancy.id}/responses?interval=day` },
    { method: 'POST', url: `/v1/vacancies/${bVacancy.id}/close` },
    { method: 'POST', url: `/v1/vacancies/${bVacancy.id}/reopen` },
    { method: 'DELETE', url: `/v1/vacancies/${bVacancy.id}` },
    { method: 'DELETE', url: `/v1/api-keys/${bOtherKey.id}` },
  ] as const;
  for (const probe of probes) {
    const res = await call(probe as never);
    t.equal(res.statusCode, 404, `${probe.method} ${probe.url.replace(/[0-9a-f-]{36}/, ':id')} answers 404`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  }

  const aList = (await call({ method: 'GET', url: '/v1/vacancies' })).json().items;
  t.same(aList.map((v: { id: string }) => v.id), [aVacancy.id], 'the list shows only A');
  const aKeys = (await call({ method: 'GET', url: '/v1/api-keys' })).json().items;
  t.notOk(aKeys.some((k: { id: string }) => k.id === bOtherKey.id));

  const bView = await call({ method: 'GET', url: `/v1/vacancies/${bVacancy.id}` }, bKey);
  t.same(bView.json(), bVacancy, "B's vacancy is untouched");
  t.equal((await call({ method: 'GET', url: '/v1/api-keys' }, bOtherKey.key)).statusCode, 200, "B's key still works");
  t.equal((await call({ method: 'GET', url: '/v1/workspaces/current' }, bKey)).json().id, bId);
});
