import t, { type Test } from 'tap';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/database.js';
import {
  FACEBOOK_FAKE_PAGE_ID, FACEBOOK_FAKE_TOKEN, LINKEDIN_FAKE_ORG, LINKEDIN_FAKE_TOKEN, OK_FAKE_APP_KEY, OK_FAKE_APP_SECRET,
  OK_FAKE_TOKEN, TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN, startAllFakes,
} from '../fakes/index.js';
import { buildTestApp } from '../helpers/test-app.js';

const CREDENTIALS = {
  telegram: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN },
  vk: { network: 'vk', userToken: VK_FAKE_TOKEN },
  facebook: { network: 'facebook', pageId: FACEBOOK_FAKE_PAGE_ID, pageToken: FACEBOOK_FAKE_TOKEN },
  linkedin: { network: 'linkedin', accessToken: LINKEDIN_FAKE_TOKEN, authorUrn: LINKEDIN_FAKE_ORG },
  ok: { network: 'ok', applicationKey: OK_FAKE_APP_KEY, applicationSecretKey: OK_FAKE_APP_SECRET, accessToken: OK_FAKE_TOKEN },
} as const;
const SECRETS = [TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN, FACEBOOK_FAKE_TOKEN, LINKEDIN_FAKE_TOKEN, OK_FAKE_APP_SECRET, OK_FAKE_TOKEN];

async function setup(t: Test) {
  const fakes = await startAllFakes();
  t.teardown(() => fakes.close());
  const ctx = await buildTestApp(t, {
    TELEGRAM_API_URL: fakes.urls.telegram,
    VK_API_URL: fakes.urls.vk,
    FACEBOOK_API_URL: fakes.urls.facebook,
    LINKEDIN_API_URL: fakes.urls.linkedin,
    OK_API_URL: fakes.urls.ok,
    NETWORK_TIMEOUT_MS: '3000',
  });
  return { ...ctx, fakes };
}

t.test('credentials for all five networks: stored sealed, never returned, checked against the network', async (t) => {
  const { call, database } = await setup(t);
  for (const [network, credentials] of Object.entries(CREDENTIALS)) {
    const created = await call({ method: 'POST', url: '/v1/accounts', payload: { name: `${network} main`, credentials } });
    t.equal(created.statusCode, 201, `${network}: ${created.body}`);
    t.match(created.json(), { network, status: 'unchecked', fingerprint: /^[0-9a-f]{12}$/ });
    const check = await call({ method: 'POST', url: `/v1/accounts/${created.json().id}/check` });
    t.equal(check.statusCode, 200);
    t.match(check.json(), { ok: true, status: 'active', identity: String }, `${network} check`);
    const read = await call({ method: 'GET', url: `/v1/accounts/${created.json().id}` });
    t.equal(read.json().status, 'active');
    for (const body of [created.body, check.body, read.body]) {
      t.notOk(SECRETS.some((s) => body.includes(s)), `${network}: no secret in any answer`);
    }
  }
  const list = await call({ method: 'GET', url: '/v1/accounts' });
  t.equal(list.json().items.length, 5);
  t.notOk(SECRETS.some((s) => list.body.includes(s)));
  const stored = rowsOf<{ credentials: string }>(await database.db.execute(sql`select credentials from accounts`));
  t.equal(stored.length, 5);
  t.ok(stored.every((r) => r.credentials.startsWith('v1.') && !SECRETS.some((s) => r.credentials.includes(s))), 'encrypted at rest');
});

t.test('a dead token marks the account needs_reauth; new credentials reset it to unchecked', async (t) => {
  const { call } = await setup(t);
  const dead = { network: 'telegram', botToken: '999999:' + 'D'.repeat(35) };
  const created = (await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'old bot', credentials: dead } })).json();
  const check = await call({ method: 'POST', url: `/v1/accounts/${created.id}/check` });
  t.match(check.json(), { ok: false, status: 'needs_reauth', reason: String });
  t.notOk(check.body.includes(dead.botToken), 'the reason does not echo the token');

  const rotated = await call({ method: 'PATCH', url: `/v1/accounts/${created.id}`, payload: { credentials: CREDENTIALS.telegram } });
  t.match(rotated.json(), { status: 'unchecked', identity: null });
  t.not(rotated.json().fingerprint, created.fingerprint);
  t.equal((await call({ method: 'POST', url: `/v1/accounts/${created.id}/check` })).json().status, 'active');

  const wrongNetwork = await call({ method: 'PATCH', url: `/v1/accounts/${created.id}`, payload: { credentials: CREDENTIALS.vk } });
  t.equal(wrongNetwork.statusCode, 422);
});

t.test('a network that does not answer leaves the status alone', async (t) => {
  const { call, fakes } = await setup(t);
  const created = (await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'bot', credentials: CREDENTIALS.telegram } })).json();
  await call({ method: 'POST', url: `/v1/accounts/${created.id}/check` });
  fakes.telegram.inject({ method: 'getMe', fault: { type: 'drop' } });
  const check = await call({ method: 'POST', url: `/v1/accounts/${created.id}/check` });
  t.match(check.json(), { ok: false, status: 'active' });
  t.match((await call({ method: 'GET', url: `/v1/accounts/${created.id}` })).json(), { status: 'active', lastCheckError: String });
});

t.test('bad credentials are refused naming the field; deleting an account unsets it on its groups', async (t) => {
  const { call } = await setup(t);
  const bad = await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'x', credentials: { network: 'telegram', botToken: 'nope' } } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().errors, [{ field: 'credentials.botToken' }]);
  const unknownNet = await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'x', credentials: { network: 'myspace', token: 'x' } } });
  t.equal(unknownNet.statusCode, 400);

  const account = (await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'bot', credentials: CREDENTIALS.telegram } })).json();
  const group = (await call({ method: 'POST', url: '/v1/groups', payload: { network: 'telegram', name: 'Ours', mode: 'api', address: '@ours_channel', accountId: account.id } })).json();
  t.equal(group.accountId, account.id);
  t.equal((await call({ method: 'DELETE', url: `/v1/accounts/${account.id}` })).statusCode, 204);
  t.equal((await call({ method: 'GET', url: `/v1/groups/${group.id}` })).json().accountId, null);
});
