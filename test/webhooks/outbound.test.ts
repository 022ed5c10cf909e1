// Outbound webhooks end to end: events written with their changes, delivered signed to a local
// receiver, and every delivery verified with the reference `standardwebhooks` library, not ours.
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import t, { type Test } from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { engineSetup } from '../helpers/engine-setup.js';
import { startWebhookReceiver, type Received } from '../helpers/webhook-receiver.js';

const LOCAL = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_MS: '200', PUBLIC_BASE_URL: 'https://jobs.zerno.example' };

const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { type: string; data: Record<string, any> };

async function setup(t: Test) {
  const s = await engineSetup(t, { env: LOCAL });
  const receiver = await startWebhookReceiver();
  t.teardown(() => receiver.close());
  const endpoint = async (body: Record<string, unknown> = {}) =>
    (await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: receiver.url, ...body } }, 201)) as { id: string; secret: string };
  return { ...s, receiver, endpoint, settled: (endpointId: string) => settled(s, endpointId) };
}

/** The endpoint's deliveries once none is waiting or out (the receiver answers before the attempt is recorded). */
async function settled(s: Awaited<ReturnType<typeof engineSetup>>, endpointId: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const { items } = await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100` });
    if (items.every((d: { status: string }) => d.status === 'succeeded' || d.status === 'failed' || d.status === 'retrying') || Date.now() > until) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('a campaign reported to an ATS: every event signed, verified by the reference library', async (t) => {
  const s = await setup(t);
  const ep = await s.endpoint({ description: 'ATS' });
  t.match(ep.secret, /^whsec_[A-Za-z0-9+/]{40,}={0,2}$/, 'the secret: whsec_ and base64');
  t.ok(Buffer.from(ep.secret.slice(6), 'base64').length >= 24, 'of at least 24 random bytes');
  const [stored] = rowsOf<{ secret: string }>(await s.database.db.execute(sql`select secret from webhook_endpoints where id = ${ep.id}`));
  t.notOk(stored!.secret.includes(ep.secret.slice(6, 20)), 'sealed at rest');
  const listed = await s.json({ method: 'GET', url: '/v1/webhook-endpoints' });
  t.notOk(JSON.stringify(listed).includes(ep.secret.slice(6, 20)), 'the secret is never listed');
  t.notOk('secret' in listed.items[0], 'nor is a secret field');

  const groups = await Promise.all([
    s.group({ network: 'telegram', name: 'Работа в Зерне', kind: 'channel', mode: 'api', address: '@zerno_jobs', accountId: s.accounts.telegram.id }),
    s.group({ network: 'vk', name: 'Вакансии Томск', kind: 'group', mode: 'api', address: '31415926', accountId: s.accounts.vk.id }),
  ]);
  const vacancy = await s.vacancy({ externalId: 'huntflow:4471' });
  const created = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: groups.map((g) => g.id) }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.length === 2 && ps.every((p) => p.status === 'published'));
  await s.receiver.waitFor(() => s.receiver.events().some((e) => e.type === 'campaign.completed'), 20_000, 'campaign.completed');

  const verified = s.receiver.received.map((r) => verify(ep.secret, r));
  t.equal(verified.length, s.receiver.received.length, 'every delivery verifies');
  const types = verified.map((e) => e.type).sort();
  t.same(types, ['campaign.completed', 'campaign.created', 'post.published', 'post.published', 'vacancy.created'], 'one event per change');
  for (const r of s.receiver.received) {
    t.equal(r.headers['content-type'], 'application/json');
    t.ok(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'the timestamp is the attempt\'s');
  }
  const published = s.receiver.events().filter((e) => e.type === 'post.published');
  for (const post of posts) {
    const e = published.find((p) => p.data.post.id === post.id);
    t.ok(e, `post.published for the ${post.network} post`);
    t.match(e!.data, {
      vacancy: { id: vacancy.id, externalId: 'huntflow:4471', title: 'Онлайн-маркетолог', status: 'open' },
      group: { id: post.groupId, network: post.network, slug: String, name: String },
      campaign: { id: created.campaign.id },
      post: { status: 'published', permalink: post.permalink, trackedLink: /^https:\/\/jobs\.zerno\.example\/r\/[A-Za-z0-9_-]{12}$/ },
    });
  }
  const done = s.receiver.events().find((e) => e.type === 'campaign.completed')!;
  t.match(done.data, { campaign: { id: created.campaign.id, status: 'completed', posts: { published: 2 } }, vacancy: { externalId: 'huntflow:4471' } });
  t.equal(new Set(s.receiver.events().map((e) => e.id)).size, s.receiver.received.length, 'each event its own webhook-id');

  // The log says the same: one succeeded attempt each.
  const log = { items: await s.settled(ep.id) };
  t.equal(log.items.length, 5);
  t.ok(log.items.every((d: any) => d.status === 'succeeded' && d.attempts === 1 && d.attemptLog[0].httpStatus === 204), 'succeeded at the first attempt');

  // Closing the vacancy: vacancy.closed, and the posts edited (no post.* event: their status stays published).
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  await s.receiver.waitFor(() => s.receiver.events().some((e) => e.type === 'vacancy.closed'));
  t.match(s.receiver.events().find((e) => e.type === 'vacancy.closed')!.data.vacancy, { id: vacancy.id, status: 'closed', closedAt: String });
});

t.test('an event filter, and a change that rolls back sends nothing', async (t) => {
  const s = await setup(t);
  const ep = await s.endpoint({ eventTypes: ['vacancy.closed'] });
  const bad = await s.call({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: s.receiver.url, eventTypes: ['post.exploded'] } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().errors, [{ field: 'eventTypes.0' }], 'an unknown event type is named');

  const a = await s.vacancy({ title: 'Бариста' });
  const b = await s.vacancy({ title: 'Повар' });
  // A close that rolls back: its event rolls back with it.
  await s.database.db.transaction(async (tx) => {
    await tx.execute(sql`update vacancies set status = 'closed', closed_at = now() where id = ${a.id}`);
    tx.rollback();
  }).catch(() => undefined);
  await s.json({ method: 'POST', url: `/v1/vacancies/${b.id}/close` });
  await s.receiver.waitFor(() => s.receiver.received.length >= 1);
  await new Promise((r) => setTimeout(r, 1500));
  const events = s.receiver.received.map((r) => verify(ep.secret, r));
  t.same(events.map((e) => [e.type, e.data.vacancy.id]), [['vacancy.closed', b.id]], 'only the committed close, and only the type asked for');
  const recorded = rowsOf<{ n: number }>(await s.database.db.execute(sql`select count(*)::int as n from webhook_events where data->'vacancy'->>'id' = ${a.id} and type = 'vacancy.closed'`));
  t.equal(recorded[0]!.n, 0, 'no event row for the rolled-back change');
});

t.test('retries: 500 then 200 gets the event twice with one webhook-id; Retry-After; 3xx is a failure', async (t) => {
  const s = await setup(t);
  const ep = await s.endpoint({ eventTypes: ['vacancy.created'] });
  s.receiver.answerWith((_r, i) => (i === 0 ? { status: 500, body: 'database is down' } : { status: 200 }));
  await s.vacancy({ title: 'Кассир' });
  await s.receiver.waitFor(() => s.receiver.received.length >= 2, 30_000);
  const [first, second] = s.receiver.received;
  t.equal(first!.headers['webhook-id'], second!.headers['webhook-id'], 'the same webhook-id on the retry');
  verify(ep.secret, first!);
  verify(ep.secret, second!);
  const gap = second!.at - first!.at;
  t.ok(gap >= 4000 && gap < 12_000, `the second attempt ~5 s later (schedule with jitter): ${gap} ms`);
  const [delivery] = await s.settled(ep.id);
  t.match(delivery, { status: 'succeeded', attempts: 2, attemptLog: [{ attempt: 1, httpStatus: 500, outcome: 'failed', responseExcerpt: 'database is down' }, { attempt: 2, httpStatus: 200, outcome: 'delivered' }] });

  // 429 with Retry-After: 1 comes back after about a second, sooner than the schedule's 5 s.
  s.receiver.received.length = 0;
  s.receiver.answerWith((_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 }));
  await s.vacancy({ title: 'Курьер' });
  await s.receiver.waitFor(() => s.receiver.received.length >= 2, 30_000);
  const wait = s.receiver.received[1]!.at - s.receiver.received[0]!.at;
  t.ok(wait >= 950 && wait < 3900, `Retry-After honoured: ${wait} ms`);

  // A redirect is not followed: the receiver sees one request per attempt, at its own URL.
  s.receiver.received.length = 0;
  s.receiver.answerWith((_r, i) => (i === 0 ? { status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } } : { status: 204 }));
  await s.vacancy({ title: 'Водитель' });
  await s.receiver.waitFor(() => s.receiver.received.length >= 2, 30_000);
  t.ok(s.receiver.received.every((r) => r.path === '/hooks'), 'never sent to the Location');
  const log = (await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/deliveries?limit=1` })).items[0];
  t.match(log.attemptLog[0], { httpStatus: 302, outcome: 'failed', error: /redirect to http:\/\/127\.0\.0\.1:1\/elsewhere not followed/ });
});

t.test('410 disables the endpoint and tells the others; replay sends what it missed', async (t) => {
  const s = await setup(t);
  const gone = await startWebhookReceiver(() => ({ status: 410 }));
  t.teardown(() => gone.close());
  const other = await s.endpoint({ eventTypes: ['endpoint.disabled'] });
  const old = (await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: gone.url, eventTypes: ['vacancy.created', 'vacancy.updated'] } }, 201)) as { id: string; secret: string };
  await s.vacancy({ title: 'Первая' });
  await s.receiver.waitFor(() => s.receiver.received.length >= 1, 20_000, 'endpoint.disabled');
  const told = verify(other.secret, s.receiver.received[0]!);
  t.match(told, { type: 'endpoint.disabled', data: { endpoint: { id: old.id, url: gone.url, reason: /410/ } } });
  t.match(await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${old.id}` }), { enabled: false, disabledReason: 'the endpoint answered 410 Gone', disabledAt: String });
  t.equal(gone.received.length, 1, 'one attempt, no retries after 410');

  // While disabled: events are recorded, nothing is sent; a test is refused.
  const since = new Date().toISOString();
  const second = await s.vacancy({ title: 'Вторая' });
  await s.json({ method: 'PATCH', url: `/v1/vacancies/${second.id}`, payload: { title: 'Вторая (изменена)' } });
  const refused = await s.call({ method: 'POST', url: `/v1/webhook-endpoints/${old.id}/test` });
  t.equal(refused.statusCode, 409);
  await new Promise((r) => setTimeout(r, 1000));
  t.equal(gone.received.length, 1);

  // Enabled again (the receiver is back), and replayed since the outage began.
  gone.answerWith(() => ({ status: 204 }));
  await s.json({ method: 'PATCH', url: `/v1/webhook-endpoints/${old.id}`, payload: { enabled: true } });
  const replay = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${old.id}/replay?since=${encodeURIComponent(since)}` }, 202);
  t.equal(replay.queued, 2, 'the created and updated events it missed');
  await gone.waitFor(() => gone.received.length >= 3);
  t.same(gone.received.slice(1).map((r) => verify(old.secret, r).type).sort(), ['vacancy.created', 'vacancy.updated']);
  const again = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${old.id}/replay?since=${encodeURIComponent(since)}` }, 202);
  t.equal(again.queued, 0, 'a second replay sends nothing already received');
  const badSince = await s.call({ method: 'POST', url: `/v1/webhook-endpoints/${old.id}/replay?since=yesterday` });
  t.equal(badSince.statusCode, 400);
  t.match(badSince.json().errors, [{ field: 'since' }]);
});

t.test('rotation: both signatures for a day, each verifies alone; test events and manual retries', async (t) => {
  const s = await setup(t);
  const ep = await s.endpoint({ eventTypes: ['vacancy.created'] });
  const rotated = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/rotate-secret` });
  t.not(rotated.secret, ep.secret);
  t.ok(Math.abs(Date.parse(rotated.previousSecretExpiresAt) - Date.now() - 24 * 3600_000) < 60_000, 'the old secret lives 24 hours');
  const tested = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/test` }, 202);
  t.equal(tested.eventType, 'webhook.test');
  await s.receiver.waitFor(() => s.receiver.received.length >= 1);
  const r = s.receiver.received[0]!;
  t.equal(String(r.headers['webhook-signature']).split(' ').length, 2, 'two signatures');
  t.equal(verify(rotated.secret, r).type, 'webhook.test', 'the new secret verifies');
  t.equal(verify(ep.secret, r).type, 'webhook.test', 'the old one too');
  t.throws(() => verify('whsec_' + Buffer.alloc(32, 7).toString('base64'), r), 'another secret does not');

  await s.settled(ep.id);
  // The day is over: only the new signature.
  await s.database.db.execute(sql`update webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = ${ep.id}`);
  const retried = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/${tested.id}/retry` }, 202);
  t.equal(retried.id, tested.id);
  await s.receiver.waitFor(() => s.receiver.received.length >= 2);
  const r2 = s.receiver.received[1]!;
  t.equal(r2.headers['webhook-id'], r.headers['webhook-id'], 'a manual retry keeps the webhook-id');
  t.equal(String(r2.headers['webhook-signature']).split(' ').length, 1);
  verify(rotated.secret, r2);
  t.throws(() => verify(ep.secret, r2), 'the old secret no longer verifies');
  const missing = await s.call({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/019a7b14-1b00-7b02-9d00-3e4f5a6b7c81/retry` });
  t.equal(missing.statusCode, 404);
});

t.test('the address guard: refused at creation, and again at delivery when the host now resolves inside', async (t) => {
  const s = await engineSetup(t, { env: { WEBHOOK_DISPATCH_MS: '200' } });
  const refused = async (url: string, why: RegExp) => {
    const res = await s.call({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url } });
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { errors: [{ field: 'url', message: why }] }, url);
  };
  await refused('http://hooks.zerno.example/x', /https/);
  await refused('https://127.0.0.1/x', /loopback/);
  await refused('https://localhost/x', /127\.0\.0\.1|::1/);
  await refused('https://10.1.2.3/x', /private/);
  await refused('https://169.254.169.254/latest/meta-data', /link-local/);
  await refused('https://[::ffff:127.0.0.1]/x', /loopback/);
  await refused('https://[fd00:ec2::254]/x', /./);
  await refused('https://2130706433/x', /loopback/);
  await refused('https://user:pass@hooks.zerno.example/x', /user name or password/);

  // Accepted while it did not resolve; later it points at this machine: the attempt is refused, never sent.
  const receiver = await startWebhookReceiver();
  t.teardown(() => receiver.close());
  const ep = await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: 'https://hooks.zerno.example/x' } }, 201);
  await s.database.db.execute(sql`update webhook_endpoints set url = ${`https://localhost:${receiver.port}/hooks`} where id = ${ep.id}`);
  const tested = await s.json({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/test` }, 202);
  let attempt: any;
  const until = Date.now() + 20_000;
  while (!attempt && Date.now() < until) {
    attempt = (await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/deliveries` })).items.find((d: any) => d.id === tested.id)?.attemptLog[0];
    await new Promise((r) => setTimeout(r, 200));
  }
  t.match(attempt, { outcome: 'refused', httpStatus: null, error: /resolves to (127\.0\.0\.1|::1), a loopback address/ });
  t.equal(receiver.received.length, 0, 'nothing reached the receiver');
});

t.test('response.application one by one; response.summary hourly, only when the numbers changed', async (t) => {
  const s = await setup(t);
  const ep = await s.endpoint({ eventTypes: ['response.application', 'response.summary'] });
  const group = await s.group({ network: 'telegram', name: 'Работа в Зерне', kind: 'channel', mode: 'api', address: '@zerno_jobs', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy({ externalId: 'huntflow:5001' });
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [group.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  const { summaries } = s.app.services.webhooks;

  await s.json({ method: 'POST', url: '/v1/applications', payload: { externalId: 'hf-applicant-1', postId: post!.id } }, 201);
  t.same(await summaries.run(), { sent: 1, unchanged: 0 });
  await s.receiver.waitFor(() => s.receiver.received.length >= 2);
  const events = s.receiver.received.map((r) => verify(ep.secret, r));
  const application = events.find((e) => e.type === 'response.application')!;
  t.match(application.data, { application: { externalId: 'hf-applicant-1', via: 'post_id' }, post: { id: post!.id }, group: { id: group.id }, vacancy: { externalId: 'huntflow:5001' } });
  const summary = events.find((e) => e.type === 'response.summary')!;
  t.match(summary.data, { vacancy: { id: vacancy.id, externalId: 'huntflow:5001' }, totals: { posts: 1, applications: 1 }, groups: [{ groupId: group.id, applications: 1 }] });

  t.same(await summaries.run(), { sent: 0, unchanged: 1 }, 'nothing changed: no summary');
  await s.json({ method: 'POST', url: '/v1/applications', payload: { externalId: 'hf-applicant-2', postId: post!.id } }, 201);
  t.same(await summaries.run(), { sent: 1, unchanged: 0 }, 'a second application: a new summary');
  await s.receiver.waitFor(() => s.receiver.events().filter((e) => e.type === 'response.summary').length === 2);
  t.match(s.receiver.events().filter((e) => e.type === 'response.summary')[1]!.data.totals, { applications: 2 });
});

t.test('five days of failures disable an endpoint; a receiver down for minutes loses nothing', async (t) => {
  const s = await setup(t);
  const watcher = await s.endpoint({ eventTypes: ['endpoint.disabled'] });
  const down = await startWebhookReceiver(() => ({ status: 503 }));
  t.teardown(() => down.close());
  const failing = await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: down.url, eventTypes: ['vacancy.created'] } }, 201);
  const quiet = await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: down.url, eventTypes: ['vacancy.created'] } }, 201);
  // It has failed since six days ago (every attempt since, the latest an hour ago): the next failure
  // disables it. The quiet one failed six days ago too, but nothing came for three days: it is kept.
  await s.database.db.execute(sql`update webhook_endpoints set failing_since = now() - interval '6 days', last_failure_at = now() - interval '1 hour' where id = ${failing.id}`);
  await s.database.db.execute(sql`update webhook_endpoints set failing_since = now() - interval '6 days', last_failure_at = now() - interval '3 days' where id = ${quiet.id}`);
  await s.vacancy({ title: 'Official' });
  await s.receiver.waitFor(() => s.receiver.received.length >= 1, 20_000, 'endpoint.disabled');
  t.match(verify(watcher.secret, s.receiver.received[0]!), { type: 'endpoint.disabled', data: { endpoint: { id: failing.id, reason: 'every delivery failed for 5 days' } } });
  t.match(await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${failing.id}` }), { enabled: false, disabledReason: 'every delivery failed for 5 days' });
  let kept: any;
  const settledBy = Date.now() + 20_000;
  do {
    kept = await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${quiet.id}` });
    if (Date.now() - Date.parse(kept.failingSince) < 60_000) break;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < settledBy);
  t.match(kept, { enabled: true, disabledReason: null }, 'after a quiet spell, the count starts again');
  t.ok(Date.now() - Date.parse(kept.failingSince) < 60_000, 'from this failure');

  // An outage: the receiver refuses connections. The first two attempts fail (at once, then 5 s later),
  // the third is due 5 minutes on. The clock is moved instead of waited for: the delivery is made due
  // and its scheduled job taken as lost, which the dispatcher re-queues; by then the receiver is back.
  const port = down.port;
  await down.close();
  const back = await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: `http://127.0.0.1:${port}/hooks`, eventTypes: ['vacancy.updated'] } }, 201);
  const vacancy = await s.vacancy({ title: 'Кондитер' });
  await s.json({ method: 'PATCH', url: `/v1/vacancies/${vacancy.id}`, payload: { title: 'Кондитер-технолог' } });
  let delivery: any;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    [delivery] = (await s.json({ method: 'GET', url: `/v1/webhook-endpoints/${back.id}/deliveries` })).items;
    if (delivery?.attempts === 2 && delivery.status === 'retrying') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  t.match(delivery, { status: 'retrying', attempts: 2, attemptLog: [{ httpStatus: null, outcome: 'failed' }, { httpStatus: null, outcome: 'failed' }] }, 'two refused connections');
  t.ok(Date.parse(delivery.nextAttemptAt) - Date.now() > 3 * 60_000, 'the third attempt about 5 minutes on');
  const receiver = await startWebhookReceiver();
  t.teardown(() => receiver.close());
  await s.database.db.execute(sql`update webhook_endpoints set url = ${receiver.url} where id = ${back.id}`);
  await s.database.db.execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '11 minutes' where id = ${delivery.id}`);
  await receiver.waitFor(() => receiver.received.length >= 1, 20_000, 'the delivery after the outage');
  t.equal(receiver.received[0]!.headers['webhook-id'], delivery.eventId, 'the same event, the same webhook-id');
  t.match((await s.settled(back.id))[0], { status: 'succeeded', attempts: 3 });
});
