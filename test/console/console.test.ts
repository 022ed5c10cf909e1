// The console in a real browser (Debian's Chromium through playwright-core) against the real app on
// a real database, with only the networks faked at the wire: a person signs in, confirms an
// assisted post, resolves an unknown one, sets a group's address, reads a vacancy's chart and
// retries a webhook delivery. Every page is photographed at phone and laptop width, checked for
// horizontal overflow at 360 px, unlabelled fields, and any request to another host.
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { BrowserContext, Page } from 'playwright-core';
import { engineSetup } from '../helpers/engine-setup.js';
import { browserMissing, builtConsole, LAPTOP, launchBrowser, PHONE, SCREENSHOT_DIR } from '../helpers/browser.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';
const LOST_CHAT = '-1002000000002';
const DESIGN_CHAT = { id: -1001000000101, type: 'channel' as const, username: 'design_hunters_jobs', title: 'Design Hunters' };
const SMM_CHAT = { id: -1001000000102, type: 'channel' as const, username: 'smm_moscow_openings', title: 'SMM Moscow openings' };

t.test('a recruiter works through the console', { skip: browserMissing() ?? false }, async (t) => {
  let webhooksUp = false;
  // Failing deliveries are told to wait an hour: only the console's Retry can send one sooner.
  const receiver = await startWebhookReceiver(() => (webhooksUp ? { status: 204 } : { status: 503, headers: { 'retry-after': '3600' } }));
  t.teardown(() => receiver.close());
  const s = await engineSetup(t, {
    env: { PUBLIC_BASE_URL: 'https://jobs.zerno.example', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_MS: '200' },
    // Given chats replace the fake's defaults: the two channels posted to are listed too.
    fakes: { telegram: { chats: [DESIGN_CHAT, SMM_CHAT, { id: -1001234567890, type: 'channel', title: 'Jobs channel' }, { id: Number(LOST_CHAT), type: 'channel', title: 'Lost channel' }] } },
    consoleDir: await builtConsole(),
  });
  const { json } = s;
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;

  // ---- what the person will find: an assisted post, an unknown one, responses, a webhook ----
  const endpoint = await json({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: receiver.url, description: 'ATS' } }, 201);
  const tg = await s.group({ network: 'telegram', name: 'Jobs channel', kind: 'channel', mode: 'api', address: '-1001234567890', accountId: s.accounts.telegram.id });
  const lost = await s.group({ network: 'telegram', name: 'Lost channel', kind: 'channel', mode: 'api', address: LOST_CHAT, accountId: s.accounts.telegram.id });
  const fb = await s.group({ network: 'facebook', name: 'SMM jobs', mode: 'assisted', address: 'https://www.facebook.com/groups/smmjobs' });
  const vacancy = await s.vacancy({ title: 'Маркетолог в Томске' });
  s.fakes.telegram.inject({ method: 'sendMessage', target: LOST_CHAT, fault: { type: 'hang' } });
  await json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/campaigns`, payload: { targets: { groupIds: [tg.id, lost.id, fb.id] }, timing: { type: 'now' } } }, 201);
  const posts = await s.waitForPosts(vacancy.id, (ps) => ps.length === 3 && ps.every((p) => ['published', 'awaiting_manual', 'unknown'].includes(p.status)));
  const byGroup = new Map(posts.map((p) => [p.groupId, p]));
  const tgPost = byGroup.get(tg.id)!;
  const fbPost = byGroup.get(fb.id)!;
  const lostPost = byGroup.get(lost.id)!;
  t.same([tgPost.status, fbPost.status, lostPost.status], ['published', 'awaiting_manual', 'unknown']);
  const code = String(tgPost.applyUrl).split('/r/')[1]!;
  for (const ip of ['203.0.113.1', '203.0.113.1', '203.0.113.2']) await s.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA }, remoteAddress: ip });
  await json({ method: 'POST', url: '/v1/applications', payload: { externalId: 'cand-1', code } }, 201);
  const responses = await waitFor(async () => {
    const r = await json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/responses` });
    return r.totals.clicks === 3 ? r : null;
  });
  const task = (await json({ method: 'GET', url: '/v1/assisted-tasks' })).items.find((x: { postId: string }) => x.postId === fbPost.id);
  t.ok(task, 'the assisted task is listed by the API');
  const designHunters = (await json({ method: 'GET', url: '/v1/groups?network=telegram&limit=200' })).items.find((g: { slug: string }) => g.slug === 'telegram-design-hunters');
  t.match(designHunters, { status: 'needs_address', address: null }, 'a curated group waiting for its address');
  await waitFor(async () => ((await json({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries` })).items.some((d: { status: string }) => d.status === 'retrying') ? true : null));

  const browser = await launchBrowser(t);
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  async function open(viewport: { width: number; height: number }, locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale, permissions: ['clipboard-read', 'clipboard-write'] });
    t.teardown(() => context.close());
    const page = await context.newPage();
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) foreign.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return { context, page };
  }
  async function signIn(page: Page, key: string) {
    await page.goto(`${base}/console`);
    await page.locator('#api-key').fill(key);
    await page.locator('form button[type=submit]').click();
  }

  // ---- sign-in: a wrong key is answered with the problem's detail ----
  const phone = await open(PHONE, 'ru-RU');
  await signIn(phone.page, 'vcp_not-a-real-key');
  t.match(await phone.page.getByRole('alert').innerText(), /The API key is unknown or revoked/, "the API's problem detail is shown");
  await phone.page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-phone.png'), fullPage: true });
  await phone.page.locator('#api-key').fill(s.adminKey);
  await phone.page.locator('form button[type=submit]').click();
  await phone.page.getByRole('heading', { level: 1, name: 'Что ждёт человека сегодня' }).waitFor();
  t.equal(await phone.page.locator('html').getAttribute('lang'), 'ru', 'a Russian browser gets the Russian console');
  t.equal(await phone.page.evaluate(() => sessionStorage.getItem('vcp.apiKey')), s.adminKey, 'the key is kept for the browser session');
  t.equal(await phone.page.evaluate(() => localStorage.getItem('vcp.apiKey')), null, 'and not beyond it');

  // ---- every page at both widths ----
  const pages: Array<[string, string, string]> = [
    ['today', '#/today', 'h1'],
    ['assisted-task', `#/task/${fbPost.id}`, '#task-text'],
    ['unknown-post', `#/post/${lostPost.id}`, '[data-testid=post-status]'],
    ['vacancy', `#/vacancy/${vacancy.id}`, '[data-testid=responses]'],
    ['registry', '#/registry', '[data-testid=health]'],
    ['webhooks', '#/webhooks', 'table.data'],
  ];
  const laptop = await open(LAPTOP, 'en-US');
  // By keyboard alone: Tab to the key field, type, Enter.
  await laptop.page.goto(`${base}/console`);
  for (let i = 0; i < 5 && (await laptop.page.evaluate(() => document.activeElement?.id)) !== 'api-key'; i++) await laptop.page.keyboard.press('Tab');
  t.equal(await laptop.page.evaluate(() => document.activeElement?.id), 'api-key', 'the key field is reached with Tab');
  await laptop.page.keyboard.type(s.adminKey);
  await laptop.page.keyboard.press('Enter');
  await laptop.page.getByRole('heading', { level: 1, name: 'What needs a person today' }).waitFor();
  for (const [who, { page }, width] of [['phone', phone, PHONE.width], ['laptop', laptop, LAPTOP.width]] as const) {
    for (const [name, hash, ready] of pages) {
      await page.goto(`${base}/console${hash}`);
      await page.locator(ready).first().waitFor({ timeout: 15_000 }).catch(async (err: unknown) => {
        // What the page showed instead is the first thing to read when this fails.
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${who}-failed.png`), fullPage: true });
        throw err;
      });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${who}.png`), fullPage: true });
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        unlabelled: [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label') && !el.closest('label'))
          .map((el) => el.outerHTML.slice(0, 80)),
        h1: document.querySelectorAll('main h1').length,
        lowContrast: [] as string[],
      }));
      layout.lowContrast = await page.evaluate(lowContrastTexts);
      t.same(layout, { overflow: 0, unlabelled: [], h1: 1, lowContrast: [] }, `${name} at ${width} px: no sideways scroll, every field labelled, one heading, text at 4.5:1 or more`);
    }
  }

  // ---- Today lists what waits for a person ----
  await phone.page.goto(`${base}/console#/today`);
  const tasksBlock = phone.page.locator('[data-block=tasks]');
  await tasksBlock.locator('a').first().waitFor();
  t.equal(await tasksBlock.locator('li').count(), 1, 'one assisted post to publish');
  t.equal(await phone.page.locator('[data-block=unknown] li').count(), 1, 'one post with an unknown outcome');

  // ---- an assisted post confirmed from a phone ----
  await tasksBlock.locator('a').first().click();
  await phone.page.locator('#task-text').waitFor();
  t.equal(await phone.page.locator('#task-text').inputValue(), task.text, 'the text to paste is the rendered post');
  await phone.page.getByRole('button', { name: 'Скопировать текст' }).click();
  await phone.page.getByText('Скопировано').waitFor();
  t.equal(await phone.page.evaluate(() => navigator.clipboard.readText()), task.text, 'the copy button puts the text on the clipboard');
  const groupLink = phone.page.getByRole('link', { name: 'Открыть группу в новой вкладке' });
  t.same([await groupLink.getAttribute('href'), await groupLink.getAttribute('target')], [task.groupUrl, '_blank'], "the group's link opens in a new tab");
  t.equal(await phone.page.getByTestId('apply-url').innerText(), task.applyUrl, 'the tracked apply link is shown (as text: a tap would count as a click)');
  const permalink = 'https://www.facebook.com/groups/smmjobs/posts/4242';
  await phone.page.getByLabel('Ссылка на опубликованный пост').fill(permalink);
  await phone.page.getByRole('button', { name: 'Подтвердить публикацию' }).click();
  await phone.page.getByRole('status').filter({ hasText: 'Готово: пост опубликован.' }).waitFor();
  t.match(await json({ method: 'GET', url: `/v1/posts/${fbPost.id}` }), { status: 'published', permalink }, 'the post is published with its permalink');
  t.equal((await json({ method: 'GET', url: '/v1/assisted-tasks' })).items.length, 0, 'and no longer waits');

  // ---- an unknown post resolved ----
  await phone.page.goto(`${base}/console#/post/${lostPost.id}`);
  t.equal(await phone.page.getByTestId('post-status').getAttribute('data-status'), 'unknown');
  t.equal(await phone.page.getByTestId('post-status').innerText(), 'неизвестно', 'in the words of the person\'s language');
  const found = 'https://t.me/c/2000000002/17';
  await phone.page.getByLabel('Ссылка на опубликованный пост').fill(found);
  await phone.page.getByRole('button', { name: 'Пост есть: отметить опубликованным' }).click();
  await phone.page.locator('[role=status] [data-status=published]').waitFor();
  t.match(await json({ method: 'GET', url: `/v1/posts/${lostPost.id}` }), { status: 'published', permalink: found }, 'the person said it was there: published with that link');
  t.equal(callsOf(s, LOST_CHAT), 1, 'and nothing was sent again');

  // ---- a curated group's address set from the registry ----
  const page = laptop.page;
  await page.goto(`${base}/console#/registry`);
  const row = page.locator('li[data-group="telegram-design-hunters"]');
  await row.getByRole('button', { name: 'Address…' }).click();
  await row.getByLabel('Address', { exact: true }).fill('@design_hunters_jobs');
  await row.getByLabel('Address', { exact: true }).press('Enter');
  const candidate = row.getByTestId('candidates').locator('li', { hasText: 'Design Hunters' });
  await candidate.waitFor();
  t.match(await candidate.innerText(), /@design_hunters_jobs[\s\S]*API: /, 'Enter looks the link up: the chat read, with the mode it allows');
  t.equal((await json({ method: 'GET', url: `/v1/groups/${designHunters.id}` })).address, null, 'looking up sets nothing');
  await candidate.getByRole('button', { name: 'Use this' }).click();
  await row.getByRole('status').waitFor();
  t.match(await row.getByRole('status').innerText(), /Address set; mode API: /, 'the mode its facts allow, explained');
  t.equal(await row.locator('[role=status] [data-mode]').getAttribute('data-mode'), 'api');
  t.match(await json({ method: 'GET', url: `/v1/groups/${designHunters.id}` }), { address: '@design_hunters_jobs', status: 'active', mode: 'api', accountId: s.accounts.telegram.id }, 'the group can be posted to');

  // ---- a list of links imported ----
  await page.getByLabel(/One link per line/).fill('https://t.me/smm_moscow_openings\nhttps://example.com/not-a-group');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByTestId('import-report');
  await report.waitFor();
  t.same(
    await report.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('td')!.textContent, r.querySelector('[data-outcome]')!.getAttribute('data-outcome')])),
    [['1', 'created'], ['2', 'refused']],
    'the per-line report: one group made, one line refused with why',
  );
  t.match(await report.locator('tbody tr').nth(0).innerText(), /SMM Moscow openings/);

  // ---- the vacancy's chart shows what the API reports ----
  await page.goto(`${base}/console#/vacancy/${vacancy.id}`);
  const chart = page.getByTestId('responses');
  await chart.waitFor();
  t.same(
    [await chart.locator('[data-total=clicks]').innerText(), await chart.locator('[data-total=applications]').innerText()],
    [String(responses.totals.clicks), String(responses.totals.applications)],
    'the totals are the API\'s',
  );
  const tgRow = responses.groups.find((g: { groupId: string }) => g.groupId === tg.id);
  t.match(tgRow, { clicks: 3, applications: 1 });
  const bars = await chart.locator('figure').first().locator('svg rect[data-series=clicks]').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
  t.same(bars, responses.groups.map((g: { clicks: number }) => g.clicks), `one clicks bar per group, as the API counts them (${bars})`);
  t.ok(await chart.locator('table tr', { hasText: 'Jobs channel' }).locator('td', { hasText: /^3$/ }).count(), 'and the table beside it says 3 clicks for the group');
  t.ok(await page.getByTestId('posts').locator('tr', { hasText: 'SMM jobs' }).getByRole('link', { name: 'Open' }).count(), 'the assisted post shows its permalink');

  // ---- a campaign launched from the plan, every group's reason in view ----
  const apiPlan = await json({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan`, payload: {} });
  t.ok(apiPlan.selected.length > 0, `the plan selects ${apiPlan.selected.length} groups`);
  await page.getByRole('button', { name: 'Plan a campaign' }).click();
  await page.getByTestId('plan-selected').waitFor();
  t.equal(await page.locator('[data-testid=plan-selected] > li').count(), apiPlan.selected.length, 'every selected group is listed');
  for (const chosen of apiPlan.selected) {
    t.ok(await page.locator('[data-testid=plan-selected] > li', { hasText: chosen.name }).getByText(chosen.reasons[0], { exact: true }).count(), `${chosen.name}: its reason is shown`);
  }
  t.equal(await page.locator('[data-testid=plan-excluded] > li').count(), apiPlan.excluded.length, 'and every group left out, with its reason');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'vacancy-plan-laptop.png'), fullPage: true });
  await page.getByRole('button', { name: 'Post now to the selected groups' }).click();
  await page.getByRole('status').filter({ hasText: `Campaign launched: ${apiPlan.selected.length}` }).waitFor();
  t.equal((await json({ method: 'GET', url: `/v1/vacancies/${vacancy.id}/campaigns` })).items.length, 2, 'a second campaign was made, once');

  // ---- a failing webhook delivery retried ----
  webhooksUp = true;
  await page.goto(`${base}/console#/webhooks`);
  const waiting = page.locator('tr[data-delivery]', { has: page.getByRole('button', { name: 'Retry' }) }).first();
  await waiting.waitFor();
  const deliveryId = (await waiting.getAttribute('data-delivery'))!;
  const delivery = async () => (await json({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100` })).items.find((d: { id: string }) => d.id === deliveryId);
  const before = await delivery();
  t.match(before, { status: 'retrying' });
  t.ok(Date.parse(before.nextAttemptAt) - Date.now() > 30 * 60_000, 'left alone, it would wait an hour');
  await waiting.getByRole('button', { name: 'Retry' }).click();
  const after = await waitFor(async () => {
    const d = await delivery();
    return d.status === 'succeeded' ? d : null;
  });
  t.ok(after.attempts > before.attempts, 'the delivery the person retried went through now');

  // ---- keyboard: the skip link, and focus after moving to another page ----
  await page.goto('about:blank');
  await page.goto(`${base}/console#/registry`);
  await page.locator('[data-testid=health]').waitFor();
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link', 'the first Tab reaches "Skip to content"');
  await page.keyboard.press('Enter');
  t.same(await page.evaluate(() => [document.activeElement?.id, location.hash]), ['main', '#/registry'], 'it moves focus to the content and stays on the page');
  await page.getByRole('link', { name: 'Today' }).click();
  await page.getByRole('heading', { level: 1, name: 'What needs a person today' }).waitFor();
  t.ok(await page.waitForFunction(() => document.activeElement?.id === 'main', undefined, { timeout: 3000 }).then(() => true, () => false), 'after navigating, focus is on the new page, not lost');
  t.match(await page.title(), /^Today · /, "and the window's title names it");

  // ---- the language switch ----
  await page.getByLabel('Language').selectOption('ru');
  await page.getByRole('link', { name: 'Сегодня' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ru', 'the switch turns the console Russian');
  await page.getByLabel('Язык').selectOption('en');
  await page.getByRole('link', { name: 'Today' }).waitFor();

  // ---- a key revoked while in use, and signing out ----
  const spare = await json({ method: 'POST', url: '/v1/api-keys', payload: { name: 'phone' } }, 201);
  const other = await open(PHONE, 'en-US');
  await signIn(other.page, spare.key);
  // Today's lists all loaded (a call still out when the key goes would sign out before the click).
  await other.page.locator('[data-block=broken]').waitFor();
  await json({ method: 'DELETE', url: `/v1/api-keys/${spare.id}` });
  await other.page.getByRole('link', { name: 'Vacancies' }).click();
  await other.page.locator('#api-key').waitFor();
  t.equal(await other.page.evaluate(() => sessionStorage.getItem('vcp.apiKey')), null, 'a revoked key sends the person back to sign-in, and is forgotten');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#api-key').waitFor();
  t.equal(await page.evaluate(() => sessionStorage.getItem('vcp.apiKey')), null, 'signing out forgets the key');

  t.same(foreign, [], 'the console asked no other host for anything');
  t.same(pageErrors.filter((e) => !/status of 401/.test(e)), [], 'no script errors and no Content-Security-Policy violations');
});

// WCAG's contrast ratio of each visible text against the first opaque background behind it; runs in
// the page (passed to evaluate), so it uses nothing from outside.
function lowContrastTexts(): string[] {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]: number[]) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
  };
  const background = (el: Element | null): number[] => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad: string[] = [];
  for (const el of document.querySelectorAll('main *, header *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
    if (!own || (el as HTMLElement).offsetParent === null || el.closest('svg')) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const disabled = (el as HTMLButtonElement).disabled === true;
    if (ratio < 4.5 && !disabled) bad.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent!.trim().slice(0, 20)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}

function callsOf(s: Awaited<ReturnType<typeof engineSetup>>, chat: string): number {
  return s.fakes.telegram.calls.filter((c) => c.method === 'sendMessage' && c.target === chat).length;
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
