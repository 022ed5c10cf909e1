import t from 'tap';
import { createFacebookAdapter, pageNode } from '../../src/networks/facebook.js';
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

t.test('readCounts: one GET /?ids= with the totals fields; shares absent → 0 reposts; no views', async (t) => {
  const a = await fb.publish(creds, { target: page, text: 'a' });
  const b = await fb.publish(creds, { target: page, text: 'b' });
  if (a.kind !== 'published' || b.kind !== 'published') throw new Error('publish failed');
  fake.setCounts(a.networkPostId, { reactions: 9, comments: 4, shares: 3 });
  fake.setCounts(b.networkPostId, { reactions: 1 });
  const refs = [a, b].map((p) => ({ address: FACEBOOK_FAKE_PAGE_ID, networkPostId: p.networkPostId }));
  t.same(await fb.readCounts!(creds, refs), {
    kind: 'counts',
    counts: [{ views: null, reactions: 9, reposts: 3, comments: 4 }, { views: null, reactions: 1, reposts: 0, comments: 0 }],
  });
  const call = last(fake.calls);
  t.equal(call.method, 'GET /?ids=');
  t.same([call.params.ids, call.params.fields], [`${a.networkPostId},${b.networkPostId}`, 'reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares']);
});

t.test('readCounts: a post Facebook no longer has is null; the rest is read again without it', async (t) => {
  const a = await fb.publish(creds, { target: page, text: 'a' });
  if (a.kind !== 'published') throw new Error('publish failed');
  fake.setCounts(a.networkPostId, { comments: 2 });
  const gone = `${FACEBOOK_FAKE_PAGE_ID}_999999`;
  const before = fake.calls.length;
  const out = await fb.readCounts!(creds, [gone, a.networkPostId].map((id) => ({ address: FACEBOOK_FAKE_PAGE_ID, networkPostId: id })));
  t.same(out, { kind: 'counts', counts: [null, { views: null, reactions: 0, reposts: 0, comments: 2 }] });
  t.same(fake.calls.slice(before).map((c) => [c.params.ids, c.result]), [[`${gone},${a.networkPostId}`, 'error:803'], [a.networkPostId, 'ok']]);
});

t.test('readCounts: at most 50 ids per call', async (t) => {
  const before = fake.calls.length;
  const refs = Array.from({ length: 60 }, (_, i) => ({ address: FACEBOOK_FAKE_PAGE_ID, networkPostId: `${FACEBOOK_FAKE_PAGE_ID}_${800_000 + i}` }));
  t.same(await fb.readCounts!(creds, refs), { kind: 'counts', counts: refs.map(() => null) });
  t.same(fake.calls.slice(before).map((c) => String(c.params.ids).split(',').length), [50, 10]);
});

t.test('readCounts: error replies map to outcomes', async (t) => {
  const refs = [{ address: FACEBOOK_FAKE_PAGE_ID, networkPostId: `${FACEBOOK_FAKE_PAGE_ID}_1` }];
  fake.inject({ method: 'GET /?ids=', fault: facebookError(400, 4, 'Application request limit reached') });
  t.match(await fb.readCounts!(creds, refs), { kind: 'retry_after', scope: 'account', code: 4 });
  fake.inject({ method: 'GET /?ids=', fault: facebookError(400, 100, '(#100) Tried accessing nonexisting field (shares)') });
  t.match(await fb.readCounts!(creds, refs), { kind: 'permanent', code: 100 }, 'a #100 naming no post is not a missing post');
  const dead = { ...creds, pageToken: 'EAADeadTokenDeadTokenDead' };
  const out = await fb.readCounts!(dead, refs);
  t.match(out, { kind: 'needs_reauth', reason: /190/ });
  assertNoSecret(t, out, [dead.pageToken]);
});

t.test("a Page's address as the registry keeps it (its URL) names the Graph node posted to", async (t) => {
  t.equal(pageNode('https://www.facebook.com/100000000000001'), '100000000000001');
  t.equal(pageNode('https://www.facebook.com/zernocoffee'), 'zernocoffee');
  t.equal(pageNode('https://www.facebook.com/profile.php?id=61550000000001'), '61550000000001');
  t.equal(pageNode('https://www.facebook.com/people/Zerno-Coffee/61550000000002'), '61550000000002');
  t.equal(pageNode('100000000000001'), '100000000000001');
  const out = await fb.publish(creds, { target: { address: `https://www.facebook.com/${FACEBOOK_FAKE_PAGE_ID}`, mode: 'api' }, text: 'x' });
  t.equal(out.kind, 'published', 'posted to the Page the URL names');
});
