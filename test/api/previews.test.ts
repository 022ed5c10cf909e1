// The real seed post (shared/seed/sample-vacancy-telegram.txt), entered as a structured vacancy
// through the API, previewed for all five networks.
import t from 'tap';
import { linkedinVisibleText, unescapedReserved } from '../rendering/fixtures/linkedin-checker.js';
import { telegramHtmlErrors } from '../rendering/fixtures/telegram-html-validator.js';
import { sampleVacancyInput } from '../fixtures/sample-vacancy.js';
import { buildTestApp } from '../helpers/test-app.js';

const NETWORKS = ['telegram', 'vk', 'facebook', 'linkedin', 'ok'] as const;

t.test('the seed vacancy previews within limits on all five networks', async (t) => {
  const { call } = await buildTestApp(t);
  const created = await call({ method: 'POST', url: '/v1/vacancies', payload: sampleVacancyInput });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  for (const network of NETWORKS) {
    const res = await call({ method: 'GET', url: `/v1/vacancies/${id}/preview?network=${network}` });
    t.equal(res.statusCode, 200, `${network}: ${res.body.slice(0, 300)}`);
    const p = res.json();
    t.ok(p.length <= p.limit, `${network}: ${p.length} ≤ ${p.limit}`);
    t.equal(p.template, 'bundled');
    t.ok(p.text.includes('vk.com/medvedevamiroslavna') || network === 'linkedin', `${network}: the apply link is kept`);
    t.match(p.text, network === 'linkedin' ? /\{hashtag\|\\#\|вакансия\}/ : /#вакансия/, `${network}: hashtags kept`);
    if (network === 'telegram') t.same(telegramHtmlErrors(p.text), [], 'Telegram HTML is valid');
    if (network === 'linkedin') {
      t.same(unescapedReserved(p.text), [], 'LinkedIn reserved characters are escaped');
      t.match(linkedinVisibleText(p.text), /medvedevamiroslavna/, 'the apply link survives on LinkedIn');
    }
    t.matchSnapshot(p.text, `${network} preview`);
  }
});

t.test('a group preview applies its rules and says what is wrong', async (t) => {
  const { call } = await buildTestApp(t);
  const id = (await call({ method: 'POST', url: '/v1/vacancies', payload: sampleVacancyInput })).json().id;
  const [group] = (await call({ method: 'GET', url: '/v1/groups?network=vk&q=Томске' })).json().items;
  await call({ method: 'PATCH', url: `/v1/groups/${group.id}`, payload: { rules: { maxLength: 700, requiredHashtags: ['работа_томск'] } } });
  const res = await call({ method: 'GET', url: `/v1/vacancies/${id}/preview?groupId=${group.id}` });
  t.equal(res.statusCode, 200, res.body);
  const p = res.json();
  t.equal(p.limit, 700, "the group's maxLength is the limit");
  t.ok(p.length <= 700);
  t.ok(p.truncated);
  t.match(p.text, /#работа_томск/, 'required hashtag added');
  t.match(p.text, /vk\.com\/medvedevamiroslavna/);
  t.ok(p.warnings.includes('truncated'));
  t.ok(p.warnings.some((w: string) => /no address/.test(w)), 'warns the group cannot be posted to yet');
  t.ok(p.warnings.some((w: string) => /no vk account/.test(w)));
});

t.test('workspace template: refused with the line when broken, used when good, reverted on delete', async (t) => {
  const { call } = await buildTestApp(t);
  const id = (await call({ method: 'POST', url: '/v1/vacancies', payload: sampleVacancyInput })).json().id;
  const bundled = await call({ method: 'GET', url: '/v1/templates/vk' });
  t.match(bundled.json(), { from: 'bundled', source: /\{\{/ });

  const broken = await call({ method: 'PUT', url: '/v1/templates/vk', payload: { source: 'line one\n{{#each vacancy.hashtags}}\n{{this}}\n' } });
  t.equal(broken.statusCode, 422);
  t.match(broken.json(), { line: Number, errors: [{ field: 'source', message: /^line \d+/ }] });

  const good = await call({ method: 'PUT', url: '/v1/templates/vk', payload: { source: 'ВАКАНСИЯ: {{vacancy.title}}\n{{#truncatable}}{{description vacancy.description}}{{/truncatable}}\n{{applyUrl}}' } });
  t.equal(good.statusCode, 200, good.body);
  const preview = (await call({ method: 'GET', url: `/v1/vacancies/${id}/preview?network=vk` })).json();
  t.equal(preview.template, 'workspace');
  t.match(preview.text, /^ВАКАНСИЯ: Онлайн-маркетолог/);

  t.equal((await call({ method: 'DELETE', url: '/v1/templates/vk' })).statusCode, 204);
  t.equal((await call({ method: 'GET', url: `/v1/vacancies/${id}/preview?network=vk` })).json().template, 'bundled');
  t.equal((await call({ method: 'DELETE', url: '/v1/templates/vk' })).statusCode, 404);

  const neither = await call({ method: 'GET', url: `/v1/vacancies/${id}/preview` });
  t.equal(neither.statusCode, 400);
});

t.test('GET /v1/templates shows the bundled template the renderer actually uses', async (t) => {
  const { cpSync, mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'vcp-templates-'));
  cpSync(new URL('../../templates/', import.meta.url), dir, { recursive: true });
  const custom = `{{!-- deployment copy --}}\n${readFileSync(join(dir, 'vk.hbs'), 'utf8')}`;
  writeFileSync(join(dir, 'vk.hbs'), custom);
  const { call } = await buildTestApp(t, {}, { templatesDir: dir });
  const res = await call({ method: 'GET', url: '/v1/templates/vk' });
  t.equal(res.json().source, custom);
});
