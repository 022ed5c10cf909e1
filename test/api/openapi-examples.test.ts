// Every request-body example in the OpenAPI document, sent to the running app (workers and the five
// network fakes included) in the order a newcomer would: accounts, groups, vacancies, campaigns,
// then the decisions a person makes about posts. Each must succeed, as Swagger UI's "Try it out"
// would send it. Ids in bodies are the docs' example ids (src/examples/ids.ts), swapped here for
// the ids of objects this test made; ids in paths are always objects this test made.
import { createHmac } from 'node:crypto';
import t from 'tap';
import { EXAMPLE_ID } from '../../src/examples/ids.js';
import { engineSetup } from '../helpers/engine-setup.js';

type Example = { summary?: string; value: unknown };
type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { examples?: Record<string, Example> }> };
};
/** Where an example is sent: path parameters by name, per example when they differ. */
type Target = (exampleName: string) => Record<string, string> | Promise<Record<string, string>>;

t.test('every request-body example succeeds when sent to the app', async (t) => {
  const ctx = await engineSetup(t, { env: { PUBLIC_BASE_URL: 'https://jobs.zerno.example' } });
  const { app, call, json } = ctx;
  await app.ready();
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  const withBodies = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.requestBody)
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

  const real: Partial<Record<keyof typeof EXAMPLE_ID, string>> = {};
  const swapIds = (value: unknown) => {
    let text = JSON.stringify(value);
    for (const [name, exampleId] of Object.entries(EXAMPLE_ID)) {
      const id = real[name as keyof typeof EXAMPLE_ID];
      if (id) text = text.replaceAll(exampleId, id);
    }
    return JSON.parse(text) as unknown;
  };

  const sent = new Set<string>();
  const answers = new Map<string, unknown>();
  /** Sends each example of an operation, once per documented media type. */
  async function sendExamples(operationId: string, target: Target = () => ({}), headersFor: (body: string) => Record<string, string> = () => ({})) {
    const found = withBodies.find((o) => o.op.operationId === operationId);
    if (!found) throw new Error(`${operationId} has no request body in the document`);
    for (const [mediaType, media] of Object.entries(found.op.requestBody!.content)) {
      const examples = Object.entries(media.examples ?? {});
      t.ok(examples.length > 0, `${operationId} ${mediaType} has examples`);
      for (const [name, example] of examples) {
        const params = await target(name);
        const url = found.path.replace(/\{(\w+)\}/g, (_, key: string) => {
          if (!params[key]) throw new Error(`${operationId} "${name}": no value for {${key}}`);
          return params[key]!;
        });
        const body = JSON.stringify(swapIds(example.value));
        const res = await call({ method: found.method as 'POST', url, headers: { 'content-type': mediaType, ...headersFor(body) }, payload: body });
        t.ok(res.statusCode >= 200 && res.statusCode < 300, `${operationId} "${name}" as ${mediaType} → ${res.statusCode}${res.statusCode >= 300 ? `: ${res.body}` : ''}`);
        sent.add(operationId);
        answers.set(`${operationId}/${name}`, res.statusCode < 300 && String(res.headers['content-type']).includes('json') ? res.json() : res.body);
      }
    }
  }
  const idOf = (operationId: string, name: string) => (answers.get(`${operationId}/${name}`) as { id: string }).id;

  // A workspace's basics.
  await sendExamples('createWorkspace');
  await sendExamples('createApiKey');
  await sendExamples('updateWorkspaceSettings');

  // Accounts: the examples carry the fakes' credentials, so each one checks out against its fake.
  await sendExamples('createAccount');
  for (const name of ['Telegram bot', 'VK user token', 'Facebook Page', 'LinkedIn organisation', 'OK application']) {
    const check = await json({ method: 'POST', url: `/v1/accounts/${idOf('createAccount', name)}/check` });
    t.equal(check.ok, true, `the "${name}" example's credentials work against the fake: ${check.reason ?? ''}`);
  }
  real.account = idOf('createAccount', 'Telegram bot');
  await sendExamples('updateAccount', () => ({ id: real.account! }));

  // Groups: ours, then edits (one on ours, one on a curated group that needs its address, one to disable).
  await sendExamples('createGroup');
  real.group = idOf('createGroup', 'a Telegram channel');
  real.facebookGroup = idOf('createGroup', 'an assisted Facebook group');
  const curated = async (query: string) => (await json({ method: 'GET', url: `/v1/groups?${query}&limit=1` })).items[0].id as string;
  const tomsk = await curated(`network=vk&q=${encodeURIComponent('Томске')}`);
  const toDisable = await curated('network=telegram&tag=javascript');
  await sendExamples('updateGroup', (name) => ({ id: name === 'give it an account' ? real.group! : name === 'disable it' ? toDisable : tomsk }));
  await sendExamples('putTemplate', () => ({ network: 'telegram' }));
  // The registry made live: candidates (VK searched by name; Telegram read from a link), an
  // assisted group's address a person found, and a pasted list of links.
  const vkCurated = await curated('network=vk&status=needs_address');
  await sendExamples('findGroupCandidates', (name) => ({ id: name === 'read links' ? real.group! : vkCurated }));
  await sendExamples('setGroupAddress', async () => ({ id: await curated('network=facebook&status=needs_address') }));
  await sendExamples('importGroupLinks');

  // Vacancies: create, import, change, plan.
  await sendExamples('createVacancy');
  real.vacancy = idOf('createVacancy', 'marketer');
  await sendExamples('importJobPosting');
  await sendExamples('updateVacancy', () => ({ id: real.vacancy! }));
  await sendExamples('planTargets', () => ({ id: real.vacancy! }));

  // Campaigns: each example posts a vacancy of its own, so group rules (minimum days) never interfere.
  await sendExamples('createCampaign', async () => ({ id: (await ctx.vacancy({ audience: { professions: ['marketing'] } })).id }));
  // Applications name a post of a real campaign: the one posted to the example's Telegram channel.
  const chosen = answers.get('createCampaign/now, to chosen groups') as { campaign: { id: string }; posts: Array<{ id: string; groupId: string }> };
  real.campaign = chosen.campaign.id;
  real.post = chosen.posts.find((p) => p.groupId === real.group)!.id;
  await sendExamples('recordApplication');

  // A person's decisions need posts waiting for a person: assisted groups that take posts at any hour.
  const assistedGroups = await Promise.all(
    [1, 2, 3, 4].map((n) => ctx.group({ network: 'facebook', name: `Assisted ${n}`, mode: 'assisted', address: `https://www.facebook.com/groups/assisted${n}` })),
  );
  const v = await ctx.vacancy();
  await json({ method: 'POST', url: `/v1/vacancies/${v.id}/campaigns`, payload: { targets: { groupIds: assistedGroups.map((g) => g.id) }, timing: { type: 'now' } } }, 201);
  const waiting = (await ctx.waitForPosts(v.id, (posts) => posts.length === 4 && posts.every((p) => p.status === 'awaiting_manual'))).map((p) => p.id);
  for (const operationId of ['markPostPublished', 'confirmAssistedTask', 'skipPost', 'skipAssistedTask']) {
    await sendExamples(operationId, () => ({ id: waiting.shift()! }));
  }

  // Responses from the networks: a hook per account (the Telegram bot, the VK community of the
  // example), then the networks' own deliveries to them, signed as they would be.
  const accountFor: Record<string, string> = { telegram: real.account!, vk: idOf('createAccount', 'VK user token'), facebook: idOf('createAccount', 'Facebook Page') };
  await sendExamples('createResponseHook', (name) => ({ id: accountFor[name]! }));
  const hookOf = (name: string) => (answers.get(`createResponseHook/${name}`) as { id: string }).id;
  const secretToken = ctx.fakes.telegram.webhook()!.secretToken!;
  await sendExamples('receiveTelegramUpdate', () => ({ hookId: hookOf('telegram') }), () => ({ 'x-telegram-bot-api-secret-token': secretToken }));
  await sendExamples('receiveVkEvent', () => ({ hookId: hookOf('vk') }));
  // Signed as Facebook signs: the app secret of the hook's example, over the bytes sent.
  const hookExamples = withBodies.find((o) => o.op.operationId === 'createResponseHook')!.op.requestBody!.content['application/json']!.examples!;
  const { appSecret } = hookExamples.facebook!.value as { appSecret: string };
  await sendExamples('receiveFacebookFeed', () => ({ hookId: hookOf('facebook') }), (body) => ({
    'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
  }));

  // Outbound webhooks: an ATS's endpoints (their hosts do not resolve here, which creation allows).
  await sendExamples('createWebhookEndpoint');
  const endpointId = (answers.get('createWebhookEndpoint/post outcomes to an ATS') as { id: string }).id;
  await sendExamples('updateWebhookEndpoint', () => ({ id: endpointId }));

  // ATS connectors, then a Huntflow delivery to the Huntflow one, signed as Huntflow signs.
  await sendExamples('createAtsConnector');
  const huntflowConnector = answers.get('createAtsConnector/huntflow') as { id: string };
  await sendExamples('updateAtsConnector', (name) => ({ id: name === 'new secret' ? huntflowConnector.id : (answers.get('createAtsConnector/greenhouse') as { id: string }).id }));
  const rotatedSecret = (withBodies.find((o) => o.op.operationId === 'updateAtsConnector')!.op.requestBody!.content['application/json']!.examples!['new secret']!.value as { secret: string }).secret;
  await sendExamples('receiveAtsDelivery', () => ({ connectorId: huntflowConnector.id }), (body) => ({
    'x-huntflow-event': 'VACANCY',
    'x-huntflow-signature': createHmac('sha256', rotatedSecret).update(body).digest('hex'),
  }));

  const unsent = withBodies.map((o) => o.op.operationId).filter((id) => !sent.has(id));
  t.same(unsent, [], 'every operation that takes a body had its examples sent');
});
