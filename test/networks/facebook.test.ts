import t from 'tap';
import { createFacebookAdapter } from '../../src/networks/facebook.js';
import type { FacebookCredentials } from '../../src/networks/types.js';
import { FACEBOOK_FAKE_PAGE_ID, FACEBOOK_FAKE_TOKEN, facebookError, startFacebookFake } from '../fakes/facebook-fake.js';
import { assertNoSecret, last } from './helpers.js';

const fake = await startFacebookFake();
t.teardown(() => fake.close());
const fb = createFacebookAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
const creds: FacebookCredentials = { network: 'facebook', pageId: FACEBOOK_FAKE_PAGE_ID, pageToken: FACEBOOK_FAKE_TOKEN };
const page = { address: FACEBOOK_FAKE_PAGE_ID, mode: 'api' as const };

t.test('POST /{page-id}/feed with message and link → published + permalink', async (t) => {
  const out = await fb.publish(creds, { target: page, text: 'Vacancy', applyUrl: 'https://jobs.example/1' });
  const id = `${FACEBOOK_FAKE_PAGE_ID}_1`;
  t.same(out, { kind: 'published', networkPostId: id, permalink: `https://www.facebook.com/${id}` });
  const call = last(fake.calls);
  t.equal(call.method, 'POST /{id}/feed');
  t.match(call.params, { message: 'Vacancy', link: 'https://jobs.example/1' });
});

t.test('another page with this token → permanent (#200)', async (t) => {
  t.match(await fb.publish(creds, { target: { address: '999', mode: 'api' }, text: 'x' }), { kind: 'permanent', code: 200 });
});

t.test('suggest mode does not exist for Pages', async (t) => {
  t.match(await fb.publish(creds, { target: { ...page, mode: 'suggest' }, text: 'x' }), { kind: 'permanent' });
});

t.test('error codes map to outcomes', async (t) => {
  const cases: Array<[number, object]> = [
    [4, { kind: 'retry_after', scope: 'account', seconds: 900, code: 4 }],
    [17, { kind: 'retry_after', scope: 'account', code: 17 }],
    [32, { kind: 'retry_after', scope: 'account', code: 32 }],
    [613, { kind: 'retry_after', scope: 'account', code: 613 }],
    [190, { kind: 'needs_reauth' }],
    [100, { kind: 'permanent', code: 100 }],
    [368, { kind: 'permanent', code: 368 }],
    [2, { kind: 'unknown' }],
  ];
  for (const [code, want] of cases) {
    fake.inject({ fault: facebookError(400, code, `error ${code}`) });
    t.match(await fb.publish(creds, { target: page, text: 'x' }), want, `code ${code}`);
  }
});

t.test('rate limit wait comes from x-business-use-case-usage when present', async (t) => {
  const usage = JSON.stringify({ [FACEBOOK_FAKE_PAGE_ID]: [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }] });
  fake.inject({ fault: facebookError(400, 32, 'Page request limit reached', { headers: { 'x-business-use-case-usage': usage } }) });
  t.match(await fb.publish(creds, { target: page, text: 'x' }), { kind: 'retry_after', seconds: 420 });
});

t.test('the fake enforces the page limit with code 32', async (t) => {
  const f = await startFacebookFake({ limits: { callsPerDay: 2 } });
  t.teardown(() => f.close());
  const a = createFacebookAdapter({ baseUrl: f.url, timeoutMs: 2000 });
  await a.publish(creds, { target: page, text: '1' });
  await a.publish(creds, { target: page, text: '2' });
  const out = await a.publish(creds, { target: page, text: '3' });
  t.match(out, { kind: 'retry_after', scope: 'account', reason: /32/ });
  if (out.kind === 'retry_after') t.ok(out.seconds > 23 * 3600 && out.seconds <= 24 * 3600, `${out.seconds}s`);
});

t.test('dead token → needs_reauth without the token in the reason', async (t) => {
  const dead = { ...creds, pageToken: 'EAADeadTokenDeadTokenDead' };
  const out = await fb.publish(dead, { target: page, text: 'x' });
  t.match(out, { kind: 'needs_reauth', reason: /190/ });
  assertNoSecret(t, out, [dead.pageToken]);
});

t.test('edit (POST /{post-id}) and delete (DELETE /{post-id})', async (t) => {
  const pub = await fb.publish(creds, { target: page, text: 'v1' });
  if (pub.kind !== 'published') throw new Error('publish failed');
  const req = { address: FACEBOOK_FAKE_PAGE_ID, networkPostId: pub.networkPostId };
  t.same(await fb.edit(creds, { ...req, text: 'v2' }), { kind: 'done' });
  t.equal(fake.posts(FACEBOOK_FAKE_PAGE_ID).find((p) => p.id === pub.networkPostId)?.message, 'v2');
  t.same(await fb.remove(creds, req), { kind: 'done' });
  t.equal(last(fake.calls).method, 'DELETE /{id}');
  t.same(await fb.remove(creds, req), { kind: 'done' }, 'already deleted (100/33) is done');
  t.match(await fb.edit(creds, { ...req, text: 'v3' }), { kind: 'permanent', code: 100 });
});

t.test('checkCredentials: GET /{page-id}?fields=id,name', async (t) => {
  t.same(await fb.checkCredentials(creds), { ok: true, identity: `Fake Jobs Page (${FACEBOOK_FAKE_PAGE_ID})` });
  t.equal(last(fake.calls).params.fields, 'id,name');
  t.match(await fb.checkCredentials({ ...creds, pageToken: 'EAADeadTokenDeadTokenDead' }), { ok: false, kind: 'needs_reauth' });
});
