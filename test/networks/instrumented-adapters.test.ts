// instrumentAdapters around the five real adapters, against the wire fakes: every call is timed
// under its operation and outcome, a refusal the network sent with a code is counted under that
// code (capped to a known list), and nothing the adapter decided by itself counts as a refusal.
import { Registry } from 'prom-client';
import t from 'tap';
import { createEngineMetrics } from '../../src/metrics/engine-metrics.js';
import { instrumentAdapters } from '../../src/metrics/instrument-adapters.js';
import { refusalCodeLabel } from '../../src/metrics/refusal-codes.js';
import { createAdapters } from '../../src/networks/index.js';
import type { Credentials } from '../../src/networks/types.js';
import {
  FACEBOOK_FAKE_PAGE_ID, FACEBOOK_FAKE_TOKEN, LINKEDIN_FAKE_ORG, LINKEDIN_FAKE_TOKEN, OK_FAKE_APP_KEY, OK_FAKE_APP_SECRET,
  OK_FAKE_TOKEN, TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN, facebookError, linkedinError, okError, startAllFakes, telegramError, vkError,
} from '../fakes/index.js';
import { sampleValue } from '../helpers/prometheus-text.js';

const fakes = await startAllFakes({ limits: false });
t.teardown(() => fakes.close());

const creds = {
  telegram: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN },
  vk: { network: 'vk', userToken: VK_FAKE_TOKEN },
  facebook: { network: 'facebook', pageId: FACEBOOK_FAKE_PAGE_ID, pageToken: FACEBOOK_FAKE_TOKEN },
  linkedin: { network: 'linkedin', accessToken: LINKEDIN_FAKE_TOKEN, authorUrn: LINKEDIN_FAKE_ORG },
  ok: { network: 'ok', applicationKey: OK_FAKE_APP_KEY, applicationSecretKey: OK_FAKE_APP_SECRET, accessToken: OK_FAKE_TOKEN },
} as const satisfies Record<string, Credentials>;
const api = (address: string) => ({ address, mode: 'api' as const });

function setup() {
  const registry = new Registry();
  const adapters = instrumentAdapters(createAdapters({ timeoutMs: 2000, ...fakes.adapterConfig }), createEngineMetrics(registry, 'vcp_'));
  return { adapters, read: () => registry.metrics() };
}

t.test('a published post: one publish observation, in both histograms, no refusal', async (t) => {
  const { adapters, read } = setup();
  const out = await adapters.telegram.publish(creds.telegram, { target: api('-1001000000001'), text: 'Вакансия' });
  t.equal(out.kind, 'published', 'the wrapped adapter still publishes');
  const text = await read();
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }), 1);
  t.equal(sampleValue(text, 'vcp_network_call_duration_seconds_count', { network: 'telegram', operation: 'publish', outcome: 'published' }), 1);
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'telegram', code: '429' }), 0);
});

t.test('coded refusals of every network are counted under their code', async (t) => {
  const { adapters, read } = setup();
  fakes.telegram.inject({ method: 'sendMessage', fault: telegramError(429, 'Too Many Requests: retry after 3', { retry_after: 3 }) });
  fakes.vk.inject({ method: 'wall.post', times: 2, fault: vkError(214, 'Access to adding post denied') });
  fakes.vk.inject({ method: 'wall.post', fault: vkError(9, 'Flood control') });
  fakes.facebook.inject({ fault: facebookError(400, 613, 'Calls to this api have exceeded the rate limit') });
  fakes.linkedin.inject({ fault: linkedinError(429, 'TOO_MANY_REQUESTS', 'Resource level throttle limit') });
  fakes.ok.inject({ fault: okError(8) });

  t.match(await adapters.telegram.publish(creds.telegram, { target: api('-1001000000002'), text: 'x' }), { kind: 'retry_after', code: 429 });
  t.match(await adapters.vk.publish(creds.vk, { target: api('123'), text: 'x' }), { kind: 'quota_exhausted', code: 214 });
  t.match(await adapters.vk.publish(creds.vk, { target: api('123'), text: 'x' }), { kind: 'quota_exhausted', code: 214 });
  t.match(await adapters.vk.publish(creds.vk, { target: api('123'), text: 'x' }), { kind: 'retry_after', code: 9 });
  t.match(await adapters.facebook.publish(creds.facebook, { target: api(FACEBOOK_FAKE_PAGE_ID), text: 'x' }), { kind: 'retry_after', code: 613 });
  t.match(await adapters.linkedin.publish(creds.linkedin, { target: api(LINKEDIN_FAKE_ORG), text: 'x' }), { kind: 'retry_after', code: 429 });
  t.match(await adapters.ok.publish(creds.ok, { target: api('53038939046008'), text: 'x' }), { kind: 'retry_after', code: 8 });

  const text = await read();
  const refusals = (network: string, code: string) => sampleValue(text, 'vcp_network_refusals_total', { network, code });
  t.equal(refusals('telegram', '429'), 1);
  t.equal(refusals('vk', '214'), 2);
  t.equal(refusals('vk', '9'), 1);
  t.equal(refusals('vk', '6'), 0);
  t.equal(refusals('facebook', '613'), 1);
  t.equal(refusals('linkedin', '429'), 1);
  t.equal(refusals('ok', '8'), 1);
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'vk', outcome: 'quota_exhausted' }), 2);
});

t.test('a code outside the known list is counted as "other"; what the adapter decided alone is no refusal', async (t) => {
  const { adapters, read } = setup();
  fakes.vk.inject({ method: 'wall.post', fault: vkError(98765, 'Something new') });
  t.match(await adapters.vk.publish(creds.vk, { target: api('123'), text: 'x' }), { kind: 'permanent', code: 98765 });
  // A screen name is refused by the adapter before any call: permanent, without a code.
  t.match(await adapters.vk.publish(creds.vk, { target: api('rabota_tomsk'), text: 'x' }), { kind: 'permanent' });
  const text = await read();
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'vk', code: 'other' }), 1, 'only the coded one');
  t.notMatch(text, /98765/, 'the odd code does not become a label');
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'vk', outcome: 'permanent' }), 2, 'both are timed');
});

t.test('edit, remove and credential checks are timed under their operation; a refused check is counted', async (t) => {
  const { adapters, read } = setup();
  const sent = await adapters.telegram.publish(creds.telegram, { target: api('-1001000000003'), text: 'Вакансия' });
  if (sent.kind !== 'published') throw new Error(`not published: ${JSON.stringify(sent)}`);
  const message = { address: '-1001000000003', networkPostId: sent.networkPostId };
  t.equal((await adapters.telegram.edit(creds.telegram, { ...message, text: 'Закрыта' })).kind, 'done');
  t.equal((await adapters.telegram.remove(creds.telegram, message)).kind, 'done');
  t.match(await adapters.telegram.checkCredentials(creds.telegram), { ok: true });
  fakes.vk.inject({ method: 'users.get', fault: vkError(6, 'Too many requests per second', undefined, 'users.get') });
  t.match(await adapters.vk.checkCredentials(creds.vk), { ok: false, kind: 'retry_after', code: 6 });

  const text = await read();
  const calls = (network: string, operation: string, outcome: string) =>
    sampleValue(text, 'vcp_network_call_duration_seconds_count', { network, operation, outcome });
  t.equal(calls('telegram', 'edit', 'done'), 1);
  t.equal(calls('telegram', 'remove', 'done'), 1);
  t.equal(calls('telegram', 'check', 'ok'), 1);
  t.equal(calls('vk', 'check', 'retry_after'), 1);
  t.equal(sampleValue(text, 'vcp_network_refusals_total', { network: 'vk', code: '6' }), 1);
  t.equal(sampleValue(text, 'vcp_publish_duration_seconds_count', { network: 'telegram', outcome: 'published' }), 1, 'edits are not publishes');
});

t.test('refusal codes are capped per network', async (t) => {
  t.equal(refusalCodeLabel('vk', 6), '6');
  t.equal(refusalCodeLabel('vk', '214'), '214');
  t.equal(refusalCodeLabel('vk', 429), '429', 'an HTTP 429 from any network');
  t.equal(refusalCodeLabel('telegram', 6), 'other', "VK's codes are not Telegram's");
  t.equal(refusalCodeLabel('facebook', 4), '4');
  t.equal(refusalCodeLabel('linkedin', 'ACCESS_DENIED'), 'other');
  t.equal(refusalCodeLabel('ok', '8 '), '8');
  t.equal(refusalCodeLabel('ok', '-1001234567890'), 'other', 'nothing id-shaped passes');
  t.equal(refusalCodeLabel('telegram', '1e3'), 'other');
});
