import { eq } from 'drizzle-orm';
import t from 'tap';
import { groups } from '../../src/db/schema.js';
import { loadChannels } from '../../src/registry/load-channels.js';
import { createRegistrySync } from '../../src/services/registry-sync.js';
import { buildTestApp } from '../helpers/test-app.js';

type G = { id: string; slug: string; network: string; name: string; status: string; mode: string; address: string | null; rules: { maxLength: number | null; minDaysBetweenPosts: number }; editedFields: string[] };

async function getGroup(call: Awaited<ReturnType<typeof buildTestApp>>['call'], id: string) {
  return (await call({ method: 'GET', url: `/v1/groups/${id}` })).json();
}

async function allGroups(call: Awaited<ReturnType<typeof buildTestApp>>['call'], query = '') {
  const items: G[] = [];
  let cursor: string | null = null;
  do {
    const res = await call({ method: 'GET', url: `/v1/groups?limit=40${query}${cursor ? `&cursor=${cursor}` : ''}` });
    if (res.statusCode !== 200) throw new Error(res.body);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return items;
}

t.test('a fresh workspace lists every curated group across the five networks', async (t) => {
  const { call } = await buildTestApp(t);
  const groups = await allGroups(call);
  const count = (n: string) => groups.filter((g) => g.network === n).length;
  t.same(
    { total: groups.length, facebook: count('facebook'), vk: count('vk'), ok: count('ok'), linkedin: count('linkedin'), telegram: count('telegram') },
    { total: 94, facebook: 35, vk: 16, ok: 16, linkedin: 9, telegram: 18 },
  );
  t.ok(groups.every((g) => g.status === 'needs_address' && g.address === null), 'no invented addresses');
  t.ok(groups.filter((g) => g.network === 'facebook' || g.network === 'linkedin').every((g) => g.mode === 'assisted'));
  t.equal(new Set(groups.map((g) => g.id)).size, 94, 'pages neither repeat nor skip');

  t.equal((await allGroups(call, '&network=vk')).length, 16);
  t.ok((await allGroups(call, '&tag=spb')).length >= 4, 'city tag filter');
  t.ok((await allGroups(call, '&tag=remote')).length >= 1, 'remote filter');
  t.equal((await allGroups(call, '&mode=assisted')).length, 44);
  t.same((await allGroups(call, '&q=python')).map((g) => g.slug), ['telegram-ru-python']);
});

t.test('setting an address validates it per network and makes the group active', async (t) => {
  const { call } = await buildTestApp(t);
  const [vkGroup] = await allGroups(call, '&network=vk&q=Калининград');
  const bad = await call({ method: 'PATCH', url: `/v1/groups/${vkGroup!.id}`, payload: { address: 'https://example.com/x' } });
  t.equal(bad.statusCode, 422);
  t.match(bad.json().errors, [{ field: 'address', message: /VK/ }]);

  // A screen name needs a VK account to be resolved to the community's id (test/engine/vk-addresses.test.ts).
  const unresolved = await call({ method: 'PATCH', url: `/v1/groups/${vkGroup!.id}`, payload: { address: 'https://vk.com/rabota_kaliningrad' } });
  t.equal(unresolved.statusCode, 422);
  t.match(unresolved.json().errors, [{ field: 'address', message: /with a VK account/ }]);

  const ok = await call({ method: 'PATCH', url: `/v1/groups/${vkGroup!.id}`, payload: { address: 'https://vk.com/club4207', rules: { maxLength: 4000 } } });
  t.equal(ok.statusCode, 200, ok.body);
  t.match(ok.json(), { address: '4207', status: 'active', rules: { maxLength: 4000, minDaysBetweenPosts: 7 } });
  t.same(ok.json().editedFields.sort(), ['address', 'rules', 'status']);

  const disabled = await call({ method: 'PATCH', url: `/v1/groups/${vkGroup!.id}`, payload: { disabled: true } });
  t.equal(disabled.json().status, 'disabled');
  const enabled = await call({ method: 'PATCH', url: `/v1/groups/${vkGroup!.id}`, payload: { disabled: false } });
  t.equal(enabled.json().status, 'active');

  const [fb] = await allGroups(call, '&network=facebook&q=SMM');
  const apiOnFb = await call({ method: 'PATCH', url: `/v1/groups/${fb!.id}`, payload: { mode: 'api' } });
  t.equal(apiOnFb.statusCode, 422, 'a Facebook group stays assisted');
  t.match(apiOnFb.json().errors, [{ field: 'mode' }]);
  const tg = (await allGroups(call, '&network=telegram&q=Marketing'))[0]!;
  const tgAddr = await call({ method: 'PATCH', url: `/v1/groups/${tg.id}`, payload: { address: 't.me/marketing_jobs' } });
  t.equal(tgAddr.json().address, '@marketing_jobs');
});

t.test('the sync is idempotent and a workspace edit wins over channels/', async (t) => {
  const { call, app, database, workspaceId } = await buildTestApp(t);
  const before = await allGroups(call);
  const target = before.find((g) => g.slug === 'telegram-ru-python')!;
  await call({ method: 'PATCH', url: `/v1/groups/${target.id}`, payload: { name: 'Python jobs (our name)', address: '@ru_python_jobs' } });

  const channels = await loadChannels();
  const changed = channels.map((c) =>
    c.slug === 'telegram-ru-python'
      ? { ...c, name: 'Ru_Python (renamed upstream)', rules: { ...c.rules, minDaysBetweenPosts: 3 } }
      : c.slug === before[0]!.slug
        ? { ...c, name: `${c.name} (renamed upstream)` }
        : c,
  );
  const sync = createRegistrySync({ channels: changed });
  await sync.syncWorkspace(database.db, workspaceId);
  await sync.syncWorkspace(database.db, workspaceId);
  await app.services.workspaces.syncRegistryEverywhere(); // the bundled files again: not a duplicate, not a delete

  const after = await allGroups(call);
  t.equal(after.length, before.length, 'nothing duplicated or deleted');
  const python = after.find((g) => g.slug === 'telegram-ru-python')!;
  t.equal(python.id, target.id, 'ids are stable');
  t.equal(python.name, 'Python jobs (our name)', 'the edited name is kept');
  t.equal(python.address, '@ru_python_jobs');
  t.equal(python.status, 'active');
  const firstAfter = after.find((g) => g.slug === before[0]!.slug)!;
  t.equal(firstAfter.name, before[0]!.name, 'an unedited field follows channels/ (here back to the bundled file)');

  await sync.syncWorkspace(database.db, workspaceId);
  const resynced = await allGroups(call);
  t.equal(resynced.find((g) => g.slug === 'telegram-ru-python')!.rules.minDaysBetweenPosts, 3, 'unedited rules follow channels/');
  t.match(resynced.find((g) => g.slug === before[0]!.slug)!.name, /renamed upstream/);
});

t.test('channels/ moving an unedited address drops what was read about the old one', async (t) => {
  const { call, database, workspaceId } = await buildTestApp(t);
  const channels = await loadChannels();
  const at = (address: string) => channels.map((c) => (c.slug === 'telegram-ru-python' ? { ...c, address, status: 'active' as const } : c));
  await createRegistrySync({ channels: at('@ru_python_old') }).syncWorkspace(database.db, workspaceId);
  const id = (await allGroups(call)).find((g) => g.slug === 'telegram-ru-python')!.id;
  // As a sweep leaves it: the bot removed from the chat at the address channels/ gave.
  await database.db
    .update(groups)
    .set({ status: 'broken', brokenCode: 'bot_removed', brokenReason: 'the bot was removed', verification: { at: new Date().toISOString(), source: 'sweep', outcome: 'broken', detail: 'the bot was removed', accountId: null, facts: null, suggestedMode: null }, verifiedAt: new Date(), addressAliases: ['@Ru_Python_Old'] })
    .where(eq(groups.id, id));

  await createRegistrySync({ channels: at('@ru_python_old') }).syncWorkspace(database.db, workspaceId);
  t.match(await getGroup(call, id), { status: 'broken', brokenCode: 'bot_removed', verifiedAt: String }, 'the same address again: what was read stays');

  await createRegistrySync({ channels: at('@ru_python_new') }).syncWorkspace(database.db, workspaceId);
  t.match(await getGroup(call, id), { address: '@ru_python_new', status: 'active', brokenCode: null, brokenReason: null, verification: null, verifiedAt: null }, 'a new address: nothing read about the old one is kept');
  const [row] = await database.db.select().from(groups).where(eq(groups.id, id));
  t.same(row!.addressAliases, [], "and not the old address's other forms");
});

t.test('custom groups: created with checks, slug unique, account must match the network', async (t) => {
  const { call } = await buildTestApp(t);
  const created = await call({
    method: 'POST',
    url: '/v1/groups',
    payload: { network: 'telegram', name: 'Our own jobs channel', kind: 'channel', mode: 'api', address: '@our_jobs_channel', tags: { professions: ['marketing'], cities: ['moscow'], remote: true } },
  });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { source: 'custom', status: 'active', slug: /^telegram-our-own-jobs-channel-[0-9a-f]{4}$/, rules: { minDaysBetweenPosts: 7, postingHours: { timeZone: 'Europe/Moscow' } } });

  const dup = await call({ method: 'POST', url: '/v1/groups', payload: { slug: created.json().slug, network: 'telegram', name: 'x', mode: 'api' } });
  t.equal(dup.statusCode, 409);

  const fbGroupApi = await call({ method: 'POST', url: '/v1/groups', payload: { network: 'facebook', name: 'Group', kind: 'group', mode: 'api' } });
  t.equal(fbGroupApi.statusCode, 422);

  const vkAccount = (await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'vk', credentials: { network: 'vk', userToken: 'vk1.a.some-user-token-value' } } })).json();
  const mismatch = await call({ method: 'PATCH', url: `/v1/groups/${created.json().id}`, payload: { accountId: vkAccount.id } });
  t.equal(mismatch.statusCode, 422);
  t.match(mismatch.json().errors, [{ field: 'accountId', message: /vk account/ }]);
});

t.test('a group template override is checked when saved: 422 names the line', async (t) => {
  const { call } = await buildTestApp(t);
  const [g] = await allGroups(call, '&network=vk&q=Томске');
  const broken = await call({ method: 'PATCH', url: `/v1/groups/${g!.id}`, payload: { templateOverride: '{{vacancy.title}}\n\n{{#if vacancy.title}}\nunclosed' } });
  t.equal(broken.statusCode, 422);
  t.match(broken.json(), { type: /invalid-template$/, line: Number });
  t.match(broken.json().errors[0].message, /^line \d+: /);
  const missing = await call({ method: 'PATCH', url: `/v1/groups/${g!.id}`, payload: { templateOverride: '{{vacancy.title}}\n{{nope}}' } });
  t.equal(missing.statusCode, 422, 'strict mode: an unknown variable is an error');
  t.match(missing.json().detail, /nope/);
  const good = await call({ method: 'PATCH', url: `/v1/groups/${g!.id}`, payload: { templateOverride: 'Вакансия: {{vacancy.title}}\n{{#truncatable}}{{description vacancy.description}}{{/truncatable}}\n{{applyUrl}}' } });
  t.equal(good.statusCode, 200, good.body);
});

t.test('a cursor this API did not hand out is a 400 naming it', async (t) => {
  const { call } = await buildTestApp(t);
  const res = await call({ method: 'GET', url: '/v1/groups?cursor=bm90IGEgc2x1Zw' });
  t.equal(res.statusCode, 400);
  t.match(res.json().errors, [{ field: 'cursor', in: 'querystring' }]);
});
