// What every adapter does when the wire itself fails, against all five fakes:
// never sent → retry_after (safe); maybe sent → unknown (never retried blindly).
import t from 'tap';
import { MockAgent } from 'undici';
import { adapterFor, createAdapters, type Credentials, type NetworkName, type PublishRequest } from '../../src/networks/index.js';
import { FACEBOOK_FAKE_PAGE_ID, FACEBOOK_FAKE_TOKEN } from '../fakes/facebook-fake.js';
import { startAllFakes, type FakeHandle } from '../fakes/index.js';
import { LINKEDIN_FAKE_ORG, LINKEDIN_FAKE_TOKEN } from '../fakes/linkedin-fake.js';
import { OK_FAKE_APP_KEY, OK_FAKE_APP_SECRET, OK_FAKE_TOKEN } from '../fakes/ok-fake.js';
import { TELEGRAM_FAKE_TOKEN } from '../fakes/telegram-fake.js';
import { VK_FAKE_TOKEN } from '../fakes/vk-fake.js';
import { assertNoSecret, closedPortUrl } from './helpers.js';

const fakes = await startAllFakes({ limits: false });
t.teardown(() => fakes.close());

const creds: Record<NetworkName, Credentials> = {
  telegram: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN },
  vk: { network: 'vk', userToken: VK_FAKE_TOKEN },
  facebook: { network: 'facebook', pageId: FACEBOOK_FAKE_PAGE_ID, pageToken: FACEBOOK_FAKE_TOKEN },
  linkedin: { network: 'linkedin', accessToken: LINKEDIN_FAKE_TOKEN, authorUrn: LINKEDIN_FAKE_ORG },
  ok: { network: 'ok', applicationKey: OK_FAKE_APP_KEY, applicationSecretKey: OK_FAKE_APP_SECRET, accessToken: OK_FAKE_TOKEN },
};
const address: Record<NetworkName, string> = {
  telegram: '-1001234567',
  vk: '123',
  facebook: FACEBOOK_FAKE_PAGE_ID,
  linkedin: LINKEDIN_FAKE_ORG,
  ok: '53038939046008',
};
const secrets = (c: Credentials) => Object.values(c).filter((v) => v !== c.network);
const request = (n: NetworkName): PublishRequest => ({ target: { address: address[n], mode: 'api' }, text: 'Vacancy', applyUrl: 'https://jobs.example/1' });

const adapters = createAdapters({ timeoutMs: 300, ...fakes.adapterConfig });
const names = Object.keys(creds) as NetworkName[];

for (const n of names) {
  const fake: FakeHandle = fakes[n];
  const bound = adapterFor(adapters, creds[n]);

  t.test(`${n}: publish works through createAdapters/adapterFor`, async (t) => {
    t.match(await bound.publish(request(n)), { kind: 'published' });
    t.match(await bound.checkCredentials(), { ok: true });
  });

  t.test(`${n}: no reply before the timeout → unknown`, async (t) => {
    fake.inject({ fault: { type: 'hang' } });
    const out = await bound.publish(request(n));
    t.match(out, { kind: 'unknown', reason: 'no reply within 300 ms (NETWORK_TIMEOUT_MS): the request may have taken effect' });
    assertNoSecret(t, out, secrets(creds[n]));
  });

  t.test(`${n}: headers in time, body trickling past the timeout → unknown at the timeout`, async (t) => {
    fake.inject({ fault: { type: 'trickle', everyMs: 50 } });
    const started = performance.now();
    const out = await bound.publish(request(n));
    const ms = performance.now() - started;
    t.match(out, { kind: 'unknown', reason: /^no complete reply within 300 ms \(NETWORK_TIMEOUT_MS\) \(HTTP 200, \d+ bytes of body read\)/ });
    t.ok(ms < 300 + 1000, `returned after ${Math.round(ms)} ms`);
  });

  t.test(`${n}: a slow reply within the timeout is still a success`, async (t) => {
    fake.inject({ fault: { type: 'delay', ms: 100 } });
    t.match(await bound.publish(request(n)), { kind: 'published' });
  });

  t.test(`${n}: connection dropped after the request was read → unknown`, async (t) => {
    fake.inject({ fault: { type: 'drop' } });
    const out = await bound.publish(request(n));
    t.match(out, { kind: 'unknown', reason: /UND_ERR_SOCKET|ECONNRESET/ });
    assertNoSecret(t, out, secrets(creds[n]));
  });

  t.test(`${n}: 502 with an HTML page → unknown; 503 → retry_after`, async (t) => {
    fake.inject({ fault: { type: 'respond', status: 502, body: '<html><body>502 Bad Gateway</body></html>' } });
    t.match(await bound.publish(request(n)), { kind: 'unknown' });
    fake.inject({ fault: { type: 'respond', status: 503, body: '<html><body>503 Service Unavailable</body></html>' } });
    t.match(await bound.publish(request(n)), { kind: 'retry_after', code: 503 });
  });

  t.test(`${n}: connection refused (closed port) → retry_after, nothing was sent`, async (t) => {
    const suffix = new URL(fake.url).pathname.replace(/\/$/, '');
    const dead = createAdapters({ timeoutMs: 300, [n]: { baseUrl: await closedPortUrl(suffix) } });
    const out = await adapterFor(dead, creds[n]).publish(request(n));
    t.match(out, { kind: 'retry_after', scope: 'account', reason: /ECONNREFUSED/ });
    assertNoSecret(t, out, secrets(creds[n]));
    const check = await adapterFor(dead, creds[n]).checkCredentials();
    t.match(check, { ok: false, kind: 'retry_after' });
  });
}

t.test('a library error quoting the Telegram URL (token in the path) is scrubbed', async (t) => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get('https://api.telegram.org')
    .intercept({ path: /.*/, method: 'POST' })
    .replyWithError(new Error(`socket hang up while POSTing https://api.telegram.org/bot${TELEGRAM_FAKE_TOKEN}/sendMessage`));
  t.teardown(() => agent.close());
  const tg = createAdapters({ timeoutMs: 300, dispatcher: agent }).telegram;
  const out = await tg.publish({ network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN }, request('telegram'));
  t.match(out, { kind: 'unknown', reason: /bot\*\*\*\/sendMessage/ });
  assertNoSecret(t, out, [TELEGRAM_FAKE_TOKEN, encodeURIComponent(TELEGRAM_FAKE_TOKEN)]);
});
