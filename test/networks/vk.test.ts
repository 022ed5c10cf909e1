import t from 'tap';
import type { VkCredentials } from '../../src/networks/types.js';
import { createVkAdapter } from '../../src/networks/vk.js';
import { VK_FAKE_COMMUNITY_TOKEN, VK_FAKE_TOKEN, startVkFake, vkError } from '../fakes/vk-fake.js';
import { assertNoSecret, last } from './helpers.js';

const fake = await startVkFake();
t.teardown(() => fake.close());
const vk = createVkAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
const creds: VkCredentials = { network: 'vk', userToken: VK_FAKE_TOKEN };
const api = (address: string) => ({ address, mode: 'api' as const });
// VK allows 3 requests/s per token: step the fake's clock between calls unless a test wants the limit.
const pace = () => fake.clock.advance(400);
t.beforeEach(() => fake.clock.advance(1000));

t.test('wall.post from the group with the apply link → published + permalink', async (t) => {
  const out = await vk.publish(creds, { target: api('123'), text: 'Вакансия', applyUrl: 'https://jobs.example/1' });
  t.same(out, { kind: 'published', networkPostId: '1', permalink: 'https://vk.com/wall-123_1' });
  const call = last(fake.calls);
  t.equal(call.method, 'wall.post');
  t.match(call.params, { owner_id: '-123', from_group: '1', message: 'Вакансия', attachments: 'https://jobs.example/1', v: '5.199' });
});

t.test('suggest mode: no from_group → suggested', async (t) => {
  const out = await vk.publish(creds, { target: { address: '777', mode: 'suggest' }, text: 'x' });
  t.match(out, { kind: 'suggested', networkPostId: /^\d+$/ });
  t.notOk('from_group' in last(fake.calls).params);
  t.equal(fake.posts(777)[0]?.suggested, true);
});

t.test('a non-numeric group address is refused without a call', async (t) => {
  const before = fake.calls.length;
  t.match(await vk.publish(creds, { target: api('jobs_msk'), text: 'x' }), { kind: 'permanent', reason: /numeric group id/ });
  t.equal(fake.calls.length, before);
});

t.test('3 requests/s per token: the 4th in a second gets error 6 in a 200 body', async (t) => {
  for (let i = 0; i < 3; i++) t.equal((await vk.publish(creds, { target: api('300'), text: `m${i}` })).kind, 'published');
  const out = await vk.publish(creds, { target: api('300'), text: 'm4' });
  t.same(out, { kind: 'retry_after', seconds: 1, scope: 'account', reason: 'VK error 6: Too many requests per second', code: 6 });
});

t.test('50 posts/day per token: the 51st → quota_exhausted until Moscow midnight', async (t) => {
  const f = await startVkFake();
  t.teardown(() => f.close());
  const a = createVkAdapter({ baseUrl: f.url, timeoutMs: 2000 });
  // Start just after a Moscow midnight so 51 paced posts stay within one VK day.
  const nowMs = f.clock.now();
  const mskDayStart = Math.floor((nowMs + 3 * 3_600_000) / 86_400_000) * 86_400_000 - 3 * 3_600_000;
  f.clock.advance(mskDayStart + 86_400_000 + 60_000 - nowMs);
  for (let i = 0; i < 50; i++) {
    const out = await a.publish(creds, { target: api('1'), text: `p${i}` });
    if (out.kind !== 'published') t.fail(`post ${i}: ${JSON.stringify(out)}`);
    f.clock.advance(400);
  }
  const out = await a.publish(creds, { target: api('1'), text: 'p51' });
  t.match(out, { kind: 'quota_exhausted', reason: /214/ });
  if (out.kind === 'quota_exhausted') {
    t.equal(out.until?.getUTCHours(), 21, 'midnight in Moscow is 21:00 UTC');
    t.ok(out.until!.getTime() > Date.now() && out.until!.getTime() <= Date.now() + 86_400_000);
  }
});

t.test('errors inside HTTP 200 map to outcomes', async (t) => {
  const cases: Array<[number, Record<string, unknown> | undefined, object]> = [
    [5, undefined, { kind: 'needs_reauth' }],
    [6, undefined, { kind: 'retry_after', seconds: 1, scope: 'account', code: 6 }],
    [9, undefined, { kind: 'retry_after', seconds: 3600, scope: 'account', code: 9 }],
    [
      14,
      { captcha_sid: '548391', captcha_img: 'https://api.vk.com/captcha.php?sid=548391' },
      { kind: 'needs_person', details: { captcha_sid: '548391', captcha_img: 'https://api.vk.com/captcha.php?sid=548391' } },
    ],
    [15, undefined, { kind: 'permanent', code: 15 }],
    [214, undefined, { kind: 'quota_exhausted', code: 214 }],
    [219, undefined, { kind: 'quota_exhausted', code: 219 }],
    [224, undefined, { kind: 'quota_exhausted', code: 224 }],
    [222, undefined, { kind: 'permanent', code: 222 }],
    [10, undefined, { kind: 'unknown' }],
  ];
  for (const [code, extra, want] of cases) {
    pace();
    fake.inject({ target: '400', fault: vkError(code, undefined, extra) });
    const out = await vk.publish(creds, { target: api('400'), text: 'x' });
    t.match(out, want, `error ${code}`);
    t.equal(last(fake.calls).result, `error:${code}`);
  }
});

t.test('5xx with a clean VK error body → retry_after', async (t) => {
  fake.inject({ fault: { type: 'respond', status: 500, body: { error: { error_code: 10, error_msg: 'Internal server error' } } } });
  t.match(await vk.publish(creds, { target: api('401'), text: 'x' }), { kind: 'retry_after', scope: 'account', code: 10 });
});

t.test('dead token → needs_reauth; community token → permanent (27)', async (t) => {
  const dead = { network: 'vk' as const, userToken: 'vk1.a.dead-token-dead-token' };
  const out = await vk.publish(dead, { target: api('500'), text: 'x' });
  t.match(out, { kind: 'needs_reauth', reason: /invalid access_token/ });
  assertNoSecret(t, out, [dead.userToken]);
  pace();
  t.match(await vk.publish({ network: 'vk', userToken: VK_FAKE_COMMUNITY_TOKEN }, { target: api('500'), text: 'x' }), { kind: 'permanent', code: 27 });
});

t.test('wall.edit and wall.delete', async (t) => {
  const pub = await vk.publish(creds, { target: api('600'), text: 'v1', applyUrl: 'https://a.example' });
  if (pub.kind !== 'published') throw new Error('publish failed');
  pace();
  t.same(await vk.edit(creds, { address: '600', networkPostId: pub.networkPostId, text: 'v2', applyUrl: 'https://a.example' }), { kind: 'done' });
  t.match(last(fake.calls).params, { owner_id: '-600', post_id: pub.networkPostId, message: 'v2', attachments: 'https://a.example' });
  pace();
  t.same(await vk.remove(creds, { address: '600', networkPostId: pub.networkPostId }), { kind: 'done' });
  t.same(fake.posts(600), []);
  pace();
  t.match(await vk.remove(creds, { address: '600', networkPostId: pub.networkPostId }), { kind: 'permanent', code: 100 });
});

t.test('checkCredentials: users.get ok, dead token, community token', async (t) => {
  t.same(await vk.checkCredentials(creds), { ok: true, identity: 'id1001 (Fake Recruiter)' });
  pace();
  t.match(await vk.checkCredentials({ network: 'vk', userToken: 'vk1.a.dead-token-dead-token' }), { ok: false, kind: 'needs_reauth' });
  pace();
  t.match(await vk.checkCredentials({ network: 'vk', userToken: VK_FAKE_COMMUNITY_TOKEN }), { ok: false, kind: 'permanent', reason: /27/ });
});

t.test('readCounts: one wall.getById for posts on two walls; null for a post VK does not have', async (t) => {
  const a = await vk.publish(creds, { target: api('700'), text: 'a' });
  pace();
  const b = await vk.publish(creds, { target: api('701'), text: 'b' });
  if (a.kind !== 'published' || b.kind !== 'published') throw new Error('publish failed');
  fake.setCounts(700, a.networkPostId, { views: 120, likes: 7, reposts: 2, comments: 3 });
  pace();
  const refs = [
    { address: '700', networkPostId: a.networkPostId },
    { address: '700', networkPostId: '999999' },
    { address: '701', networkPostId: b.networkPostId },
  ];
  t.same(await vk.readCounts!(creds, refs), {
    kind: 'counts',
    counts: [{ views: 120, reactions: 7, reposts: 2, comments: 3 }, null, { views: 0, reactions: 0, reposts: 0, comments: 0 }],
  });
  const call = last(fake.calls);
  t.equal(call.method, 'wall.getById');
  t.equal(call.params.posts, `-700_${a.networkPostId},-700_999999,-701_${b.networkPostId}`);
});

t.test('readCounts: wall.getById counts against 3 requests/s; VK errors map to outcomes', async (t) => {
  for (let i = 0; i < 3; i++) t.equal((await vk.checkCredentials(creds)).ok, true);
  const refs = [{ address: '700', networkPostId: '1' }];
  t.same(await vk.readCounts!(creds, refs), { kind: 'retry_after', seconds: 1, scope: 'account', reason: 'VK error 6: Too many requests per second', code: 6 });
  t.equal(last(fake.calls).method, 'wall.getById');
  pace();
  fake.inject({ method: 'wall.getById', fault: vkError(5, undefined, undefined, 'wall.getById') });
  t.match(await vk.readCounts!(creds, refs), { kind: 'needs_reauth', reason: /VK error 5/ });
});
