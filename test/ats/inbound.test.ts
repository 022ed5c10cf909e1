// ATS connectors end to end: deliveries signed the way Huntflow, Greenhouse and a Standard Webhooks
// sender sign them create, update and close vacancies; the connector's default campaign posts what
// the ATS opens, and the ATS hears post.published back, verified with the reference library.
import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { engineSetup } from '../helpers/engine-setup.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

const ENV = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_MS: '200', PUBLIC_BASE_URL: 'https://jobs.zerno.example' };
const HF_SECRET = 'hf-webhook-secret-2026-zerno';

const huntflowVacancy = (state: string, patch: Record<string, unknown> = {}, at = '2026-11-02T12:15:00+03:00') => ({
  event: {
    vacancy: {
      id: 4471, position: 'Интернет-маркетолог', company: 'Зерно', money: 'от 150 000 до 200 000 руб.',
      body: '<p>Ведём соцсети сети кофеен.</p><ul><li>Контент-план</li><li>Таргет VK</li></ul>', requirements: '<p>Опыт от 2 лет</p>', conditions: '<p>Удалённо</p>',
      state: state === 'CLOSED' ? 'CLOSED' : 'OPEN', deadline: '2026-12-31', hidden: false, ...patch,
    },
    vacancy_log: { id: 91, state, created: at },
  },
  changes: {},
  meta: { account: { id: 12, name: 'Зерно' }, event_type: 'VACANCY', version: '2.0', retry: 0, event_id: randomUUID(), webhook_action: 'ADD' },
});

t.test('Huntflow: created, posted by the default campaign, told back to the ATS, closed', async (t) => {
  const s = await engineSetup(t, { env: ENV });
  const receiver = await startWebhookReceiver();
  t.teardown(() => receiver.close());
  const endpoint = await s.json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: receiver.url, eventTypes: ['post.published'] } }, 201);
  const channel = await s.group({ network: 'telegram', name: 'Работа в Зерне', kind: 'channel', mode: 'api', address: '@zerno_jobs', accountId: s.accounts.telegram.id });
  const community = await s.group({ network: 'vk', name: 'Вакансии Томск', kind: 'group', mode: 'api', address: '31415926', accountId: s.accounts.vk.id });
  const connector = await s.json({
    method: 'POST',
    url: '/v1/ats-connectors',
    payload: {
      kind: 'huntflow', name: 'Huntflow', secret: HF_SECRET,
      defaults: { applyUrl: 'https://zerno.example/careers', language: 'ru' },
      campaign: { targets: { groupIds: [channel.id, community.id] }, timing: { type: 'now' } },
    },
  }, 201);
  t.equal(connector.inboundUrl, `https://jobs.zerno.example/hooks/ats/${connector.id}`);
  t.notOk('secret' in connector, 'a secret the user chose is not echoed');

  const send = (body: unknown, opts: { secret?: string; event?: string; delivery?: string } = {}) => {
    const raw = JSON.stringify(body);
    return s.call({
      method: 'POST',
      url: `/hooks/ats/${connector.id}`,
      headers: {
        'content-type': 'application/json',
        'x-huntflow-event': opts.event ?? 'VACANCY',
        'x-huntflow-delivery': opts.delivery ?? randomUUID(),
        'x-huntflow-signature': createHmac('sha256', opts.secret ?? HF_SECRET).update(raw).digest('hex'),
      },
      payload: raw,
    });
  };
  const count = async (table: string) => rowsOf<{ n: number }>(await s.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  // A bad signature: 401, and nothing written (no vacancy, no delivery logged).
  const forged = await send(huntflowVacancy('CREATED'), { secret: 'not-the-secret-at-all' });
  t.equal(forged.statusCode, 401);
  t.equal(await count('vacancies'), 0);
  t.equal(await count('ats_deliveries'), 0);

  const ping = await send({ meta: { event_type: 'PING' } }, { event: 'PING' });
  t.equal(ping.statusCode, 200, 'PING answered 200');

  const first = huntflowVacancy('CREATED');
  const created = await send(first);
  t.equal(created.statusCode, 201, created.body);
  const { vacancyId, campaignId } = created.json();
  t.ok(campaignId, 'the default campaign was launched');
  const vacancy = await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` });
  t.match(vacancy, {
    externalId: 'huntflow:4471', title: 'Интернет-маркетолог', status: 'open', applyUrl: 'https://zerno.example/careers',
    baseSalary: { min: 150000, max: 200000, currency: 'RUB', unit: 'MONTH' }, extra: { money: 'от 150 000 до 200 000 руб.' },
  });
  t.match(vacancy.description, /Контент-план/);
  t.notMatch(vacancy.description, /<li>/, 'HTML became text');

  const posts = await s.waitForPosts(vacancyId, (ps) => ps.length === 2 && ps.every((p) => p.status === 'published'));
  await receiver.waitFor(() => receiver.received.length >= 2, 20_000, 'post.published for each group');
  const told = receiver.received.map((r) => new Webhook(endpoint.secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { type: string; data: any });
  for (const group of [channel, community]) {
    const post = posts.find((p) => p.groupId === group.id)!;
    t.match(told.find((e) => e.data.group.id === group.id), { type: 'post.published', data: { vacancy: { id: vacancyId, externalId: 'huntflow:4471' }, post: { id: post.id, permalink: post.permalink } } }, `post.published for ${group.slug}, verified`);
  }

  // The same delivery again: answered as the first, nothing changes.
  // The same delivery again (its signed meta.event_id), even under a fresh X-Huntflow-Delivery: answered as the first.
  const repeat = await send(first);
  t.equal(repeat.statusCode, 201);
  t.match(repeat.json(), { duplicate: true, vacancyId });
  t.equal(await count('vacancies'), 1);
  t.equal(await count('campaigns'), 1, 'no second campaign');

  // EDIT: updated in place (a new delivery id, the same vacancy).
  const edited = await send(huntflowVacancy('EDIT', { position: 'Интернет-маркетолог (SMM)' }));
  t.equal(edited.statusCode, 200);
  t.match(edited.json(), { outcome: 'updated', vacancyId });
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` })).title, 'Интернет-маркетолог (SMM)');
  t.equal(await count('campaigns'), 1, 'an edit launches nothing');

  // Events we do not act on, and a payload we cannot map.
  const applicant = await send({ event: { applicant: { id: 1 } }, meta: { event_type: 'APPLICANT' } }, { event: 'APPLICANT' });
  t.equal(applicant.statusCode, 202);
  const broken = await send(huntflowVacancy('CREATED', { id: 4472, position: undefined }));
  t.equal(broken.statusCode, 422);
  t.match(broken.json(), { errors: [{ field: /position/ }] });

  // CLOSED: the vacancy closes, and its published post is edited by the close policy (edit).
  const closed = await send(huntflowVacancy('CLOSED'));
  t.match(closed.json(), { outcome: 'closed', vacancyId });
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` })).status, 'closed');
  const until = Date.now() + 20_000;
  const edited2 = () => s.fakes.telegram.calls.some((c) => c.method === 'editMessageText') && s.fakes.vk.calls.some((c) => c.method === 'wall.edit');
  while (!edited2() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  t.ok(edited2(), 'both posts were edited (Telegram editMessageText, VK wall.edit)');

  // Huntflow retries a failed delivery for hours: its CREATED arriving after the CLOSED (an hour later
  // in Huntflow) is older than what was applied, and reopens nothing.
  const closeAgain = await send(huntflowVacancy('CLOSED', {}, '2026-11-02T13:15:00+03:00'));
  t.match(closeAgain.json(), { outcome: 'closed' });
  const retried = await send(huntflowVacancy('CREATED', {}, '2026-11-02T12:15:00+03:00'));
  t.equal(retried.statusCode, 202);
  t.match(retried.json(), { outcome: 'ignored', detail: /older/ });
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` })).status, 'closed', 'still closed');

  const log = await s.json({ method: 'GET', url: `/v1/ats-connectors/${connector.id}/deliveries` });
  t.same(log.items.map((d: any) => d.outcome), ['ignored', 'closed', 'closed', 'refused', 'ignored', 'updated', 'created', 'ping'], 'every delivery logged, newest first (the repeat is not a new one)');
  const refused = log.items.find((d: any) => d.outcome === 'refused');
  t.match(refused, { httpStatus: 422, detail: /position/, body: { event: { vacancy: { id: 4472 } } } }, 'the unmappable body is kept for inspection');
});

t.test('Greenhouse and a generic (Standard Webhooks) sender', async (t) => {
  const s = await engineSetup(t, { env: ENV });
  const channel = await s.group({ network: 'telegram', name: 'IT вакансии', kind: 'channel', mode: 'api', address: '@it_jobs_zerno', accountId: s.accounts.telegram.id });
  const gh = await s.json({
    method: 'POST', url: '/v1/ats-connectors',
    payload: { kind: 'greenhouse', name: 'GH', secret: 'gh-secret-key-2026-zerno', defaults: { applyUrl: 'https://boards.greenhouse.io/zerno', hiringOrganization: { name: 'Zerno' } }, campaign: { targets: { groupIds: [channel.id] }, timing: { type: 'now' } } },
  }, 201);
  const ghSend = (body: unknown) => {
    // Greenhouse escapes Unicode before signing: the signature covers these exact bytes.
    const raw = JSON.stringify(body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return s.call({
      method: 'POST', url: `/hooks/ats/${gh.id}`, payload: raw,
      headers: { 'content-type': 'application/json', signature: `sha256 ${createHmac('sha256', 'gh-secret-key-2026-zerno').update(raw).digest('hex')}`, 'greenhouse-event-id': randomUUID() },
    });
  };
  const post = { id: 1815002, title: 'Разработчик на Go', location: 'Москва', content: '<p>Платёжная платформа.</p>', updated_at: '2026-11-02T10:00:00Z', job_id: 1842002, external: true, internal: false, live: true };
  const created = await ghSend({ action: 'job_post_created', payload: post });
  t.equal(created.statusCode, 201, created.body);
  const vacancyId = created.json().vacancyId;
  t.match(await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` }), { externalId: 'greenhouse:1842002', title: 'Разработчик на Go', status: 'open' });
  t.ok(created.json().campaignId, 'the default campaign was launched');
  await s.waitForPosts(vacancyId, (ps) => ps.length === 1 && ps[0]!.status === 'published');
  const updated = await ghSend({ action: 'job_post_updated', payload: { ...post, title: 'Senior-разработчик на Go', updated_at: '2026-11-02T11:00:00Z' } });
  t.match(updated.json(), { outcome: 'updated', vacancyId });
  t.equal((await s.json({ method: 'GET', url: `/v1/vacancies/${vacancyId}` })).title, 'Senior-разработчик на Go');
  const offline = await ghSend({ action: 'job_post_updated', payload: { ...post, live: false, updated_at: '2026-11-02T12:00:00Z' } });
  t.match(offline.json(), { outcome: 'closed', vacancyId }, 'live switched off closes it');
  const online = await ghSend({ action: 'job_post_updated', payload: { ...post, live: true, updated_at: '2026-11-02T13:00:00Z' } });
  t.match(online.json(), { outcome: 'reopened', vacancyId, campaignId: String }, 'and on reopens it, posting it again');
  const deleted = await ghSend({ action: 'job_post_deleted', payload: { job_post: post } });
  t.match(deleted.json(), { outcome: 'closed', vacancyId });
  const noConnector = await s.call({ method: 'POST', url: '/hooks/ats/019a7b16-2a00-7a01-8d00-5a6b7c8d9e01', payload: {} });
  t.equal(noConnector.statusCode, 404);

  const generic = await s.json({ method: 'POST', url: '/v1/ats-connectors', payload: { kind: 'generic', name: 'Careers site', defaults: { hiringOrganization: { name: 'Зерно' } } } }, 201);
  t.match(generic.secret, /^whsec_/, 'a generic connector gets a secret made here, shown once');
  const weak = await s.call({ method: 'POST', url: '/v1/ats-connectors', payload: { kind: 'generic', name: 'weak', secret: '################' } });
  t.equal(weak.statusCode, 400);
  t.match(weak.json().errors, [{ field: 'secret', message: /whsec_/ }], 'a key that decodes to nothing is refused');
  t.notOk('secret' in (await s.json({ method: 'GET', url: `/v1/ats-connectors/${generic.id}` })));
  const wh = new Webhook(generic.secret);
  const sendGeneric = (body: unknown, id = `msg_${randomUUID()}`) => {
    const raw = JSON.stringify(body);
    const at = new Date();
    return s.call({
      method: 'POST', url: `/hooks/ats/${generic.id}`, payload: raw,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign(id, at, raw) },
    });
  };
  const posting = { '@type': 'JobPosting', identifier: 'site-77', title: 'Бариста', description: 'Варим кофе.', url: 'https://zerno.example/jobs/77', hiringOrganization: { '@type': 'Organization', name: 'Зерно' } };
  const made = await sendGeneric({ type: 'vacancy.created', data: posting });
  t.equal(made.statusCode, 201, made.body);
  const baristaId = made.json().vacancyId;
  t.match(await s.json({ method: 'GET', url: `/v1/vacancies/${baristaId}` }), { externalId: 'site-77', title: 'Бариста' });
  const stale = await s.call({
    method: 'POST', url: `/hooks/ats/${generic.id}`, payload: JSON.stringify({ type: 'vacancy.closed', data: { identifier: 'site-77' } }),
    headers: { 'content-type': 'application/json', 'webhook-id': 'msg_old', 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600), 'webhook-signature': wh.sign('msg_old', new Date(Date.now() - 3600_000), JSON.stringify({ type: 'vacancy.closed', data: { identifier: 'site-77' } })) },
  });
  t.equal(stale.statusCode, 401, 'a timestamp an hour old is refused');
  const close = await sendGeneric({ type: 'vacancy.closed', data: { identifier: 'site-77' } });
  t.match(close.json(), { outcome: 'closed', vacancyId: baristaId });
  const unknown = await sendGeneric({ type: 'candidate.hired', data: {} });
  t.equal(unknown.statusCode, 202);
});
