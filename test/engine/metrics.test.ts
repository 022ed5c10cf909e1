// GET /metrics against the real engine: what Prometheus reads after posts go out through the wire
// fakes, after a network refuses, while jobs wait, and with METRICS_TOKEN set. Values are read back
// from the exposition text, and every label is checked against the closed sets it may come from.
import t, { type Test } from 'tap';
import { POST_STATUSES } from '../../src/db/schema.js';
import { JOB_NAMES } from '../../src/jobs/job-types.js';
import { KNOWN_REFUSAL_CODES } from '../../src/metrics/refusal-codes.js';
import { NETWORKS, type NetworkName } from '../../src/networks/types.js';
import {
  FACEBOOK_FAKE_TOKEN, TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN, startAllFakes, telegramError, vkError,
} from '../fakes/index.js';
import { ANY_HOUR_RULES, engineSetup } from '../helpers/engine-setup.js';
import { parseSamples, sampleValue } from '../helpers/prometheus-text.js';
import { buildTestApp, minimalVacancy } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/database-lanes.js';
import { createMetrics } from '../../src/metrics/metrics.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const OUR_METRICS = [
  'vcp_posts',
  'vcp_posts_needing_person',
  'vcp_job_queue_due_jobs',
  'vcp_job_queue_oldest_due_age_seconds',
  'vcp_metrics_database_up',
  'vcp_publish_duration_seconds',
  'vcp_network_call_duration_seconds',
  'vcp_rate_limit_wait_seconds',
  'vcp_network_refusals_total',
];

type Call = (req: { method: 'GET'; url: string; headers?: Record<string, string> }, key?: string | null) => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;

async function scrape(t: Test, call: Call, headers: Record<string, string> = {}): Promise<string> {
  const res = await call({ method: 'GET', url: '/metrics', headers }, null);
  t.equal(res.statusCode, 200, 'the scrape answers 200');
  return res.body;
}

// Every label of our metrics comes from a closed set; nothing identifies a workspace, post, group,
// chat or token.
function assertBoundedLabels(t: Test, text: string, secrets: string[]) {
  t.notMatch(text, UUID, 'no id in the scrape');
  for (const secret of secrets) t.notOk(text.includes(secret), `no secret in the scrape (${secret.slice(0, 6)}…)`);
  const allowed: Record<string, (value: string, network?: NetworkName) => boolean> = {
    network: (v) => (NETWORKS as readonly string[]).includes(v),
    status: (v) => (POST_STATUSES as readonly string[]).includes(v),
    queue: (v) => (JOB_NAMES as readonly string[]).includes(v),
    operation: (v) => ['publish', 'edit', 'remove', 'check', 'resolve'].includes(v),
    purpose: (v) => ['publish', 'close', 'check', 'resolve', 'poll'].includes(v),
    outcome: (v) => /^[a-z_]+$/.test(v) && v.length <= 20,
    code: (v, network) => v === 'other' || (network !== undefined && KNOWN_REFUSAL_CODES[network].includes(Number(v))),
    le: (v) => v === '+Inf' || Number.isFinite(Number(v)),
  };
  const bad: string[] = [];
  for (const s of parseSamples(text)) {
    if (!OUR_METRICS.some((m) => s.name === m || s.name.startsWith(`${m}_`))) continue;
    for (const [label, value] of Object.entries(s.labels)) {
      const ok = allowed[label]?.(value, s.labels.network as NetworkName | undefined) ?? false;
      if (!ok) bad.push(`${s.name}{${label}="${value}"}`);
    }
  }
  t.same(bad, [], 'every label name and value is from a closed set');
}

t.test('GET /metrics answers Prometheus text with every metric, the process ones included, without an API key', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'GET', url: '/metrics' }, null);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], PROMETHEUS_TEXT);
  for (const name of OUR_METRICS) t.match(res.body, new RegExp(`^# HELP ${name} \\S.{20,}$`, 'm'), `${name} is there with a HELP text`);
  t.match(res.body, /^# TYPE vcp_publish_duration_seconds histogram$/m);
  t.match(res.body, /^# TYPE vcp_network_refusals_total counter$/m);
  t.match(res.body, /^vcp_process_cpu_user_seconds_total \d/m, "Node's process metrics, with the vcp_ prefix");
  t.match(res.body, /^vcp_nodejs_heap_size_used_bytes \d/m);
  t.equal(sampleValue(res.body, 'vcp_metrics_database_up'), 1);
  // An empty database still reports every network × status and every queue, as 0.
  t.equal(parseSamples(res.body).filter((s) => s.name === 'vcp_posts').length, NETWORKS.length * POST_STATUSES.length);
  t.equal(sampleValue(res.body, 'vcp_posts', { network: 'vk', status: 'published' }), 0);
  for (const queue of JOB_NAMES) t.equal(sampleValue(res.body, 'vcp_job_queue_due_jobs', { queue }), 0, `${queue}: nothing due`);
  // The rate-limit refusals exist from the start, so the first one is an increase and not the birth of a series.
  t.equal(sampleValue(res.body, 'vcp_network_refusals_total', { network: 'telegram', code: '429' }), 0);
  t.equal(sampleValue(res.body, 'vcp_network_refusals_total', { network: 'vk', code: '6' }), 0);
  // Not part of the REST API: absent from the OpenAPI document.
  const doc = await call({ method: 'GET', url: '/docs/json' }, null);
  t.notOk(Object.keys(doc.json().paths).includes('/metrics'), 'hidden from the API docs');
});

t.test('after a campaign: posts by status and network, publish latency, and no ids or secrets in any label', async (t) => {
  const s = await engineSetup(t);
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id, fb.id] }, timing: { type: 'now' } } }, 201);
  await s.waitForPosts(vacancy.id, (ps) => ps.length === 2 && ps.every((p) => ['published', 'awaiting_manual'].includes(p.status)));

  const text = await scrape(t, s.call);
  t.equal(sampleValue(text, 'vcp_posts', { network: 'telegram', status: 'published' }), 1, 'posts{telegram,published} is 1');
  t.equal(sampleValue(text, 'vcp_posts', { network: 'facebook', status: 'awaiting_manual' }), 1);
  t.equal(sampleValue(text, 'vcp_posts', { network: 'telegram', status: 'queued' }), 0);
  t.equal(sampleValue(text, 'vcp_posts_needing_person', { network: 'facebook', status: 'awaiting_manual' }), 1, 'the assisted post waits for a person');
  t.equal(sampleValue(text, 'vcp_posts_needing_person', { network: 'telegram', status: 'unknown' }), 0);
  const published = sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }) ?? 0;
  t.ok(published >= 1, `publish latency observed for telegram/published (count ${published})`);
  const sum = sampleValue(text, 'vcp_publish_duration_seconds_sum', { network: 'telegram', outcome: 'published' }) ?? 0;
  t.ok(sum > 0, `and its duration is recorded (${sum} s)`);
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_bucket', { network: 'telegram', outcome: 'published', le: '+Inf' }), published);
  t.equal(sampleValue(text, 'vcp_network_call_duration_seconds_count', { network: 'telegram', operation: 'publish', outcome: 'published' }), published);
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'facebook', outcome: 'published' }), undefined, 'an assisted post makes no call');
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'telegram', code: '429' }), 0, 'no refusal');
  t.equal(sampleValue(text, 'vcp_rate_limit_wait_seconds_count', { network: 'telegram', purpose: 'publish' }), published, "the post's wait for its turn is observed");
  t.equal(sampleValue(text, 'vcp_rate_limit_wait_seconds_count', { network: 'facebook', purpose: 'publish' }), undefined, 'an assisted post waits for no turn');

  // Closing edits the message: an edit call, timed too.
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  await s.waitForPosts(vacancy.id, (ps) => ps.filter((p) => p.network === 'telegram').every((p) => p.closedEditAt !== null));
  const after = await scrape(t, s.call);
  t.ok((sampleValue(after, 'vcp_network_call_duration_seconds_count', { network: 'telegram', operation: 'edit', outcome: 'done' }) ?? 0) >= 1, 'the closing edit is timed');

  assertBoundedLabels(t, after, [TELEGRAM_FAKE_TOKEN, TELEGRAM_FAKE_TOKEN.split(':')[1]!, VK_FAKE_TOKEN, FACEBOOK_FAKE_TOKEN, s.adminKey, '1234567890', 'smmjobs']);
});

t.test('a 429 from Telegram is counted as a refusal with code 429, and the retried post is published', async (t) => {
  const s = await engineSetup(t);
  const tg = await s.group({ network: 'telegram', name: 'Chan', kind: 'channel', mode: 'api', address: '-1001000000001', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  const before = await scrape(t, s.call);
  t.equal(sampleValue(before, 'vcp_network_refusals_total', { network: 'telegram', code: '429' }), 0);

  s.fakes.telegram.inject({ method: 'sendMessage', times: 1, fault: telegramError(429, 'Too Many Requests: retry after 1', { retry_after: 1 }) });
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } }, 201);
  await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  t.equal(s.fakes.telegram.calls.filter((c) => c.result === 'error:429').length, 1, 'the fake refused once');

  const text = await scrape(t, s.call);
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'telegram', code: '429' }), 1, 'refusals{telegram,429} is 1');
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'retry_after' }), 1, 'the refused call is timed under its outcome');
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }), 1);
  t.equal(sampleValue(text, 'vcp_posts', { network: 'telegram', status: 'published' }), 1);
  assertBoundedLabels(t, text, [TELEGRAM_FAKE_TOKEN, s.adminKey]);
});

t.test('a post left unknown by a silent network waits for a person, and its call is timed as unknown', async (t) => {
  const s = await engineSetup(t);
  const tg = await s.group({ network: 'telegram', name: 'Chan', kind: 'channel', mode: 'api', address: '-1001000000004', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  s.fakes.telegram.inject({ method: 'sendMessage', times: 1, fault: { type: 'hang' } });
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } }, 201);
  await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'unknown');

  const text = await scrape(t, s.call);
  t.equal(sampleValue(text, 'vcp_posts_needing_person', { network: 'telegram', status: 'unknown' }), 1, 'needing_person{telegram,unknown} is 1');
  t.equal(sampleValue(text, 'vcp_posts', { network: 'telegram', status: 'unknown' }), 1);
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'unknown' }), 1);
  const waited = sampleValue(text, 'vcp_publish_duration_seconds_sum', { network: 'telegram', outcome: 'unknown' }) ?? 0;
  t.ok(waited >= 1.9, `the call took the whole NETWORK_TIMEOUT_MS of 2 s (${waited} s)`);
});

t.test('an account check that VK refuses with error 6 is counted as well', async (t) => {
  const s = await engineSetup(t);
  s.fakes.vk.inject({ method: 'users.get', times: 1, fault: vkError(6, 'Too many requests per second', undefined, 'users.get') });
  const check = await s.call({ method: 'POST', url: `/v1/accounts/${s.accounts.vk.id}/check` });
  t.equal(check.statusCode, 200, check.body);
  t.equal(check.json().ok, false, 'the check did not pass');
  const text = await scrape(t, s.call);
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'vk', code: '6' }), 1, 'refusals{vk,6} is 1');
  t.equal(sampleValue(text, 'vcp_network_call_duration_seconds_count', { network: 'vk', operation: 'check', outcome: 'retry_after' }), 1);
  t.equal(sampleValue(text, 'vcp_rate_limit_wait_seconds_count', { network: 'vk', purpose: 'check' }), 1, 'the check took a rate-limit turn');
});

t.test('due jobs nobody works on show as queue depth and age (an API process, no workers)', async (t) => {
  const fakes = await startAllFakes();
  t.teardown(() => fakes.close());
  const { call } = await buildTestApp(t, { TELEGRAM_API_URL: fakes.urls.telegram });
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await call({ method: 'POST', url, payload });
    if (res.statusCode !== 201) throw new Error(`${url} → ${res.statusCode}: ${res.body}`);
    return res.json() as { id: string };
  };
  const account = await post('/v1/accounts', { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } });
  const groups = await Promise.all(
    ['-1001000000001', '-1001000000002'].map((address, i) =>
      post('/v1/groups', { network: 'telegram', name: `Chan ${i}`, kind: 'channel', mode: 'api', address, accountId: account.id, rules: ANY_HOUR_RULES }),
    ),
  );
  const vacancy = await post('/v1/vacancies', minimalVacancy());
  await post(`/v1/vacancies/${vacancy.id}/campaigns`, { targets: { groupIds: groups.map((g) => g.id) }, timing: { type: 'now' } });
  await new Promise((r) => setTimeout(r, 1100));

  const text = await scrape(t, call);
  t.equal(sampleValue(text, 'vcp_job_queue_due_jobs', { queue: 'post.publish' }), 2, 'two publish jobs due, none started');
  const age = sampleValue(text, 'vcp_job_queue_oldest_due_age_seconds', { queue: 'post.publish' }) ?? 0;
  t.ok(age >= 1 && age < 60, `the oldest has waited about a second (${age} s)`);
  t.equal(sampleValue(text, 'vcp_job_queue_due_jobs', { queue: 'post.close' }), 0);
  t.equal(sampleValue(text, 'vcp_posts', { network: 'telegram', status: 'queued' }), 2);
  t.equal(fakes.telegram.calls.filter((c) => c.method === 'sendMessage').length, 0, 'nothing was sent');
});

t.test('METRICS_TOKEN: 401 problem+json without it or with anything else, 200 with it; it opens nothing under /v1', async (t) => {
  const token = 'metrics-token-for-tests-0123456789';
  const { call, adminKey } = await buildTestApp(t, { METRICS_TOKEN: token });
  const cases: [string, Record<string, string>][] = [
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer metrics-token-for-tests-0123456780' }],
    ['an admin API key', { authorization: `Bearer ${adminKey}` }],
    ['the token without "Bearer"', { authorization: token }],
  ];
  for (const [what, headers] of cases) {
    const res = await call({ method: 'GET', url: '/metrics', headers }, null);
    t.equal(res.statusCode, 401, `${what}: 401`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.equal(res.headers['www-authenticate'], 'Bearer');
    t.match(res.json(), { status: 401, type: /unauthorized$/, detail: /METRICS_TOKEN/ });
    t.notOk(res.body.includes('vcp_posts'), `${what}: no metrics in the answer`);
  }
  const ok = await call({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } }, null);
  t.equal(ok.statusCode, 200);
  t.equal(ok.headers['content-type'], PROMETHEUS_TEXT);
  t.match(ok.body, /^vcp_metrics_database_up 1$/m);
  t.notOk(ok.body.includes(token), 'the token is not in the scrape');

  const v1 = await call({ method: 'GET', url: '/v1/vacancies', headers: { authorization: `Bearer ${token}` } }, null);
  t.equal(v1.statusCode, 401, 'the metrics token is not an API key');
  const health = await call({ method: 'GET', url: '/healthz' }, null);
  t.equal(health.statusCode, 200, 'health stays public');
});

t.test('a database that does not answer: the scrape still answers, says so, and shows no stale figures', async (t) => {
  const database = await openTestDatabase();
  const errors: unknown[] = [];
  const metrics = createMetrics({ db: database.db, onDatabaseError: (error) => errors.push(error) });
  const healthy = await metrics.scrape();
  t.equal(sampleValue(healthy.body, 'vcp_metrics_database_up'), 1);
  t.equal(sampleValue(healthy.body, 'vcp_posts', { network: 'vk', status: 'queued' }), 0);

  await database.close();
  const down = await metrics.scrape();
  t.equal(sampleValue(down.body, 'vcp_metrics_database_up'), 0, 'database_up is 0');
  t.same(parseSamples(down.body).filter((s) => /^vcp_(posts|job_queue)/.test(s.name)), [], 'the database gauges are absent, not stale');
  t.match(down.body, /^vcp_process_cpu_user_seconds_total \d/m, 'the process metrics are still there');
  t.equal(errors.length, 1, 'the failure is reported (logged by the app)');
});
