// The live registry's edges: a broken group is not mended by an unrelated edit or by enabling it
// again (and each change is recorded); a new address mends it; an assisted Telegram group is not
// broken by a missing bot; a person's chat is never a group; an account that cannot read is refused
// by name; and bad import input is answered per line or as one 422, never a 500, keeping nothing
// half-made.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { vkError, type TelegramFakeChat, type VkFakeCommunity } from '../fakes/index.js';
import { engineSetup } from '../helpers/engine-setup.js';

const TG = {
  ours: { id: -1002000000001, type: 'channel', username: 'edge_jobs', title: 'Edge jobs' },
  second: { id: -1002000000002, type: 'channel', username: 'edge_jobs_two', title: 'Edge jobs two' },
  chat: { id: -1002000000003, type: 'supergroup', username: 'edge_chat', title: 'Edge chat' },
  person: { id: 700000001, type: 'private', username: 'ivan_recruiter', title: 'Ivan' },
} satisfies Record<string, TelegramFakeChat>;

const VK = {
  asked: { id: 2000001, name: 'Edge VK jobs', screen_name: 'edge_vk_jobs', members_count: 5000, can_post: true },
  chosen: { id: 2000002, name: 'Other VK jobs', screen_name: 'other_vk_jobs', members_count: 900, wall: 2, can_suggest: true },
  suggestOnly: { id: 2000003, name: 'Suggestions only', screen_name: 'suggest_only_jobs', members_count: 300, wall: 2, can_suggest: true },
} satisfies Record<string, VkFakeCommunity>;

type Group = { id: string; status: string; mode: string; address: string | null; brokenCode: string | null; brokenReason: string | null; verification: { outcome: string } | null };
type Change = { from: string; to: string; code: string | null; reason: string; source: string };

t.test('broken groups, assisted groups, persons, accounts and bad import input', async (t) => {
  const s = await engineSetup(t, { fakes: { telegram: { chats: Object.values(TG) }, vk: { communities: Object.values(VK) } } });
  const { json, call } = s;
  const get = (id: string): Promise<Group> => json({ method: 'GET', url: `/v1/groups/${id}` });
  const changes = async (id: string): Promise<Change[]> => (await json({ method: 'GET', url: `/v1/groups/${id}/status-changes` })).items;
  const patch = (id: string, payload: Record<string, unknown>) => json({ method: 'PATCH', url: `/v1/groups/${id}`, payload });
  const verify = (id: string) => json({ method: 'POST', url: `/v1/groups/${id}/verify` });

  // An api channel whose bot is then removed: broken by verification.
  const channel = await s.group({ network: 'telegram', name: 'Edge jobs', kind: 'channel', mode: 'api', address: '@edge_jobs', accountId: s.accounts.telegram.id });
  t.match(await verify(channel.id), { outcome: 'postable', group: { status: 'active' } });
  s.fakes.telegram.setChat('@edge_jobs', { botStatus: 'kicked' });
  t.match(await verify(channel.id), { outcome: 'broken', group: { status: 'broken', brokenCode: 'bot_removed' } });

  await t.test('an edit of its notes does not mend it', async (t) => {
    t.match(await patch(channel.id, { notes: 'the admins were asked to add the bot back' }), { status: 'broken', brokenCode: 'bot_removed' });
  });

  await t.test('disabled, then enabled again: still broken, each step recorded', async (t) => {
    t.match(await patch(channel.id, { disabled: true }), { status: 'disabled' });
    t.match(await patch(channel.id, { disabled: false }), { status: 'broken', brokenCode: 'bot_removed' });
    const recent = (await changes(channel.id)).slice(0, 2).map((c) => `${c.from} → ${c.to} ${c.source}`);
    t.same(recent, ['disabled → broken patch', 'broken → disabled patch'], 'newest first');
    t.match((await changes(channel.id))[0]!.reason, /still broken/);
  });

  await t.test('its @username typed in another case is not a new address', async (t) => {
    t.match(await patch(channel.id, { address: '@EDGE_JOBS' }), { status: 'broken', brokenCode: 'bot_removed', address: '@edge_jobs' });
  });

  await t.test('choosing the same address again without reading it does not mend it either', async (t) => {
    // The account cannot read (re-authorisation pending): the address is kept, unread.
    const stale = await s.group({ network: 'telegram', name: 'Edge jobs two', kind: 'channel', mode: 'api', address: '@edge_jobs_two' });
    s.fakes.telegram.setChat('@edge_jobs_two', { botStatus: 'kicked' });
    await patch(stale.id, { accountId: s.accounts.telegram.id });
    t.match(await verify(stale.id), { outcome: 'broken' });
    await s.database.db.execute(sql`update accounts set status = 'needs_reauth' where id = ${s.accounts.telegram.id}`);
    try {
      const again = await json({ method: 'POST', url: `/v1/groups/${stale.id}/address`, payload: { address: '@edge_jobs_two' } });
      t.match(again, { group: { status: 'broken', brokenCode: 'bot_removed' }, verification: { outcome: 'broken' } });
      // Nor while a person has it disabled: enabled again, it is still broken.
      await patch(stale.id, { disabled: true });
      const whileDisabled = await json({ method: 'POST', url: `/v1/groups/${stale.id}/address`, payload: { address: '@edge_jobs_two' } });
      t.match(whileDisabled, { group: { status: 'disabled', brokenCode: 'bot_removed' } });
      t.match(await patch(stale.id, { disabled: false }), { status: 'broken', brokenCode: 'bot_removed' });
    } finally {
      await s.database.db.execute(sql`update accounts set status = 'active' where id = ${s.accounts.telegram.id}`);
    }
  });

  await t.test('a new address mends it and forgets what was found about the old one', async (t) => {
    const fixed = await patch(channel.id, { address: '@edge_chat' });
    t.match(fixed, { status: 'active', brokenCode: null, brokenReason: null, verification: null, address: '@edge_chat' });
    t.match((await changes(channel.id))[0], { from: 'broken', to: 'active', source: 'patch', reason: 'address set to @edge_chat' });
  });

  await t.test('an assisted group is not broken by a missing bot, only by a chat that is gone', async (t) => {
    const assisted = await s.group({ network: 'telegram', name: 'Edge chat by hand', kind: 'group', mode: 'assisted', address: '@edge_chat' });
    s.fakes.telegram.setChat('@edge_chat', { botStatus: 'kicked' });
    t.match(await verify(assisted.id), { outcome: 'postable', group: { status: 'active', mode: 'assisted' } });
    t.match((await get(assisted.id)).verification, { outcome: 'postable', detail: /a person posts here/ });
  });

  await t.test("a person's chat is not a group", async (t) => {
    const g = await s.group({ network: 'telegram', name: 'Someone', kind: 'channel', mode: 'api' });
    const res = await call({ method: 'POST', url: `/v1/groups/${g.id}/address`, payload: { address: '@ivan_recruiter' } });
    t.equal(res.statusCode, 422);
    t.match(res.json(), { errors: [{ field: 'address', message: /is a person, not a group/ }] });
    t.match(await get(g.id), { status: 'needs_address', address: null }, 'nothing was written');
    const report = await json({ method: 'POST', url: '/v1/groups/import-links', payload: { links: ['https://t.me/ivan_recruiter'] } });
    t.match(report.lines, [{ outcome: 'refused', detail: /is a person/ }]);
  });

  await t.test('an account given by id must be one that can read', async (t) => {
    const g = await s.group({ network: 'telegram', name: 'Needs an account', kind: 'channel', mode: 'api' });
    for (const accountId of [s.accounts.vk.id, '019a0000-0000-7000-8000-000000000000']) {
      const res = await call({ method: 'POST', url: `/v1/groups/${g.id}/address`, payload: { address: '@edge_jobs_two', accountId } });
      t.equal(res.statusCode, 422, res.body);
      t.match(res.json(), { errors: [{ field: 'accountId' }] });
    }
  });

  await t.test('bad import input: per line, or one 422 for too many; never a 500', async (t) => {
    const before = (await json({ method: 'GET', url: '/v1/groups?limit=200' })).items.length;
    const odd = await json({
      method: 'POST',
      url: '/v1/groups/import-links',
      payload: { text: 'https://www.linkedin.com/groups/%zz\n\n# x\nftp://t.me/edge_jobs\nhttps://vk.com/', links: ['https://www.facebook.com/groups/odd.one', { url: 'https://www.facebook.com/groups/odd.two', name: 'Нечётные вакансии' }] },
    });
    t.same(odd.lines.map((l: { line: number; outcome: string }) => `${l.line} ${l.outcome}`), ['1 created', '4 refused', '5 refused', '6 created', '7 created'], 'the list is numbered after the text');
    t.equal(odd.lines[4].name, 'Нечётные вакансии', 'a name given with the link names the group');
    t.equal((await json({ method: 'GET', url: '/v1/groups?limit=200' })).items.length, before + 3, 'only the lines reported created made groups');

    // "Работа. Вакансии. Резюме" and "Работа, Вакансии, Резюме" are both curated Facebook groups.
    const tie = await json({ method: 'POST', url: '/v1/groups/import-links', payload: { links: [{ url: 'https://www.facebook.com/groups/rvr.jobs', name: 'Вакансии, работа, резюме' }] } });
    t.match(tie.lines[0], { outcome: 'refused', detail: /"Вакансии, работа, резюме" is as like the curated "[^"]+" as "[^"]+": not guessed; set the address on the right one \(facebook-[^ ]+ or facebook-[^ ]+\)/ }, 'two curated names alike: neither is guessed, and no third group is made');

    const longList = await call({ method: 'POST', url: '/v1/groups/import-links', payload: { links: Array.from({ length: 501 }, (_, i) => `https://www.facebook.com/groups/g${i}`) } });
    t.equal(longList.statusCode, 400, 'a JSON list longer than 500 fails the schema');
    t.match(longList.json(), { errors: [{ field: 'links', message: /at most 500/ }] });
    const tooMany = await call({
      method: 'POST',
      url: '/v1/groups/import-links',
      payload: { text: Array.from({ length: 400 }, (_, i) => `https://www.facebook.com/groups/t${i}`).join('\n'), links: Array.from({ length: 101 }, (_, i) => `https://www.facebook.com/groups/l${i}`) },
    });
    t.equal(tooMany.statusCode, 422, 'text and list together over 500 are refused whole');
    t.match(tooMany.json(), { errors: [{ field: 'text', message: /501 links; at most 500/ }] });
    t.equal((await json({ method: 'GET', url: '/v1/groups?limit=200' })).items.length, before + 3, 'nothing of a refused request was written');
  });
  await t.test("a person's address is not overwritten by the read an import left for later; one community is one group", async (t) => {
    await new Promise((r) => setTimeout(r, 1100)); // a fresh second on the VK token
    s.fakes.vk.inject({ method: 'groups.getById', target: 'edge_vk_jobs', fault: vkError(6, undefined, undefined, 'groups.getById') });
    const imported = await json({ method: 'POST', url: '/v1/groups/import-links', payload: { links: [{ url: 'https://vk.com/edge_vk_jobs', name: 'Edge VK jobs' }] } });
    t.match(imported.lines[0], { outcome: 'created', verified: 'pending' });
    const id = imported.lines[0].groupId as string;
    // Before the job reads it, the person chooses another community for the group.
    const chosen = await json({ method: 'POST', url: `/v1/groups/${id}/address`, payload: { address: 'https://vk.com/other_vk_jobs' } });
    t.match(chosen, { group: { address: String(VK.chosen.id), mode: 'suggest' } });
    await s.app.services.registryLive.handlers['registry.verify']({ workspaceId: s.workspaceId, groupId: id, source: 'import' });
    t.match(await get(id), { address: String(VK.chosen.id), mode: 'suggest', status: 'active' }, "the job's late read leaves the person's address and mode alone");

    const twin = await s.group({ network: 'vk', name: 'The same community, twice', mode: 'api' });
    const taken = await call({ method: 'POST', url: `/v1/groups/${twin.id}/address`, payload: { address: `https://vk.com/club${VK.chosen.id}` } });
    t.equal(taken.statusCode, 409, taken.body);
    t.match(taken.json(), { detail: /the group "Edge VK jobs" \(vk-[^)]+\) already has this address: one community is one group/ });
    t.match(await get(twin.id), { address: null }, 'nothing written');

    // A group made by a person with its mode and address, never read: a verification says what it
    // found, and leaves the mode the person chose.
    const own = await s.group({ network: 'vk', name: 'Own VK group', mode: 'api', address: String(VK.suggestOnly.id), accountId: s.accounts.vk.id });
    const verified = await json({ method: 'POST', url: `/v1/groups/${own.id}/verify` });
    t.match(verified, { group: { verification: { facts: { access: 'suggest' } } } }, 'it read that the account may only suggest there');
    t.match(await get(own.id), { mode: 'api' }, 'a verify never lowers the mode a person set');
  });
});
