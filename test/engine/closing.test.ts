// Closing a vacancy changes its posts the way they were sent: a Telegram photo post is edited by
// its caption in one call. A post sent before kinds were recorded may need a second call (the first
// guess was refused); that call takes a rate-limit turn of its own, never rides on the first one's.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { posts } from '../../src/db/schema.js';
import { engineSetup } from '../helpers/engine-setup.js';

const done = (p: { status: string }) => p.status === 'published';

async function photoPost(s: Awaited<ReturnType<typeof engineSetup>>, address: string) {
  const group = await s.group({ network: 'telegram', name: `Channel ${address}`, kind: 'channel', mode: 'api', address, accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy({ image: 'https://img.example/barista.png' });
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [group.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.length === 1 && ps.every(done));
  return { vacancy, post: post! };
}

async function closedEdits(s: Awaited<ReturnType<typeof engineSetup>>, vacancyId: string, chat: string) {
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyId}/close` });
  const until = Date.now() + 30_000;
  for (;;) {
    const post = (await s.posts(vacancyId))[0]!;
    if (post.closedEditAt) break;
    if (Date.now() > until) throw new Error(`not edited: ${JSON.stringify(post)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return s.fakes.telegram.calls.filter((c) => c.target === chat && c.method.startsWith('edit'));
}

t.test('a photo post is closed with one call: its caption', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1003000000001';
  const { vacancy } = await photoPost(s, chat);
  t.equal(s.fakes.telegram.calls.find((c) => c.target === chat && c.result === 'ok')?.method, 'sendPhoto', 'sent as a photo');
  const edits = await closedEdits(s, vacancy.id, chat);
  t.same(edits.map((c) => [c.method, c.result]), [['editMessageCaption', 'ok']], 'one call, by the caption');
  t.match(s.fakes.telegram.messages(chat)[0]!.visible, /Вакансия закрыта/);
});

t.test('a photo post sent before kinds were recorded: the second call takes a turn of its own', async (t) => {
  const s = await engineSetup(t);
  const chat = '-1003000000002';
  const { vacancy, post } = await photoPost(s, chat);
  // As a post published before message kinds were stored.
  await s.database.db.update(posts).set({ messageKind: null }).where(eq(posts.id, post.id));
  const edits = await closedEdits(s, vacancy.id, chat);
  t.same(edits.map((c) => [c.method, c.result]), [['editMessageText', 'error:400'], ['editMessageCaption', 'ok']], 'the text guess is refused, then the caption');
  const gap = edits[1]!.time - edits[0]!.time;
  t.ok(gap >= 1000, `the second call kept the chat's 1 s from the first (${gap} ms)`);
  t.same(s.fakes.telegram.calls.filter((c) => c.result === 'error:429'), [], 'no 429');
  const [stored] = await s.database.db.select({ messageKind: posts.messageKind }).from(posts).where(eq(posts.id, post.id));
  t.equal(stored!.messageKind, 'photo', 'the kind the network named is remembered');
});
