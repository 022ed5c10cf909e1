import t from 'tap';
import { createLinkedinAdapter } from '../../src/networks/linkedin.js';
import type { LinkedinCredentials } from '../../src/networks/types.js';
import { LINKEDIN_FAKE_MEMBER, LINKEDIN_FAKE_ORG, LINKEDIN_FAKE_TOKEN, linkedinError, startLinkedinFake } from '../fakes/linkedin-fake.js';
import { assertNoSecret, last } from './helpers.js';

const fake = await startLinkedinFake({
  tokens: {
    [LINKEDIN_FAKE_TOKEN]: { sub: LINKEDIN_FAKE_MEMBER, name: 'Fake Recruiter', organizations: [LINKEDIN_FAKE_ORG], openid: true },
    'AQVNoOpenidScopeToken000000': { sub: 'noOpenid1', name: 'No Openid', organizations: [LINKEDIN_FAKE_ORG], openid: false },
  },
});
t.teardown(() => fake.close());
const li = createLinkedinAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
const creds: LinkedinCredentials = { network: 'linkedin', accessToken: LINKEDIN_FAKE_TOKEN, authorUrn: LINKEDIN_FAKE_ORG };
const org = { address: LINKEDIN_FAKE_ORG, mode: 'api' as const };

t.test('POST /rest/posts → 201, URN from x-restli-id, permalink', async (t) => {
  const out = await li.publish(creds, { target: org, text: 'Hiring\\!', applyUrl: 'https://jobs.example/1', linkTitle: 'Senior Marketer' });
  t.match(out, { kind: 'published', networkPostId: /^urn:li:share:\d+$/ });
  if (out.kind === 'published') t.equal(out.permalink, `https://www.linkedin.com/feed/update/${out.networkPostId}`);
  t.same(last(fake.calls).params, {
    author: LINKEDIN_FAKE_ORG,
    commentary: 'Hiring\\!',
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    content: { article: { source: 'https://jobs.example/1', title: 'Senior Marketer' } },
  });
});

t.test('201 without x-restli-id → unknown (the post exists but cannot be referenced)', async (t) => {
  fake.inject({ fault: { type: 'respond', status: 201 } });
  t.match(await li.publish(creds, { target: org, text: 'x' }), { kind: 'unknown', reason: /x-restli-id/ });
});

t.test('401 → needs_reauth, token not leaked', async (t) => {
  const dead = { ...creds, accessToken: 'AQVDeadTokenDeadTokenDead' };
  const out = await li.publish(dead, { target: org, text: 'x' });
  t.match(out, { kind: 'needs_reauth', reason: /INVALID_ACCESS_TOKEN/ });
  assertNoSecret(t, out, [dead.accessToken]);
});

t.test('member daily limit → 429 → retry_after until the next UTC midnight', async (t) => {
  const f = await startLinkedinFake({ limits: { postsPerDay: 1 } });
  t.teardown(() => f.close());
  const a = createLinkedinAdapter({ baseUrl: f.url, timeoutMs: 2000 });
  t.equal((await a.publish(creds, { target: org, text: '1' })).kind, 'published');
  const out = await a.publish(creds, { target: org, text: '2' });
  t.match(out, { kind: 'retry_after', scope: 'account', reason: /429/, code: 429 });
  const now = Date.now();
  const midnight = Math.ceil((now + 1) / 86_400_000) * 86_400_000;
  if (out.kind === 'retry_after') t.ok(Math.abs(out.seconds - (midnight - now) / 1000) <= 2, `${out.seconds}s`);
});

t.test('other 4xx → permanent; 500 → unknown; 503 → retry_after', async (t) => {
  t.match(await li.publish(creds, { target: { address: 'urn:li:organization:1', mode: 'api' }, text: 'x' }), { kind: 'permanent', code: 'ACCESS_DENIED' });
  t.match(await li.publish(creds, { target: org, text: 'x'.repeat(3001) }), { kind: 'permanent', code: 'UNPROCESSABLE_ENTITY' });
  fake.inject({ fault: linkedinError(500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error') });
  t.match(await li.publish(creds, { target: org, text: 'x' }), { kind: 'unknown' });
  fake.inject({ fault: linkedinError(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable') });
  t.match(await li.publish(creds, { target: org, text: 'x' }), { kind: 'retry_after', scope: 'account', seconds: 30, code: 503 });
});

t.test('a wrong LinkedIn-Version is answered like LinkedIn does (426)', async (t) => {
  const a = createLinkedinAdapter({ baseUrl: fake.url, timeoutMs: 2000, version: '2026' });
  t.match(await a.publish(creds, { target: org, text: 'x' }), { kind: 'permanent', code: 'NONEXISTENT_VERSION' });
});

t.test('edit: PARTIAL_UPDATE $set commentary; delete: 204, then 404 is done', async (t) => {
  const pub = await li.publish(creds, { target: org, text: 'v1' });
  if (pub.kind !== 'published') throw new Error('publish failed');
  const req = { address: LINKEDIN_FAKE_ORG, networkPostId: pub.networkPostId };
  t.same(await li.edit(creds, { ...req, text: 'v2' }), { kind: 'done' });
  const call = last(fake.calls);
  t.equal(call.method, 'PARTIAL_UPDATE /rest/posts/{urn}');
  t.equal(call.target, pub.networkPostId, 'URN travels URL-encoded and arrives intact');
  t.same(call.params, { patch: { $set: { commentary: 'v2' } } });
  t.equal(fake.posts().find((p) => p.urn === pub.networkPostId)?.commentary, 'v2');
  t.same(await li.remove(creds, req), { kind: 'done' });
  t.equal(last(fake.calls).method, 'DELETE /rest/posts/{urn}');
  t.same(await li.remove(creds, req), { kind: 'done' });
  t.match(await li.edit(creds, { ...req, text: 'v3' }), { kind: 'permanent', code: 'NOT_FOUND' });
});

t.test('suggest mode is not a LinkedIn thing', async (t) => {
  t.match(await li.publish(creds, { target: { ...org, mode: 'suggest' }, text: 'x' }), { kind: 'permanent' });
});

t.test('checkCredentials via /v2/userinfo', async (t) => {
  t.same(await li.checkCredentials(creds), { ok: true, identity: `Fake Recruiter (urn:li:person:${LINKEDIN_FAKE_MEMBER})` });
  t.match(await li.checkCredentials({ ...creds, accessToken: 'AQVDeadTokenDeadTokenDead' }), { ok: false, kind: 'needs_reauth' });
  t.match(await li.checkCredentials({ ...creds, accessToken: 'AQVNoOpenidScopeToken000000' }), { ok: true, identity: /token accepted/ });
  t.match(await li.checkCredentials({ ...creds, authorUrn: 'urn:li:person:someoneElse' }), { ok: false, kind: 'permanent', reason: /not to author/ });
});

t.test('readCounts: not_supported, without a request to LinkedIn', async (t) => {
  const before = fake.calls.length;
  const out = await li.readCounts!(creds, [{ address: LINKEDIN_FAKE_ORG, networkPostId: 'urn:li:share:7100000000000000000' }]);
  t.same(out, {
    kind: 'not_supported',
    reason: "LinkedIn does not give a post's counters to this token (it needs the r_organization_social_feed / rw_organization_admin scopes)",
  });
  t.equal(fake.calls.length, before);
});
