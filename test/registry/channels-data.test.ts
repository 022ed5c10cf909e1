// The shipped registry against the article it was built from (shared/seed/curated-groups.txt).
import t from 'tap';
import { PROFESSIONS, type ChannelEntry } from '../../src/registry/channel-schema.js';
import { loadChannels } from '../../src/registry/load-channels.js';

const channels = await loadChannels();
const bySlug = new Map(channels.map((c) => [c.slug, c]));
const byName = (network: ChannelEntry['network'], name: string): ChannelEntry => {
  const found = channels.find((c) => c.network === network && c.name === name);
  if (!found) throw new Error(`no ${network} entry named ${JSON.stringify(name)}`);
  return found;
};

// Counted line by line in the article: each section's first group shares or follows its intro line.
const EXPECTED_COUNTS = { facebook: 35, vk: 16, ok: 16, linkedin: 9, telegram: 18 };

// Every location slug the registry uses; a new one must be added here on purpose, not by typo.
const KNOWN_LOCATIONS = new Set([
  'moscow', 'spb', 'kazan', 'zelenodolsk', 'kaliningrad', 'vologda', 'tomsk', 'ekaterinburg', 'izhevsk', 'chita',
  'kurgan', 'yakutsk', 'krasnodar', 'rostov', 'sochi', 'anapa', 'kurganinsk', 'ulan-ude', 'altai-krai',
  'russia', 'cis', 'nordic', 'ukraine', 'belarus', 'kazakhstan',
]);

t.test('counts per network and in total', async (t) => {
  for (const [network, count] of Object.entries(EXPECTED_COUNTS)) {
    t.equal(channels.filter((c) => c.network === network).length, count, network);
  }
  t.equal(channels.length, 94);
});

t.test('first and last group of each section are in, prose is not', async (t) => {
  const firsts: Array<[ChannelEntry['network'], string]> = [
    ['facebook', 'Вакансии, резюме СНГ (HR, IT, маркетинг, продажи)'],
    ['vk', 'Хочу Работать!(найти вакансию, подать вакансию)'],
    ['ok', 'Доска объявлений и рекламы вакансии работы, бизнес'],
    ['linkedin', 'Вакансии в Москве и регионах России (31 900+ участников)'],
    ['telegram', '«Работа в медиа»'],
  ];
  for (const [network, name] of firsts) {
    t.equal(channels.find((c) => c.network === network)?.name, name, `${network} starts with its first group`);
  }
  const lasts = ['Работа в Москве, работа Москва, вакансии Москва. Поиск работы в Москве', '1000 Вакансий | Работа в Казани, Зеленодольске',
    'Работа в России для граждан РФ и СНГ', 'Jobs and resumes in Russia and former USSR by Industry', 'NON-tech jobs in IT'];
  t.same(Object.keys(EXPECTED_COUNTS).map((n) => channels.filter((c) => c.network === n).at(-1)?.name), lasts);
  const prose = /Начнем|Вконтакте тоже|Одноклассники тоже|Linkedin тоже|последняя подборка|рекомендаций|Cписок этих групп|HR Marketing/;
  t.same(channels.filter((c) => prose.test(c.name)).map((c) => c.name), []);
});

t.test('posting modes follow what each network allows', async (t) => {
  for (const c of channels.filter((c) => c.network === 'facebook' || c.network === 'linkedin')) {
    t.equal(c.mode, 'assisted', c.slug);
  }
  t.ok(channels.filter((c) => c.network === 'vk' || c.network === 'ok').every((c) => c.mode === 'suggest'));
  t.ok(channels.filter((c) => c.network === 'telegram').every((c) => c.mode === 'api' && c.kind === 'channel'));
});

t.test('no invented addresses', async (t) => {
  t.same(channels.filter((c) => c.address !== null).map((c) => c.slug), []);
  t.ok(channels.every((c) => c.status === 'needs_address'));
});

t.test('slugs are unique and network-prefixed', async (t) => {
  t.equal(bySlug.size, channels.length);
  t.ok(channels.every((c) => c.slug.startsWith(`${c.network}-`)));
  t.ok(bySlug.has('vk-rabota-spb-vakansii'));
});

t.test('tags come only from the vocabularies', async (t) => {
  const vocabulary = new Set<string>(PROFESSIONS);
  t.same(channels.flatMap((c) => c.tags.professions.filter((p) => !vocabulary.has(p))), []);
  t.same(channels.flatMap((c) => c.tags.cities.filter((city) => !KNOWN_LOCATIONS.has(city))), []);
});

t.test('names are kept as listed, trailing spaces trimmed', async (t) => {
  t.ok(channels.every((c) => c.name === c.name.trimEnd()));
  t.ok(bySlug.get('telegram-veb-dizayn-ui-ux')?.name === 'Веб Дизайн/UI/UX');
});

t.test('tags inferred from names, honestly', async (t) => {
  const spbHr = byName('facebook', 'HR вакансии и резюме в Санкт-Петербурге');
  t.same([spbHr.tags.professions, spbHr.tags.cities], [['hr'], ['spb']]);

  const moscowHome = byName('facebook', 'Вакансии, работа, резюме, работа в москве, ищу работу, работа на дому');
  t.same(moscowHome.tags, { professions: [], cities: ['moscow'], remote: true });
  t.same(channels.filter((c) => c.tags.remote).map((c) => c.slug), [moscowHome.slug], 'only one name promises remote work');

  t.same(byName('telegram', 'Вакансии для аналитиков').tags.professions, ['analytics']);
  t.ok(byName('telegram', 'Ru_Python').tags.professions.includes('python'));
  t.same(byName('telegram', 'Веб Дизайн/UI/UX').tags.professions, ['design']);
  t.same(byName('facebook', 'БАЗА ВАКАНСИЙ И РЕЗЮМЕ. ЗДЕСЬ ЕСТЬ РАБОТА и ВАКАНСИИ (Москва, РФ и СНГ).').tags.cities, ['moscow', 'russia', 'cis']);
  t.same(byName('vk', 'Работа вахта Вакансии вахтовым методом в России').tags.professions, ['shift-work']);
  t.same(byName('facebook', 'ВАКАНСИИ').tags, { professions: [], cities: [], remote: false }, 'a general board');
});

t.test('languages follow the script of the name', async (t) => {
  t.equal(byName('facebook', 'IT Jobs (RU, UA, BY, KZ and other countries)').language, 'en');
  t.equal(byName('telegram', 'DevOps Jobs').language, 'en');
  t.equal(byName('vk', 'Работа СПб вакансии').language, 'ru');
});

t.test('regional groups post in their own time zone', async (t) => {
  const zoneOf = (slug: string) => bySlug.get(slug)?.rules.postingHours.timeZone;
  t.equal(zoneOf('vk-rabota-vakansii-rabotodateli-v-kaliningrade'), 'Europe/Kaliningrad');
  t.equal(zoneOf('vk-rabota-v-ekaterinburge-vakansii'), 'Asia/Yekaterinburg');
  t.equal(zoneOf('vk-vakansii-podrabotka-rabota-v-tomske'), 'Asia/Tomsk');
  t.equal(zoneOf('vk-job18-vakansii-izhevska'), 'Europe/Samara');
  t.equal(zoneOf('vk-rabota-v-chite-vakansii'), 'Asia/Chita');
  t.equal(zoneOf('vk-rabota-i-vakansii-kurgan'), 'Asia/Yekaterinburg');
  t.equal(zoneOf('vk-rabota-podrabotka-vakansii-yakutsk'), 'Asia/Yakutsk');
  t.equal(zoneOf('ok-vnimanie-obyavlenie-ulan-ude'), 'Asia/Irkutsk');
  t.equal(zoneOf('ok-altados-22-luchshie-obyavleniya-altayskogo-kraya'), 'Asia/Barnaul');
  t.equal(zoneOf('vk-1000-vakansiy-rabota-v-kazani-zelenodolske'), 'Europe/Moscow');
  t.equal(zoneOf('facebook-vakansii-v-moskve'), 'Europe/Moscow');
});

t.test('OK classified boards are boards; nothing else is', async (t) => {
  const boards = channels.filter((c) => c.kind === 'board');
  t.ok(boards.every((c) => c.network === 'ok' && /объявлен/i.test(c.name)));
  t.equal(boards.length, 9);
});
