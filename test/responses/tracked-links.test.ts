// Tracked links end to end: a campaign's posts carry their own /r/{code} links (in the text, the
// Telegram button and the assisted task), following one redirects to the vacancy's apply link with
// the utm tags, people count as clicks (unique by a daily hash, no IP kept) and machines as
// previews, a closed vacancy answers 410, and applications land on the post they name.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { rowsOf } from '../../src/db/database.js';
import { engineSetup } from '../helpers/engine-setup.js';

const BASE = 'https://jobs.zerno.example';
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const settled = ['published', 'awaiting_manual'];

type Report = {
  tracking: { enabled: boolean; warning?: string };
  totals: Record<string, number | string | null>;
  networks: Array<Record<string, number | string | null>>;
  groups: Array<{ groupId: string; network: string; slug: string } & Record<string, number | string | null>>;
};

t.test('posts carry tracked links; clicks, previews, closed hits and applications are counted per group', async (t) => {
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: `${BASE}/` } });
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const vk = await s.group({ network: 'vk', name: 'Вакансии', mode: 'api', address: '123456', accountId: s.accounts.vk.id });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const vacancy = await s.vacancy();
  const { campaign } = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id, vk.id, fb.id] }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.every((p) => settled.includes(p.status)));
  const post = (groupId: string) => posts.find((p) => p.groupId === groupId)! as unknown as { id: string; applyUrl: string; status: string };
  const codeOf = (groupId: string) => post(groupId).applyUrl.slice(`${BASE}/r/`.length);

  for (const g of [tg, vk, fb]) t.match(post(g.id).applyUrl, /^https:\/\/jobs\.zerno\.example\/r\/[A-Za-z0-9_-]{12}$/, `the ${g.slug} post has its own tracked link`);
  t.equal(new Set([tg, vk, fb].map((g) => codeOf(g.id))).size, 3, 'three different codes');
  const message = s.fakes.telegram.calls.find((c) => c.method === 'sendMessage' && c.result === 'ok')!;
  const button = (message.params.reply_markup as { inline_keyboard: { url: string }[][] }).inline_keyboard[0]![0]!;
  t.equal(button.url, post(tg.id).applyUrl, "Telegram's Apply button is the tracked link");
  t.notOk(String(message.params.text).includes('example.org/jobs/1'), 'the raw apply link is not in the Telegram text');
  const wall = s.fakes.vk.calls.find((c) => c.method === 'wall.post' && c.result === 'ok')!;
  t.equal(wall.params.attachments, post(vk.id).applyUrl, 'the VK post attaches the tracked link');
  const task = await s.json({ method: 'GET', url: `/v1/posts/${post(fb.id).id}` });
  t.equal(task.applyUrl, post(fb.id).applyUrl, 'the assisted post hands out its tracked link');

  // Following the Telegram post's link.
  const follow = (code: string, opts: { ua?: string; method?: 'GET' | 'HEAD'; ip?: string } = {}) =>
    // light-my-request sends "lightMyRequest" when no user agent is given: an empty one stands for none.
    s.app.inject({ method: opts.method ?? 'GET', url: `/r/${code}`, headers: { 'user-agent': opts.ua ?? '' }, remoteAddress: opts.ip ?? '203.0.113.5' });
  const first = await follow(codeOf(tg.id), { ua: BROWSER });
  t.equal(first.statusCode, 302);
  const to = new URL(first.headers.location as string);
  t.equal(`${to.origin}${to.pathname}`, 'https://example.org/jobs/1', "to the vacancy's apply link");
  t.same(Object.fromEntries(to.searchParams), { utm_source: 'telegram', utm_medium: 'social', utm_campaign: campaign.id, utm_content: tg.slug }, 'tagged for the group and campaign');
  t.equal(first.headers['cache-control'], 'no-store');
  t.equal(first.headers['referrer-policy'], 'strict-origin-when-cross-origin');
  await follow(codeOf(tg.id), { ua: BROWSER }); // the same person again
  await follow(codeOf(tg.id), { ua: BROWSER, ip: '198.51.100.7' }); // someone else
  for (const ua of ['TelegramBot (like TwitterBot)', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)']) {
    t.equal((await follow(codeOf(tg.id), { ua })).statusCode, 302, `${ua.split(/[ /]/)[0]} is redirected too`);
  }
  t.equal((await follow(codeOf(tg.id), { ua: BROWSER, method: 'HEAD' })).statusCode, 302, 'HEAD');
  t.equal((await follow(codeOf(tg.id))).statusCode, 302, 'no user agent');

  // Unknown and malformed codes: a page for a person, never a stack trace or problem+json. (A path
  // segment over 100 characters is refused before any route, as 414 problem+json.)
  for (const code of ['AAAAAAAAAAAA', 'short', 'has.dots..in', 'x'.repeat(90), '%00%00%00%00', '%F0%9F%98%80']) {
    const res = await follow(code, { ua: BROWSER });
    t.equal(res.statusCode, 404, `/r/${code.slice(0, 12)}… → 404`);
    t.match(res.headers['content-type'], /^text\/html/);
    t.match(res.body, /Ссылка не найдена/);
  }

  // The VK post's vacancy closes: its link (never followed before) shows the closed page.
  await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close`, payload: {} });
  const closed = await follow(codeOf(vk.id), { ua: BROWSER });
  t.equal(closed.statusCode, 410);
  t.match(closed.body, /Вакансия закрыта/);
  t.match(closed.body, /Онлайн-маркетолог/);

  // Applications: by the link's code, again with the same id, by the utm tags, and refusals.
  const byCode = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-1', candidate: 'cand-77', code: codeOf(tg.id) } });
  t.equal(byCode.statusCode, 201, byCode.body);
  t.match(byCode.json(), { via: 'link_code', postId: post(tg.id).id, groupId: tg.id, vacancyId: vacancy.id, campaignId: campaign.id });
  const again = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-1', postId: post(vk.id).id } });
  t.equal(again.statusCode, 200, 'the same external id again: recorded once');
  t.equal(again.json().id, byCode.json().id);
  const byUtm = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-2', utm: { campaign: campaign.id, content: vk.slug } } });
  t.equal(byUtm.statusCode, 201, byUtm.body);
  t.equal(byUtm.json().groupId, vk.id, 'utm_content names the group');
  const unknown = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-3', code: 'AAAAAAAAAAAA' } });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.headers['content-type'], /application\/problem\+json/);
  t.same(unknown.json().errors.map((e: { field: string }) => e.field), ['code']);
  const two = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-4', code: codeOf(tg.id), postId: post(tg.id).id } });
  t.equal(two.statusCode, 400);
  t.same(two.json().errors.map((e: { field: string }) => e.field), ['postId'], 'two sources: the second is named');
  const none = await s.call({ method: 'POST', url: '/v1/applications', payload: { externalId: 'ats-5' } });
  t.equal(none.statusCode, 400);
  t.same(none.json().errors.map((e: { field: string }) => e.field), ['code'], 'no source: named');
  const [{ n: applicationRows } = { n: -1 }] = rowsOf<{ n: number }>(await s.database.db.execute(sql`select count(*)::int as n from applications`));
  t.equal(applicationRows, 2, 'refusals wrote nothing');

  // The report, once the hits are written (the redirect does not wait for them).
  let report: Report | undefined;
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    report = (await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/responses` })) as Report;
    if (report.totals.clicks === 3 && report.totals.closedClicks === 1 && report.totals.previews === 5) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const of = (groupId: string) => report!.groups.find((g) => g.groupId === groupId)!;
  t.same(report!.tracking, { enabled: true });
  t.match(of(tg.id), { network: 'telegram', posts: 1, clicks: 3, uniqueClicks: 2, previews: 5, closedClicks: 0, applications: 1 });
  t.match(of(vk.id), { network: 'vk', posts: 1, clicks: 0, uniqueClicks: 0, previews: 0, closedClicks: 1, applications: 1 });
  t.match(of(fb.id), { network: 'facebook', posts: 1, clicks: 0, previews: 0, applications: 0, lastResponseAt: null });
  t.match(report!.totals, { posts: 3, clicks: 3, uniqueClicks: 2, previews: 5, closedClicks: 1, applications: 2 });
  t.same(report!.networks.map((n) => [n.network, n.clicks, n.applications]), [['facebook', 0, 0], ['telegram', 3, 1], ['vk', 0, 1]]);
  t.equal(report!.groups.at(-1)!.groupId, fb.id, 'the group that brought nothing comes last');
  const one = await s.json({ method: 'GET', url: `/v1/posts/${post(tg.id).id}/responses` });
  t.match(one, { postId: post(tg.id).id, trackedLink: post(tg.id).applyUrl, clicks: 3, uniqueClicks: 2, previews: 5, applications: 1 });

  // No raw IP address anywhere in the hits.
  const hits = rowsOf<{ row: string }>(await s.database.db.execute(sql`select row_to_json(h)::text as row from link_hits h`));
  t.equal(hits.length, 9);
  t.notOk(hits.some((h) => h.row.includes('203.0.113.5') || h.row.includes('198.51.100.7')), 'no IP address stored');
  t.equal(new Set(hits.map((h) => JSON.parse(h.row).visitor).filter(Boolean)).size, 2, 'two visitors, as hashes');
});

t.test('without PUBLIC_BASE_URL posts keep the direct tagged link, and the report says clicks are not counted', async (t) => {
  const s = await engineSetup(t);
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const vacancy = await s.vacancy();
  const { campaign } = await s.json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id] }, timing: { type: 'now' } } }, 201);
  const [post] = await s.waitForPosts(vacancy.id, (ps) => ps.every((p) => p.status === 'published'));
  t.equal(post!.applyUrl, `https://example.org/jobs/1?utm_source=telegram&utm_medium=social&utm_campaign=${campaign.id}&utm_content=${tg.slug}`);
  const report = (await s.json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/responses` })) as Report;
  t.equal(report.tracking.enabled, false);
  t.match(report.tracking.warning, /PUBLIC_BASE_URL is not set/);
  t.match(report.totals, { posts: 1, clicks: 0 });
});

t.test('a vacancy with contacts only gets tracked links too: to Telegram, or a contact page', async (t) => {
  const s = await engineSetup(t, { env: { PUBLIC_BASE_URL: BASE } });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const byTelegram = await s.vacancy({ applyUrl: undefined, contacts: { telegram: '@zerno_hr', email: 'hr@zerno.example' } });
  const byMail = await s.vacancy({ applyUrl: undefined, title: 'Бариста', contacts: { email: 'hr@zerno.example', phone: '+7 999 123-45-67' } });
  const linkOf = async (vacancyId: string) => {
    await s.json({ method: 'POST', url: `/v1/vacancies/${vacancyId}/campaigns`, payload: { targets: { groupIds: [fb.id] }, timing: { type: 'now' } } }, 201);
    const [post] = await s.waitForPosts(vacancyId, (ps) => ps.every((p) => p.status === 'awaiting_manual'));
    return new URL(post!.applyUrl as string).pathname;
  };
  const toTelegram = await s.app.inject({ method: 'GET', url: await linkOf(byTelegram.id), headers: { 'user-agent': BROWSER } });
  t.equal(toTelegram.statusCode, 302);
  t.equal(toTelegram.headers.location, 'https://t.me/zerno_hr');
  const page = await s.app.inject({ method: 'GET', url: await linkOf(byMail.id), headers: { 'user-agent': BROWSER } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.headers['content-security-policy'], /default-src 'none'/);
  t.match(page.body, /Бариста/);
  t.match(page.body, /mailto:hr%40zerno\.example/);
  t.match(page.body, /tel:%2B79991234567/);
});
