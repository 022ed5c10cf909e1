// Calls that are not posts (an account check) go through the shared rate limiter behind publishing:
// during a campaign that fills a VK token's 3 requests a second, a check waits for room instead of
// provoking VK error 6 (and telling the user the check failed), or says when to try again.
import t from 'tap';
import { engineSetup } from '../helpers/engine-setup.js';

const settled = (p: { status: string }) => p.status === 'published';

async function vkCampaign(s: Awaited<ReturnType<typeof engineSetup>>, groups: number, vacancies: number) {
  const groupIds: string[] = [];
  for (let i = 0; i < groups; i++) groupIds.push((await s.group({ network: 'vk', name: `VK ${i}`, mode: 'api', address: String(400000 + i), accountId: s.accounts.vk.id })).id);
  const vacancyIds: string[] = [];
  for (let v = 0; v < vacancies; v++) {
    const vacancy = await s.vacancy({ title: `Вакансия ${v}` });
    vacancyIds.push(vacancy.id);
    await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds }, timing: { type: 'now' } } }, 201);
  }
  return vacancyIds;
}

t.test('an account check during a campaign waits for room on the token: no VK error 6', async (t) => {
  const s = await engineSetup(t);
  // 12 posts on one token: about 5 s of its 3 requests a second, all booked when the campaigns are made.
  const vacancyIds = await vkCampaign(s, 4, 3);
  const checks = await Promise.all([0, 1, 2].map(() => s.call({ method: 'POST', url: `/v1/accounts/${s.accounts.vk.id}/check` })));
  for (const check of checks) {
    t.equal(check.statusCode, 200, check.body);
    t.same({ ok: check.json().ok, status: check.json().status, retryAt: check.json().retryAt }, { ok: true, status: 'active', retryAt: null }, 'the check was made, and passed');
  }
  for (const id of vacancyIds) await s.waitForPosts(id, (ps) => ps.every(settled));
  const calls = s.fakes.vk.calls;
  t.same(calls.filter((c) => c.result !== 'ok').map((c) => `${c.method} ${c.result}`), [], 'VK refused nothing');
  t.equal(calls.filter((c) => c.method === 'users.get').length, 3, 'three checks, three calls');
  t.equal(calls.filter((c) => c.method === 'wall.post').length, 12, 'twelve posts, each once');
});

t.test('a check that would wait too long for room says when to try again, and makes no call', async (t) => {
  const s = await engineSetup(t);
  // 36 posts: about 15 s of the token's requests, longer than a check waits (10 s).
  const vacancyIds = await vkCampaign(s, 6, 6);
  const check = await s.call({ method: 'POST', url: `/v1/accounts/${s.accounts.vk.id}/check` });
  t.equal(check.statusCode, 200, check.body);
  const body = check.json();
  t.equal(body.ok, false);
  t.equal(body.status, 'unchecked', 'the status is left as it was: nothing was learnt');
  t.match(body.reason, /^not checked: the vk account's rate limit is taken by publishing until /);
  t.ok(Date.parse(body.retryAt) > Date.now() + 5000, `retryAt ${body.retryAt} is after the campaign's bookings`);
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'users.get').length, 0, 'no call was made');
  for (const id of vacancyIds) await s.waitForPosts(id, (ps) => ps.every(settled), 60_000);
  t.same(s.fakes.vk.calls.filter((c) => c.result !== 'ok').map((c) => `${c.method} ${c.result}`), [], 'VK refused nothing');
});
