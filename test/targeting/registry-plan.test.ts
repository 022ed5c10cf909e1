// The real curated registry against the real sample vacancy (online marketer, Moscow or remote,
// ru): the selection must be what a recruiter would pick by hand.
import t from 'tap';
import { planTargets } from '../../src/targeting/plan.js';
import type { ExclusionCode, TargetingPlan } from '../../src/targeting/types.js';
import { sampleVacancy } from '../fixtures/sample-vacancy.js';
import { NOW, noHistory, registryGroups } from './helpers.js';

// In plan order (network, then name). Every one is ru and either a general board without a
// location restriction, a Moscow / Russia / CIS group, or a marketing-family group.
const EXPECTED_SELECTED = [
  'facebook-baza-vakansiy-i-rezyume-moskva-rf-i-sng',
  'facebook-vakansii',
  'facebook-vakansii-v-moskve',
  'facebook-vakansii-i-rezyume-sj-hh-rabota-ru',
  'facebook-vakansii-i-rezyume-moskva',
  'facebook-vakansii-ot-digitalhr',
  'facebook-vakansii-rabota-rezyume-moskva',
  'facebook-vakansii-rabota-v-moskve-rabota-na-domu',
  'facebook-vakansii-rezyume-sng',
  'facebook-vakansii-rekrutingovaya-kompaniya-staff-service',
  'facebook-vakansii-and-rezyume',
  'facebook-novye-vakansii-i-rezyume',
  'facebook-poisk-raboty-vakansii-rezyume',
  'facebook-premialnye-vakansii',
  'facebook-rabota-v-moskve-poisk-raboty-v-moskve',
  'facebook-rabota-v-pr-i-digital',
  'facebook-rabota-v-smm',
  'facebook-rabota-dlya-vas',
  'facebook-rabota-vakansii-rezyume-2',
  'facebook-rabota-poisk-vakansii-rekruting',
  'facebook-rabota-vakansii-rezyume',
  'facebook-super-karera',
  'linkedin-vakansii-v-moskve-i-regionakh-rossii',
  'linkedin-vakansii-v-peterburge-i-rf',
  'linkedin-poisk-raboty-vakansii-rezyume',
  'linkedin-rabota-mechty-karera-razvitie-svezhie-vakansii',
  'ok-bolshaya-doska-besplatnykh-obyavleniy',
  'ok-doska-obyavleniy-i-reklamy-vakansii-raboty-biznes',
  'ok-doska-obyavleniy-reklama-barakholka-rabota-biznes',
  'ok-doska-obyavleniy-reklama-obyavleniya-barakholka',
  'ok-katalog-reklama-veshchi-rabota-vakansii-obyavleniya',
  'ok-rabota',
  'ok-rabota-v-rossii',
  'ok-rabota-v-rossii-dlya-grazhdan-rf-i-sng',
  'ok-rabota-dlya-vas-rezyume-vakansii-uslugi',
  'ok-rabota-i-vakansii',
  'telegram-my-vam-perezvonim',
  'vk-vakansii-rabota',
  'vk-moskva-rabota-vakansii',
  'vk-khochu-rabotat',
];

const codeOf = (plan: TargetingPlan, slug: string) => plan.excluded.find((x) => x.slug === slug)?.code;
const reasonsOf = (plan: TargetingPlan, slug: string) => plan.selected.find((s) => s.slug === slug)?.reasons;

t.test('sample vacancy on the curated registry (every group feasible)', async (t) => {
  const groups = await registryGroups();
  const plan = planTargets(sampleVacancy, groups, {}, noHistory, NOW);

  t.same(plan.audience, { professions: ['marketing'], city: 'moscow', remote: true, language: 'ru' });
  t.same(plan.unknownIncludes, []);
  t.same(plan.selected.map((s) => s.slug), EXPECTED_SELECTED);
  t.equal(plan.selected.length + plan.excluded.length, groups.length, 'every group is accounted for once');

  const counts: Partial<Record<ExclusionCode, number>> = {};
  for (const x of plan.excluded) counts[x.code] = (counts[x.code] ?? 0) + 1;
  t.same(counts, { language: 18, profession: 18, location: 18 });
  t.ok(plan.excluded.every((x) => !x.matchedAudience), 'only audience reasons, so none matched the audience');
  t.ok(plan.selected.every((s) => s.reasons.includes('language: ru')));

  // Marketing-family groups, through professions.ts.
  t.same(reasonsOf(plan, 'facebook-rabota-v-smm'), ['language: ru', 'profession: marketing (group: smm)', 'location: any (no location restriction)']);
  t.ok(reasonsOf(plan, 'facebook-rabota-v-pr-i-digital')?.includes('profession: marketing (group: digital)'));
  t.same(reasonsOf(plan, 'facebook-vakansii-rezyume-sng'), ['language: ru', 'profession: marketing', 'location: moscow (group: cis)']);
  // Moscow groups, Russia-wide groups, the Moscow-or-remote group, general boards.
  t.same(reasonsOf(plan, 'vk-moskva-rabota-vakansii'), ['language: ru', 'general job board', 'location: moscow']);
  t.ok(reasonsOf(plan, 'ok-rabota-v-rossii')?.includes('location: moscow (group: russia)'));
  t.same(reasonsOf(plan, 'facebook-vakansii-rabota-v-moskve-rabota-na-domu'), [
    'language: ru',
    'general job board',
    'takes remote vacancies',
    'location: moscow',
  ]);
  t.ok(reasonsOf(plan, 'linkedin-vakansii-v-peterburge-i-rf')?.includes('location: moscow (group: russia)'), 'SPb-and-RF group takes a Moscow job as RF');
  t.ok(reasonsOf(plan, 'ok-rabota')?.includes('general job board'));

  // "Marketing jobs" on Telegram is an English channel: out for language, not for profession.
  t.equal(codeOf(plan, 'telegram-marketing-jobs'), 'language');
  for (const slug of ['telegram-digital-job', 'telegram-digital-human', 'facebook-happy-new-job', 'linkedin-jobs-in-moscow']) {
    t.equal(codeOf(plan, slug), 'language', slug);
  }
  // Design, IT, HR, PR, management, analytics, media, creative, shift work: not a marketer's audience.
  for (const slug of [
    'telegram-ishchu-dizaynera',
    'telegram-veb-dizayn-ui-ux',
    'facebook-vakansii-it',
    'facebook-rabota-i-vakansii-v-it',
    'telegram-ru-python',
    'facebook-hr-vakansii-i-rezyume',
    'linkedin-workinform',
    'telegram-pr-rabota',
    'facebook-praktika-vse-dlya-pr-menedzhera',
    'facebook-rabota-dlya-rukovoditeley',
    'telegram-vakansii-dlya-analitikov',
    'telegram-rabota-v-media',
    'vk-vsya-tvorcheskaya-rabota-peterburg',
    'vk-rabota-vakhta-vakansii-vakhtovym-metodom',
    // profession is checked before location: an SPb HR group is out for being HR
    'facebook-hr-vakansii-i-rezyume-v-sankt-peterburge',
  ]) {
    t.equal(codeOf(plan, slug), 'profession', slug);
  }
  // Other cities' local groups: a Moscow-or-remote job is not pushed into them.
  for (const slug of [
    'vk-rabota-spb-vakansii',
    'ok-rabota-v-spb-sankt-peterburg',
    'vk-1000-vakansiy-rabota-v-kazani-zelenodolske',
    'vk-rabota-v-ekaterinburge-vakansii',
    'ok-obyavleniya-krasnodar-rostov-sochi-anapa',
    'ok-altados-22-luchshie-obyavleniya-altayskogo-kraya',
    'facebook-karera-rabota-i-vakansii-v-severnoy-evrope',
  ]) {
    t.equal(codeOf(plan, slug), 'location', slug);
  }
  const kazan = plan.excluded.find((x) => x.slug === 'vk-1000-vakansiy-rabota-v-kazani-zelenodolske')!;
  t.equal(
    kazan.detail,
    'the group is for kazan, zelenodolsk; the vacancy is in moscow or remote; a remote vacancy is not pushed into groups for other places',
  );
});

t.test('the registry as shipped: the same 40 match the audience but all need an address', async (t) => {
  const plan = planTargets(sampleVacancy, await registryGroups(false), {}, noHistory, NOW);
  t.same(plan.selected, []);
  const matching = plan.excluded.filter((x) => x.matchedAudience);
  t.same(matching.map((x) => x.slug), EXPECTED_SELECTED);
  t.ok(matching.every((x) => x.code === 'no_address'));
  t.ok(plan.excluded.filter((x) => !x.matchedAudience).every((x) => ['language', 'profession', 'location'].includes(x.code)));
});

t.test('deterministic: input order and repetition do not change the plan', async (t) => {
  const groups = await registryGroups();
  const first = planTargets(sampleVacancy, groups, {}, noHistory, NOW);
  const reversed = planTargets(sampleVacancy, [...groups].reverse(), {}, noHistory, NOW);
  // A fixed shuffle (no Math.random): interleave from both ends.
  const shuffled = groups.map((_, i) => groups[i % 2 === 0 ? i / 2 : groups.length - 1 - (i - 1) / 2]!);
  t.same(reversed, first);
  t.same(planTargets(sampleVacancy, shuffled, {}, noHistory, NOW), first);
  t.same(planTargets(sampleVacancy, groups, {}, noHistory, NOW), first);
  t.same(first.excluded.map((x) => x.network), [...first.excluded.map((x) => x.network)].sort(), 'excluded sorted by network');
});
