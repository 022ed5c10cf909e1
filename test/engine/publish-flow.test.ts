// The walkthrough the README promises, end to end: a vacancy goes to Telegram, VK and an assisted
// Facebook group; each post reaches published or awaiting_manual; closing edits or removes them.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { engineSetup } from '../helpers/engine-setup.js';

const settled = ['published', 'suggested', 'awaiting_manual', 'failed', 'unknown', 'cancelled', 'removed'];

t.test('a campaign publishes to Telegram and VK, prepares Facebook for a person, and closing edits the posts', async (t) => {
  const s = await engineSetup(t);
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const vk = await s.group({ network: 'vk', name: 'Вакансии', mode: 'api', address: '123456', accountId: s.accounts.vk.id });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const vacancy = await s.vacancy();

  const created = await s.call({
    method: 'POST',
    url: `/v1/vacancies/${vacancy.id}/campaigns`,
    payload: { targets: { groupIds: [tg.id, vk.id, fb.id] }, timing: { type: 'now' } },
  });
  t.equal(created.statusCode, 201, created.body);
  const body = created.json();
  t.equal(body.posts.length, 3, 'one post per group');
  t.ok(body.posts.every((p: { status: string }) => p.status === 'queued'), 'due now: queued');

  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.every((p) => settled.includes(p.status)));
  const byGroup = new Map(posts.map((p) => [p.groupId, p]));
  t.equal(byGroup.get(tg.id)!.status, 'published');
  t.match(byGroup.get(tg.id)!.permalink, /^https:\/\/t\.me\/c\/1234567890\/\d+$/);
  t.equal(byGroup.get(vk.id)!.status, 'published');
  t.match(byGroup.get(vk.id)!.permalink, /^https:\/\/vk\.com\/wall-123456_\d+$/);
  t.equal(byGroup.get(fb.id)!.status, 'awaiting_manual');

  // What went over the wire: one message, one wall post, nothing to Facebook.
  t.equal(s.fakes.telegram.calls.filter((c) => c.method === 'sendMessage' && c.result === 'ok').length, 1);
  t.equal(s.fakes.vk.calls.filter((c) => c.method === 'wall.post' && c.result === 'ok').length, 1);
  t.equal(s.fakes.facebook.calls.length, 0);
  const tgText = String(s.fakes.telegram.calls.find((c) => c.method === 'sendMessage')!.params.text);
  t.match(tgText, /Онлайн-маркетолог/);
  const button = (s.fakes.telegram.calls.find((c) => c.method === 'sendMessage')!.params.reply_markup as { inline_keyboard: { url: string }[][] }).inline_keyboard[0]![0]!;
  t.match(button.url, /utm_source=telegram/, 'the apply button carries the tracked link');

  // The assisted task: text to paste, where, and the tracked link.
  const tasks = (await s.json({ method: 'GET', url: '/v1/assisted-tasks' })).items;
  t.equal(tasks.length, 1);
  t.equal(tasks[0].groupUrl, 'https://www.facebook.com/groups/smmjobs');
  t.match(tasks[0].text, /Онлайн-маркетолог/);
  t.match(tasks[0].applyUrl, /utm_source=facebook&utm_medium=social/);
  const confirmed = await s.call({ method: 'POST', url: `/v1/assisted-tasks/${tasks[0].postId}/confirm`, payload: { permalink: 'https://www.facebook.com/groups/smmjobs/posts/1' } });
  t.equal(confirmed.statusCode, 200, confirmed.body);
  t.equal(confirmed.json().status, 'published');
  t.equal((await s.json({ method: 'GET', url: '/v1/assisted-tasks' })).items.length, 0);

  // History: every transition recorded.
  const tgPost = await s.json({ method: 'GET', url: `/v1/posts/${byGroup.get(tg.id)!.id}` });
  t.same(tgPost.history.map((e: { to: string }) => e.to), ['queued', 'sending', 'published']);
  t.equal(tgPost.history[2].attempt, 1);

  // Close: Telegram message edited (under 48 h; policy "edit"), VK post edited.
  const closed = await s.call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  t.equal(closed.statusCode, 200, closed.body);
  const after = await s.waitForPosts(vacancy.id, (ps) => ps.filter((p) => p.network !== 'facebook').every((p) => p.closedEditAt !== null));
  t.ok(after.every((p) => p.status === 'published'), 'edited posts stay published');
  const edit = s.fakes.telegram.calls.find((c) => c.method === 'editMessageText');
  t.match(String(edit?.params.text), /Вакансия закрыта/);
  t.ok(s.fakes.vk.calls.some((c) => c.method === 'wall.edit' && c.result === 'ok'));
  const fbHistory = await s.json({ method: 'GET', url: `/v1/posts/${byGroup.get(fb.id)!.id}` });
  t.match(fbHistory.history.at(-1).note, /by hand/);

  const campaigns = (await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/campaigns` })).items;
  t.equal(campaigns[0].status, 'completed');
  t.equal(campaigns[0].endReason, 'vacancy_closed');
});

t.test('delete policy removes young Telegram posts; cancelled campaign leaves nothing pending', async (t) => {
  const s = await engineSetup(t);
  const patched = await s.call({ method: 'PATCH', url: '/v1/workspace/settings', payload: { closePolicy: 'delete' } });
  t.equal(patched.json().closePolicy, 'delete');
  const tg = await s.group({ network: 'telegram', name: 'Chan', kind: 'channel', mode: 'api', address: '@jobs_channel', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } }, 201);
  await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  const [removed] = await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'removed');
  t.ok(removed!.closedEditAt);
  t.equal(s.fakes.telegram.messages('@jobs_channel').length, 0, 'the message is gone from the chat');
});

t.test('delete policy on a Telegram message past 48 hours: edited straight away, no delete tried', async (t) => {
  const s = await engineSetup(t);
  await s.json({ method: 'PATCH', url: '/v1/workspace/settings', payload: { closePolicy: 'delete' } });
  const tg = await s.group({ network: 'telegram', name: 'Chan', kind: 'channel', mode: 'api', address: '@old_channel', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } }, 201);
  await s.waitForPosts(vacancy.id, (ps) => ps[0]?.status === 'published');
  // 49 hours pass, for the network and for the post's record.
  s.fakes.telegram.clock.advance(49 * 3_600_000);
  await s.database.db.execute(sql`update posts set published_at = published_at - interval '49 hours' where vacancy_id = ${vacancy.id}`);
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  const [edited] = await s.waitForPosts(vacancy.id, (ps) => Boolean(ps[0]?.closedEditAt));
  t.equal(edited!.status, 'published', 'still on the wall, edited');
  const [message] = s.fakes.telegram.messages('@old_channel');
  t.match(message!.visible, /закрыт|closed/i, 'the message now says the vacancy is closed');
  t.same(s.fakes.telegram.calls.filter((c) => c.method === 'deleteMessage').length, 0, 'no delete was attempted');
});
