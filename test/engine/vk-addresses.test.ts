// VK groups addressed as people write them (a screen name, a vk.com link) are resolved to the
// community's numeric id — which wall.post needs — when the address is set, and before the next
// post for groups that still hold a screen name. Names that are nobody, or a person, are refused.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { groups } from '../../src/db/schema.js';
import { VK_FAKE_SCREEN_NAMES } from '../fakes/index.js';
import { engineSetup } from '../helpers/engine-setup.js';

const TOMSK = String(VK_FAKE_SCREEN_NAMES.rabota_tomsk.id);

t.test('setting a VK address resolves a screen name or link to the community id, through the account', async (t) => {
  const s = await engineSetup(t);
  const group = await s.group({ network: 'vk', name: 'Работа Томск', mode: 'api', address: '123', accountId: s.accounts.vk.id });
  const set = (address: string) => s.call({ method: 'PATCH', url: `/v1/groups/${group.id}`, payload: { address } });

  const res = await set('https://vk.com/rabota_tomsk');
  t.equal(res.statusCode, 200, res.body);
  t.same({ address: res.json().address, status: res.json().status }, { address: TOMSK, status: 'active' });
  t.same(s.fakes.vk.calls.filter((c) => c.method === 'utils.resolveScreenName').map((c) => c.params.screen_name), ['rabota_tomsk']);

  t.equal((await set('club777')).json().address, '777', 'an id alias needs no call');
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'utils.resolveScreenName').length, 1);

  const nobody = await set('https://vk.com/no_such_community');
  t.equal(nobody.statusCode, 422);
  t.match(nobody.json().errors, [{ field: 'address', in: 'body', message: /could not be resolved: VK has no page named "no_such_community"/ }]);
  const person = await set('vk.com/ivan_petrov');
  t.equal(person.statusCode, 422);
  t.match(person.json().errors, [{ field: 'address', message: /is a user, not a community/ }]);
  t.equal((await s.json({ method: 'GET', url: `/v1/groups/${group.id}` })).address, '777', 'a refused address changes nothing');

  // VK answers 503: not asked now, nothing stored, and the answer says when to try again.
  s.fakes.vk.inject({ method: 'utils.resolveScreenName', times: 1, fault: { type: 'respond', status: 503, body: '<html>Service Unavailable</html>', headers: { 'retry-after': '7' } } });
  const busy = await set('rabota_tomsk');
  t.equal(busy.statusCode, 503, busy.body);
  t.match(busy.headers['content-type'], /^application\/problem\+json/);
  t.ok(Number(busy.headers['retry-after']) >= 1, `Retry-After ${busy.headers['retry-after']}`);
});

t.test('a new custom VK group with a screen name is stored with its id', async (t) => {
  const s = await engineSetup(t);
  const g = await s.group({ network: 'vk', name: 'Томск', mode: 'api', address: 'rabota_tomsk', accountId: s.accounts.vk.id });
  t.equal((await s.json({ method: 'GET', url: `/v1/groups/${g.id}` })).address, TOMSK);
});

t.test('without a VK account a screen name cannot be resolved: 422 says what to do', async (t) => {
  const s = await engineSetup(t);
  // Another workspace, with no accounts at all.
  const other = await s.json({ method: 'POST', url: '/v1/workspaces', payload: { name: 'Agency B' } }, 201);
  const key = other.apiKey?.key ?? other.key;
  const res = await s.call({ method: 'POST', url: '/v1/groups', payload: { network: 'vk', name: 'Томск', mode: 'api', address: 'https://vk.com/rabota_tomsk' } }, key);
  t.equal(res.statusCode, 422, res.body);
  t.match(res.json().errors, [{ field: 'address', message: /with a VK account: add one \(POST \/v1\/accounts\), or give the id/ }]);
  t.equal(s.fakes.vk.calls.length, 0, 'no call without a token');
});

t.test('a group that still holds a screen name is resolved before its next post', async (t) => {
  const s = await engineSetup(t);
  const known = await s.group({ network: 'vk', name: 'Томск', mode: 'api', address: '1', accountId: s.accounts.vk.id });
  const unknown = await s.group({ network: 'vk', name: 'Никто', mode: 'api', address: '2', accountId: s.accounts.vk.id });
  // As stored before addresses were resolved when set.
  await s.database.db.update(groups).set({ address: 'rabota_tomsk' }).where(eq(groups.id, known.id));
  await s.database.db.update(groups).set({ address: 'no_such_community' }).where(eq(groups.id, unknown.id));
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [known.id, unknown.id] }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.every((p) => ['published', 'failed'].includes(p.status)));
  const byGroup = new Map(posts.map((p) => [p.groupId, p]));

  t.equal(byGroup.get(known.id)!.status, 'published');
  t.equal(byGroup.get(known.id)!.permalink, `https://vk.com/wall-${TOMSK}_1`);
  t.equal(s.fakes.vk.posts(TOMSK).length, 1, 'posted to the community id');
  t.equal((await s.json({ method: 'GET', url: `/v1/groups/${known.id}` })).address, TOMSK, "the id is stored for the group's next posts");
  const history = (await s.json({ method: 'GET', url: `/v1/posts/${byGroup.get(known.id)!.id}` })).history.map((e: { note: string | null }) => e.note);
  t.ok(history.some((n: string | null) => /"rabota_tomsk" is community \d+/.test(n ?? '')), 'its history says so');

  t.equal(byGroup.get(unknown.id)!.status, 'failed');
  t.match(byGroup.get(unknown.id)!.lastError, /"no_such_community" VK has no page named/);
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'wall.post').length, 1, 'nothing was posted to a screen name');
  t.same(s.fakes.vk.calls.filter((c) => c.result !== 'ok').map((c) => c.result), []);
});
