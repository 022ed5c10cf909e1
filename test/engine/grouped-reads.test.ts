// The publish jobs of a fetched batch read their posts together, in one statement
// (publishStatements.context through groupedCalls). A mix-up there would send one vacancy's text to
// another's group, or leave a post behind while another is sent twice: every post must reach its own
// chat, with its own vacancy's text, once, and link to its own message.
import { DateTime } from 'luxon';
import t from 'tap';
import { engineSetup } from '../helpers/engine-setup.js';

t.test('posts read together are each sent to their own group with their own text', async (t) => {
  // One poller fetching batches of ten, and no rate limit to space the posts out (in the engine or the
  // fake): the nine posts, due at one instant, are fetched as one batch and their reads go out together.
  const noLimits = JSON.stringify({ telegram: { target: [], account: [] }, vk: { account: [], posts: [] } });
  const s = await engineSetup(t, { env: { WORKER_CONCURRENCY: '10', JOB_BATCH_SIZE: '10', RATE_LIMITS: noLimits }, fakes: { limits: false } });
  const chats = ['-1001000000001', '-1001000000002', '-1001000000003'];
  const groups = await Promise.all(
    chats.map((address, i) => s.group({ network: 'telegram', name: `Chat ${i}`, kind: 'channel', mode: 'api', address, accountId: s.accounts.telegram.id })),
  );
  const titles = ['Бариста', 'Кондитер', 'Курьер'];
  const vacancies = [];
  for (const title of titles) vacancies.push({ title, ...(await s.vacancy({ title })) });
  const dueAt = Math.ceil((Date.now() + 3000) / 1000) * 1000;
  const timing = { type: 'at', localTime: DateTime.fromMillis(dueAt, { zone: 'Europe/Moscow' }).toFormat("yyyy-LL-dd'T'HH:mm:ss"), timeZone: 'Europe/Moscow' };
  for (const v of vacancies) {
    await s.json({ method: 'POST', url: `/v1/vacancies/${v.id}/campaigns`, payload: { targets: { groupIds: groups.map((g) => g.id) }, timing } }, 201);
  }
  t.ok(Date.now() < dueAt, 'the campaigns were made before their posts were due');
  for (const v of vacancies) await s.waitForPosts(v.id, (ps) => ps.every((p) => p.status === 'published'));

  const sent = s.fakes.telegram.calls.filter((c) => c.method === 'sendMessage' && c.result === 'ok');
  t.equal(sent.length, 9, 'nine messages, one per post');
  for (const v of vacancies) {
    const mine = sent.filter((c) => String(c.params.text).includes(v.title));
    t.same(mine.map((c) => String(c.params.chat_id)).sort(), [...chats].sort(), `${v.title}: once to each chat`);
    const others = titles.filter((x) => x !== v.title);
    t.ok(mine.every((c) => others.every((o) => !String(c.params.text).includes(o))), `${v.title}: no other vacancy's text`);
  }
  for (const v of vacancies) {
    const posts = await s.posts(v.id);
    const byChat = new Map(posts.map((p) => [groups.findIndex((g) => g.id === p.groupId), p]));
    for (const [i, chat] of chats.entries()) {
      const message = s.fakes.telegram.messages(chat).find((m) => m.visible.includes(v.title))!;
      t.equal(byChat.get(i)!.permalink, `https://t.me/c/${chat.slice(4)}/${message.id}`, `${v.title} in chat ${i}: the permalink of its own message`);
    }
  }
});
