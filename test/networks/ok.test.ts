import t from 'tap';
import { createOkAdapter } from '../../src/networks/ok.js';
import type { OkCredentials } from '../../src/networks/types.js';
import { OK_FAKE_APP_KEY, OK_FAKE_APP_SECRET, OK_FAKE_TOKEN, okError, startOkFake } from '../fakes/ok-fake.js';
import { assertNoSecret, last } from './helpers.js';

const fake = await startOkFake();
t.teardown(() => fake.close());
const ok = createOkAdapter({ baseUrl: fake.url, timeoutMs: 2000 });
const creds: OkCredentials = { network: 'ok', applicationKey: OK_FAKE_APP_KEY, applicationSecretKey: OK_FAKE_APP_SECRET, accessToken: OK_FAKE_TOKEN };
const group = { address: '53038939046008', mode: 'api' as const };

t.test('signed mediatopic.post → topic id string → published + permalink', async (t) => {
  const out = await ok.publish(creds, { target: group, text: 'Вакансия', applyUrl: 'https://jobs.example/1' });
  t.match(out, { kind: 'published', networkPostId: /^\d+$/ });
  if (out.kind === 'published') t.equal(out.permalink, `https://ok.ru/group/53038939046008/topic/${out.networkPostId}`);
  const call = last(fake.calls);
  t.equal(call.result, 'ok', 'the fake verified the signature');
  t.match(call.params, { method: 'mediatopic.post', gid: '53038939046008', type: 'GROUP_THEME', format: 'json', application_key: OK_FAKE_APP_KEY, sig: /^[0-9a-f]{32}$/ });
  t.same(JSON.parse(String(call.params.attachment)), { media: [{ type: 'text', text: 'Вакансия' }, { type: 'link', url: 'https://jobs.example/1' }] });
});

t.test('suggest mode → GROUP_SUGGESTED → suggested', async (t) => {
  t.match(await ok.publish(creds, { target: { ...group, mode: 'suggest' }, text: 'x' }), { kind: 'suggested', networkPostId: /^\d+$/ });
  t.equal(last(fake.calls).params.type, 'GROUP_SUGGESTED');
});

t.test('dead token (102) and a wrong secret (104 bad signature) → needs_reauth, no secret leaks', async (t) => {
  const dead = { ...creds, accessToken: 'tkn1DeadDeadDeadDeadDead' };
  const out = await ok.publish(dead, { target: group, text: 'x' });
  t.match(out, { kind: 'needs_reauth', reason: /102/ });
  const wrongSecret = { ...creds, applicationSecretKey: 'WRONGSECRETWRONGSECRET' };
  const out2 = await ok.publish(wrongSecret, { target: group, text: 'x' });
  t.match(out2, { kind: 'needs_reauth', reason: /104/ });
  assertNoSecret(t, [out, out2], [dead.accessToken, wrongSecret.applicationSecretKey, OK_FAKE_APP_SECRET]);
});

t.test('error codes map to outcomes; unknown codes stay permanent with the code', async (t) => {
  const cases: Array<[number, object]> = [
    [103, { kind: 'needs_reauth' }],
    [10, { kind: 'permanent', code: 10 }],
    [8, { kind: 'retry_after', scope: 'account', code: 8 }],
    [11, { kind: 'retry_after', scope: 'account', code: 11 }],
    [2, { kind: 'unknown' }],
    [9999, { kind: 'permanent', code: 9999, reason: /9999/ }],
  ];
  for (const [code, want] of cases) {
    fake.inject({ target: group.address, fault: okError(code) });
    t.match(await ok.publish(creds, { target: group, text: 'x' }), want, `code ${code}`);
  }
});

t.test('an enforced topic limit answers LIMIT_REACHED (11)', async (t) => {
  const f = await startOkFake({ limits: { topicsPerDay: 1 } });
  t.teardown(() => f.close());
  const a = createOkAdapter({ baseUrl: f.url, timeoutMs: 2000 });
  t.equal((await a.publish(creds, { target: group, text: '1' })).kind, 'published');
  t.match(await a.publish(creds, { target: group, text: '2' }), { kind: 'retry_after', reason: /11/ });
});

t.test('edit is not supported (and makes no call); deleteTopic works, twice', async (t) => {
  const pub = await ok.publish(creds, { target: group, text: 'x' });
  if (pub.kind !== 'published') throw new Error('publish failed');
  const before = fake.calls.length;
  t.match(await ok.edit(creds, { address: group.address, networkPostId: pub.networkPostId, text: 'y' }), { kind: 'not_supported' });
  t.equal(fake.calls.length, before);
  t.same(await ok.remove(creds, { address: group.address, networkPostId: pub.networkPostId }), { kind: 'done' });
  t.match(last(fake.calls).params, { method: 'mediatopic.deleteTopic', topic_id: pub.networkPostId, gid: group.address });
  t.same(await ok.remove(creds, { address: group.address, networkPostId: pub.networkPostId }), { kind: 'done' }, 'NOT_FOUND is done');
});

t.test('checkCredentials: signed users.getCurrentUser', async (t) => {
  t.same(await ok.checkCredentials(creds), { ok: true, identity: 'Fake Recruiter (575000000001)' });
  t.match(await ok.checkCredentials({ ...creds, accessToken: 'tkn1DeadDeadDeadDeadDead' }), { ok: false, kind: 'needs_reauth' });
});

t.test('readCounts: signed mediatopic.getByIds for the summaries; null for a topic OK does not have', async (t) => {
  const a = await ok.publish(creds, { target: group, text: 'a' });
  const b = await ok.publish(creds, { target: group, text: 'b' });
  if (a.kind !== 'published' || b.kind !== 'published') throw new Error('publish failed');
  fake.setCounts(a.networkPostId, { comments: 4, likes: 11, reshares: 2, views: 350 });
  fake.setCounts(b.networkPostId, { likes: 1 });
  const refs = [a.networkPostId, '1', b.networkPostId].map((id) => ({ address: group.address, networkPostId: id }));
  t.same(await ok.readCounts!(creds, refs), {
    kind: 'counts',
    counts: [{ views: 350, reactions: 11, reposts: 2, comments: 4 }, null, { views: null, reactions: 1, reposts: 0, comments: 0 }],
  }, 'views are null where OK does not tell them');
  const call = last(fake.calls);
  t.equal(call.result, 'ok', 'the fake verified the signature');
  t.match(call.params, { method: 'mediatopic.getByIds', topic_ids: `${a.networkPostId},1,${b.networkPostId}`, fields: /media_topic\.like_summary/ });
});

t.test('readCounts: more than 100 topics are read 100 per call', async (t) => {
  const before = fake.calls.length;
  const refs = Array.from({ length: 150 }, (_, i) => ({ address: group.address, networkPostId: String(900_000 + i) }));
  const out = await ok.readCounts!(creds, refs);
  t.same(out, { kind: 'counts', counts: refs.map(() => null) });
  const reads = fake.calls.slice(before);
  t.same(reads.map((c) => String(c.params.topic_ids).split(',').length), [100, 50]);
});

t.test('readCounts: OK errors map to outcomes', async (t) => {
  const refs = [{ address: group.address, networkPostId: '1' }];
  fake.inject({ method: 'mediatopic.getByIds', fault: okError(102) });
  t.match(await ok.readCounts!(creds, refs), { kind: 'needs_reauth', reason: /102/ });
  fake.inject({ method: 'mediatopic.getByIds', fault: okError(8) });
  t.match(await ok.readCounts!(creds, refs), { kind: 'retry_after', scope: 'account', code: 8 });
  const dead = { ...creds, accessToken: 'tkn1DeadDeadDeadDeadDead' };
  const out = await ok.readCounts!(dead, refs);
  t.match(out, { kind: 'needs_reauth' });
  assertNoSecret(t, out, [dead.accessToken, OK_FAKE_APP_SECRET]);
});
