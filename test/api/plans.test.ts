import t from 'tap';
import { TELEGRAM_FAKE_TOKEN } from '../fakes/index.js';
import { sampleVacancyInput } from '../fixtures/sample-vacancy.js';
import { buildTestApp } from '../helpers/test-app.js';

type Target = { slug: string; groupId: string; code?: string; reasons?: string[]; matchedAudience?: boolean; detail?: string };

t.test('"marketing, Moscow or remote, ru": the plan picks what a recruiter would, and says why', async (t) => {
  const { call } = await buildTestApp(t);
  const vacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: sampleVacancyInput })).json();

  // As shipped, no group has an address: nothing can be posted, but the plan says which groups fit.
  const fresh = await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan` });
  t.equal(fresh.statusCode, 200, fresh.body);
  t.equal(fresh.json().selected.length, 0);
  t.match(fresh.json().audience, { professions: ['marketing'], city: 'moscow', remote: true, language: 'ru' });
  const fitting = fresh.json().excluded.filter((e: Target) => e.code === 'no_address' && e.matchedAudience);
  t.equal(fitting.length, 40, '40 groups fit the audience and wait for an address');
  const bySlug = (list: Target[], slug: string) => list.find((e) => e.slug === slug);
  t.match(bySlug(fresh.json().excluded, 'telegram-ru-python'), { code: 'profession' });
  t.match(bySlug(fresh.json().excluded, 'facebook-hr-vakansii-i-rezyume-v-sankt-peterburge'), { code: /profession|location/ });
  t.match(bySlug(fresh.json().excluded, 'vk-rabota-v-kazani-zelenodolske-1000-vakansiy') ?? fresh.json().excluded.find((e: Target) => /kazan/.test(e.slug)), { code: 'location' });

  // A recruiter sets addresses on a few groups and adds a bot for Telegram.
  const groups = (await call({ method: 'GET', url: '/v1/groups?limit=200' })).json().items as { id: string; slug: string }[];
  const id = (slug: string) => groups.find((g) => g.slug === slug)!.id;
  const account = (await call({ method: 'POST', url: '/v1/accounts', payload: { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } } })).json();
  const setup: [string, Record<string, unknown>][] = [
    ['facebook-rabota-v-smm', { address: 'https://www.facebook.com/groups/smmjobs' }],
    ['facebook-vakansii-v-moskve', { address: 'https://www.facebook.com/groups/moscowjobs' }],
    ['vk-moskva-rabota-vakansii', { address: 'https://vk.com/club4201' }],
    ['telegram-my-vam-perezvonim', { address: '@callback_jobs', accountId: account.id }],
    ['telegram-ru-python', { address: '@ru_python_jobs', accountId: account.id }],
  ];
  for (const [slug, patch] of setup) {
    const res = await call({ method: 'PATCH', url: `/v1/groups/${id(slug)}`, payload: patch });
    t.equal(res.statusCode, 200, `${slug}: ${res.body}`);
  }

  const plan = (await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan`, payload: {} })).json();
  t.same(plan.selected.map((s: Target) => s.slug).sort(), ['facebook-rabota-v-smm', 'facebook-vakansii-v-moskve', 'telegram-my-vam-perezvonim'].sort());
  t.same(bySlug(plan.selected, 'facebook-rabota-v-smm')!.reasons, ['language: ru', 'profession: marketing (group: smm)', 'location: any (no location restriction)', 'past results: no post has gone out to it yet']);
  t.ok(bySlug(plan.selected, 'facebook-vakansii-v-moskve')!.reasons!.some((r) => /location: moscow/.test(r)));
  t.match(bySlug(plan.excluded, 'vk-moskva-rabota-vakansii'), { code: 'no_account', matchedAudience: true }, 'VK posting needs a VK account');
  t.match(bySlug(plan.excluded, 'telegram-ru-python'), { code: 'profession', matchedAudience: false });

  const explicit = (await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan`, payload: { include: ['telegram-ru-python'], exclude: [id('facebook-vakansii-v-moskve')], networks: ['telegram', 'facebook'] } })).json();
  t.ok(bySlug(explicit.selected, 'telegram-ru-python'), 'an explicit include wins over the audience');
  t.match(bySlug(explicit.excluded, 'facebook-vakansii-v-moskve'), { code: 'excluded_explicitly' });
  t.match(bySlug(explicit.excluded, 'vk-moskva-rabota-vakansii'), { code: 'network_filtered' });
  t.equal(explicit.selected.length + explicit.excluded.length, 94, 'every group is accounted for');
});

t.test('a closed vacancy cannot be planned; bad requests name the field', async (t) => {
  const { call } = await buildTestApp(t);
  const vacancy = (await call({ method: 'POST', url: '/v1/vacancies', payload: sampleVacancyInput })).json();
  const bad = await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan`, payload: { networks: ['myspace'] } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().errors, [{ field: 'networks.0' }]);
  await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/close` });
  const closed = await call({ method: 'POST', url: `/v1/vacancies/${vacancy.id}/plan` });
  t.equal(closed.statusCode, 409);
});
