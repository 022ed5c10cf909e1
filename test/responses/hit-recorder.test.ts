// The tracked links' hit recorder (src/responses/hit-recorder.ts) on a real database: a burst is
// written in few statements, with each post's totals kept right; flush writes everything before the
// app closes, and hits of a post deleted meanwhile are left out instead of failing the rest.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { createHitRecorder, type LinkHit } from '../../src/responses/hit-recorder.js';
import { engineSetup } from '../helpers/engine-setup.js';

t.test('a burst of hits is written in few inserts, all of it by flush, none lost', async (t) => {
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: 'https://jobs.example' } });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const vacancies = [await s.vacancy(), await s.vacancy({ title: 'Бариста' })];
  const postIds: string[] = [];
  for (const v of vacancies) {
    await s.json({ method: 'POST', url: `/v1/vacancies/${v.id}/campaigns`, payload: { targets: { groupIds: [fb.id] }, timing: { type: 'now' } } }, 201);
    postIds.push((await s.waitForPosts(v.id, (ps) => ps.every((p) => p.status === 'awaiting_manual')))[0]!.id);
  }
  const db = s.database.db;
  let inserts = 0;
  // Counts the statements the recorder sends, passing each to the real database.
  const counted = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execute') return (...args: unknown[]) => (inserts++, (target.execute as (...a: unknown[]) => unknown)(...args));
      return Reflect.get(target, prop, receiver);
    },
  });
  const errors: unknown[] = [];
  const recorder = createHitRecorder({ db: counted, onError: (err) => errors.push(err) });
  const hit = (postId: string, i: number): LinkHit => ({
    postId,
    workspaceId: s.workspaceId,
    vacancyId: vacancies[postIds.indexOf(postId)]!.id,
    groupId: fb.id,
    at: new Date(Date.now() + i),
    kind: i % 10 === 0 ? 'preview' : 'click',
    visitor: i % 10 === 0 ? null : `visitor-${i % 7}`,
  });
  for (let i = 0; i < 2500; i++) recorder.record(hit(postIds[i % 2]!, i));
  await recorder.flush();
  const counts = rowsOf<{ kind: string; n: number }>(await db.execute(sql`select kind, count(*)::int as n from link_hits group by kind order by kind`));
  t.same(counts, [{ kind: 'click', n: 2250 }, { kind: 'preview', n: 250 }], 'every hit written');
  t.ok(inserts <= 5, `2500 hits in ${inserts} inserts (at most 1000 per insert, the first alone)`);
  t.same(errors, []);
  // The totals kept with every insert say what counting the hits says; the seven visitors of each
  // post come back in every batch, and count once.
  const direct = rowsOf(
    await db.execute(sql`select post_id, count(*) filter (where kind = 'preview')::int as previews, count(*) filter (where kind = 'click')::int as clicks,
        count(distinct visitor) filter (where kind = 'click')::int as unique_clicks, count(*) filter (where kind = 'closed')::int as closed, max(at) as last_at
      from link_hits group by post_id order by post_id`),
  );
  const kept = rowsOf(await db.execute(sql`select post_id, previews, clicks, unique_clicks, closed, last_at from post_hit_totals order by post_id`));
  t.ok(inserts >= 3, 'the hits went in over several inserts');
  t.same(kept, direct, "each post's totals are its hits' counts");
  t.match(kept, [{ unique_clicks: 7 }, { unique_clicks: 7 }]);

  // A post deleted while its hits wait: they are left out, the other post's are written.
  const deleted = await s.call({ method: 'DELETE', url: `/v1/vacancies/${vacancies[1]!.id}` });
  t.equal(deleted.statusCode, 204, deleted.body);
  for (let i = 0; i < 10; i++) recorder.record(hit(postIds[i % 2]!, i + 1));
  await recorder.flush();
  const byPost = rowsOf<{ post_id: string; n: number }>(await db.execute(sql`select post_id, count(*)::int as n from link_hits group by post_id`));
  t.same(byPost, [{ post_id: postIds[0], n: 1250 + 5 }], "the deleted post's hits went with it; the others were written");
  t.same(errors, [], 'and nothing failed');
});
