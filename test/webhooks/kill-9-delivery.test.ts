// A worker killed with SIGKILL while webhook deliveries are out (the receiver holds the requests),
// then started again: every event recorded is still delivered and acknowledged, with the same
// webhook-id and the same body as the attempt that was cut, each signature verified by the
// reference `standardwebhooks` library. An event recorded after the kill is delivered too.
// Embedded lane: the single process is killed and restarted on the same data directory.
// Server lane: an API process and a worker process; the worker is killed, the API stays up.
//
// Recovery waits for the cut attempts' lease (60 s, deliverer.ts) to have lapsed for a minute, when
// the dispatcher re-queues them, or for their jobs to expire (120 s) and be retried: about two
// minutes after the attempts were claimed, so this file asks tap for more than its default timeout.
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import { ATTEMPT_TIMEOUT_MS } from '../../src/webhooks/send-attempt.js';
import { currentLane } from '../helpers/database-lanes.js';
import { apiClient, serviceEnvironment, startService, type ServiceProcess } from '../helpers/service-process.js';
import { startWebhookReceiver, type Received } from '../helpers/webhook-receiver.js';

const VACANCIES = 4;
// Claimed at T0, the attempts' lease ends at T0+60 s; the dispatcher re-queues them a minute later
// and a pg-boss retry of the expired job comes at T0+150..180 s. Past this, recovery is broken.
const RECOVERY_BUDGET_MS = 190_000;

t.setTimeout(300_000);

const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { type: string; data: { vacancy: { id: string } } };

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  attemptLog: Array<{ attempt: number; httpStatus: number | null; outcome: string; error: string | null }>;
}

t.test('kill -9 mid-delivery: every event still delivered, with the same webhook-id', async (t) => {
  const started = Date.now();
  // Phase 1: hold every request longer than an attempt may wait, so the attempts are out at the kill.
  const receiver = await startWebhookReceiver(() => ({ status: 204, delayMs: 2 * ATTEMPT_TIMEOUT_MS }));
  t.teardown(() => receiver.close());

  const lane = currentLane();
  const { env, key } = await serviceEnvironment(t, {
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_DISPATCH_MS: '200',
    JOB_POLL_SECONDS: '0.5',
    JOB_SUPERVISE_SECONDS: '2',
  });
  const api = await startService(t, { ...env, ROLE: lane === 'postgres' ? 'api' : 'all' }, true);
  let worker: ServiceProcess = lane === 'postgres' ? await startService(t, { ...env, ROLE: 'worker' }, false) : api;
  const call = apiClient(() => api.url!, key);

  const endpoint = (await call('POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'ATS' })) as { id: string; secret: string };
  const deliveries = async () => (await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`)).items as unknown as Delivery[];

  const vacancyIds: string[] = [];
  const newVacancy = async (label: string) => {
    const v = await call('POST', '/v1/vacancies', {
      title: `Вакансия ${label}`, description: 'Описание.', hiringOrganization: { name: 'X' }, applyUrl: `https://example.org/${label}`,
    });
    vacancyIds.push(v.id as string);
  };
  for (let v = 0; v < VACANCIES; v++) await newVacancy(String(v));

  // Every delivery's first attempt has reached the receiver, which answers none of them.
  const distinctIds = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id']))).size;
  await receiver.waitFor(() => distinctIds() >= VACANCIES, 30_000, 'the first attempts');
  const firstHeldAt = receiver.received[0]!.at;
  const before = await deliveries();
  t.same(before.map((d) => d.status), Array(VACANCIES).fill('sending'), 'at the kill every delivery is out (sending)');

  worker.child.kill('SIGKILL');
  const killedAt = Date.now();
  // Phase 2: whoever asks from now on is answered at once.
  receiver.answerWith(() => ({ status: 204 }));
  const cutCount = receiver.received.length;
  t.equal(cutCount, VACANCIES, 'one attempt per event was out at the kill');
  t.ok(killedAt - firstHeldAt < ATTEMPT_TIMEOUT_MS, `killed ${killedAt - firstHeldAt} ms into the attempts, before any could time out`);
  const cutIds = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));

  // Server lane: the API is still up, so an event is recorded while no worker runs.
  if (lane === 'postgres') {
    await newVacancy('late');
    await new Promise((r) => setTimeout(r, 1000));
    worker = await startService(t, { ...env, ROLE: 'worker' }, false);
  } else {
    await new Promise((r) => setTimeout(r, 300));
    const restarted = await startService(t, { ...env, ROLE: 'all' }, true);
    Object.assign(api, restarted);
    worker = restarted;
    await newVacancy('late');
  }
  const restartedAt = Date.now();
  const total = VACANCIES + 1;

  let items: Delivery[] = [];
  const settleBy = firstHeldAt + RECOVERY_BUDGET_MS;
  for (;;) {
    items = await deliveries();
    if (items.length === total && items.every((d) => d.status === 'succeeded')) break;
    if (Date.now() > settleBy) {
      throw new Error(`not delivered ${Math.round((Date.now() - firstHeldAt) / 1000)} s after the first attempt: ${JSON.stringify(items.map((d) => [d.status, d.attempts]))}\n${worker.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const recoveredAt = Date.now();
  const afterKill = receiver.received.slice(cutCount);
  const firstRecovered = afterKill.filter((r) => cutIds.has(String(r.headers['webhook-id']))).map((r) => r.at).sort((a, b) => a - b)[0];
  t.comment(`${lane}: restarted ${Math.round((restartedAt - killedAt) / 1000)} s after the kill; the cut events came again ` +
    `${firstRecovered ? Math.round((firstRecovered - firstHeldAt) / 1000) : '?'} s after their first attempt; all succeeded at ` +
    `${Math.round((recoveredAt - firstHeldAt) / 1000)} s; the test ran ${Math.round((recoveredAt - started) / 1000)} s`);
  const late = afterKill.find((r) => !cutIds.has(String(r.headers['webhook-id'])));
  t.comment(`the event recorded after the kill arrived ${late ? Math.round((late.at - restartedAt) / 1000) : '?'} s after the restart`);

  // Every event recorded, and only those, delivered: the vacancies created, each once.
  t.equal(items.length, total, 'one delivery per event recorded');
  const verified = receiver.received.map((r) => verify(endpoint.secret, r));
  t.equal(verified.length, receiver.received.length, 'every request, the cut ones too, verifies with the reference library');
  t.same(
    [...new Set(verified.map((e) => e.data.vacancy.id))].sort(),
    [...vacancyIds].sort(),
    'every vacancy created was announced',
  );
  t.ok(verified.every((e) => e.type === 'vacancy.created'), 'as vacancy.created');

  for (const d of items) {
    const sent = receiver.received.filter((r) => r.headers['webhook-id'] === d.eventId);
    const cut = sent.filter((r) => r.at <= killedAt);
    const retried = sent.filter((r) => r.at > killedAt);
    t.equal(d.status, 'succeeded', `delivery ${d.id}: succeeded`);
    t.equal(retried.length, 1, `delivery ${d.id}: delivered once after the kill`);
    const last = d.attemptLog.at(-1);
    t.match(last, { attempt: d.attempts, httpStatus: 204, outcome: 'delivered' }, `delivery ${d.id}: its last attempt was acknowledged`);
    if (cutIds.has(d.eventId)) {
      t.equal(cut.length, 1, `delivery ${d.id}: its cut attempt reached the receiver`);
      t.equal(d.attempts, 2, `delivery ${d.id}: two attempts, the cut one and the one that delivered`);
      t.match(d.attemptLog, [{ attempt: 1, httpStatus: null, outcome: 'failed', error: /worker stopped during this attempt/ }, { attempt: 2, outcome: 'delivered' }], `delivery ${d.id}: the cut attempt is in the log`);
      t.equal(retried[0]?.body, cut[0]?.body, `delivery ${d.id}: the same body on the retry`);
      t.ok(Number(retried[0]?.headers['webhook-timestamp']) > Number(cut[0]?.headers['webhook-timestamp']), `delivery ${d.id}: signed again at its own time`);
    } else {
      t.equal(cut.length, 0, `delivery ${d.id}: recorded after the kill`);
      t.equal(d.attempts, 1, `delivery ${d.id}: delivered at its first attempt`);
    }
  }
  // After the kill the receiver got each event once, under the webhook-id its delivery records
  // (the cut ones under the id they had before the kill), and nothing else.
  t.same(
    afterKill.map((r) => String(r.headers['webhook-id'])).sort(),
    items.map((d) => d.eventId).sort(),
    'after the kill: each event once, under its own webhook-id',
  );
  t.equal(new Set(items.map((d) => d.eventId)).size, total, 'each event its own webhook-id');
});
