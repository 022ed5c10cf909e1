import Handlebars from 'handlebars';
import t from 'tap';
import { compileTemplate } from '../../src/rendering/compile-template.js';
import { formatDate } from '../../src/rendering/dates.js';
import { formatDescription } from '../../src/rendering/description.js';
import { EMPLOYMENT_TYPE_LABELS, formatEmploymentTypes } from '../../src/rendering/employment-types.js';
import { collectHashtags, formatHashtags, normalizeHashtag } from '../../src/rendering/hashtags.js';
import { registerRenderingHelpers } from '../../src/rendering/helpers.js';
import { formatLocation } from '../../src/rendering/location.js';
import { NETWORK_DIALECT, type RenderNetwork } from '../../src/rendering/networks.js';
import { formatSalary } from '../../src/rendering/salary.js';
import { buildTemplateView } from '../../src/rendering/template-view.js';
import { EMPLOYMENT_TYPES, type Vacancy } from '../../src/schemas/vacancy.js';
import { sampleVacancy } from '../fixtures/sample-vacancy.js';

const NBSP = '\u00A0';

t.test('salary in Russian', async (t) => {
  t.equal(formatSalary({ min: 150_000, currency: 'RUB', unit: 'MONTH' }, 'ru'), `от 150${NBSP}000${NBSP}₽ в месяц`);
  t.equal(formatSalary({ min: 150_000, max: 200_000, currency: 'RUB', unit: 'MONTH' }, 'ru'), `150${NBSP}000 – 200${NBSP}000${NBSP}₽ в месяц`);
  t.equal(formatSalary({ max: 200_000, currency: 'RUB', unit: 'MONTH' }, 'ru'), `до 200${NBSP}000${NBSP}₽ в месяц`);
  t.equal(formatSalary({ min: 100_000, max: 100_000, currency: 'RUB', unit: 'MONTH' }, 'ru'), `100${NBSP}000${NBSP}₽ в месяц`);
  t.equal(formatSalary({ min: 25, max: 40, currency: 'USD', unit: 'HOUR' }, 'ru'), `25 – 40${NBSP}$ в час`);
  t.equal(formatSalary({ min: 1200.5, currency: 'EUR', unit: 'DAY' }, 'ru'), `от 1${NBSP}200,5${NBSP}€ в день`);
  t.equal(formatSalary({ min: 3000, currency: 'KZT', unit: 'WEEK' }, 'ru'), `от 3${NBSP}000${NBSP}KZT в неделю`);
  t.equal(formatSalary({ min: 2_000_000, currency: 'RUB', unit: 'YEAR' }, 'ru'), `от 2${NBSP}000${NBSP}000${NBSP}₽ в год`);
});

t.test('salary in English', async (t) => {
  t.equal(formatSalary({ min: 150_000, max: 200_000, currency: 'RUB', unit: 'MONTH' }, 'en'), `RUB${NBSP}150,000–200,000 per month`);
  t.equal(formatSalary({ min: 150_000, currency: 'RUB', unit: 'MONTH' }, 'en'), `from RUB${NBSP}150,000 per month`);
  t.equal(formatSalary({ max: 200_000, currency: 'USD', unit: 'YEAR' }, 'en'), `up to USD${NBSP}200,000 per year`);
  t.equal(formatSalary({ min: 30, max: 30, currency: 'EUR', unit: 'HOUR' }, 'en'), `EUR${NBSP}30 per hour`);
  t.equal(formatSalary({ min: 500, currency: 'USD', unit: 'WEEK' }, 'en'), `from USD${NBSP}500 per week`);
  t.equal(formatSalary({ min: 80, currency: 'USD', unit: 'DAY' }, 'en'), `from USD${NBSP}80 per day`);
});

t.test('dates keep the calendar day as written', async (t) => {
  t.equal(formatDate('2026-12-31T23:59:00+03:00', 'ru'), '31 декабря 2026 г.');
  t.equal(formatDate('2026-12-31T00:00:00+03:00', 'en'), '31 December 2026');
  t.equal(formatDate('2026-03-01T10:00:00Z', 'ru'), '1 марта 2026 г.');
  t.equal(formatDate('not a date', 'en'), '');
});

t.test('employment types have a label in both languages for every schema.org value', async (t) => {
  for (const language of ['ru', 'en'] as const) {
    for (const type of EMPLOYMENT_TYPES) t.ok(EMPLOYMENT_TYPE_LABELS[language][type], `${language} ${type}`);
  }
  t.equal(formatEmploymentTypes(['FULL_TIME', 'INTERN'], 'ru'), 'Полная занятость, стажировка');
  t.equal(formatEmploymentTypes(['PART_TIME', 'CONTRACTOR', 'PART_TIME'], 'en'), 'Part-time, contract');
  t.equal(formatEmploymentTypes(undefined, 'en'), '');
});

t.test('hashtags are normalised, deduplicated and written per network', async (t) => {
  t.equal(normalizeHashtag('#Product Manager', 'plain'), 'product_manager');
  t.equal(normalizeHashtag('front-end', 'telegramHtml'), 'front_end');
  t.equal(normalizeHashtag('front-end', 'linkedinLittleText'), 'frontend');
  t.equal(normalizeHashtag('  ##Вакансия!  ', 'plain'), 'вакансия');
  t.equal(normalizeHashtag('2026', 'plain'), null, 'digits only do not make a hashtag');
  t.equal(normalizeHashtag('--', 'plain'), null);
  const tags = collectHashtags([['вакансия', 'Маркетолог'], ['marketing', 'маркетолог'], undefined, ['#Вакансия']], 'telegramHtml');
  t.same(tags, ['вакансия', 'маркетолог', 'marketing']);
  t.equal(formatHashtags(tags, 'telegramHtml'), '#вакансия #маркетолог #marketing');
  t.equal(formatHashtags(['вакансия', 'smm'], 'linkedinLittleText'), '{hashtag|\\#|вакансия} {hashtag|\\#|smm}');
});

t.test('location: city, region, country and remote', async (t) => {
  t.equal(formatLocation({ jobLocation: { city: 'Москва', country: 'RU' } }, 'ru'), 'Москва, Россия');
  t.equal(formatLocation({ jobLocation: { city: 'Moscow', country: 'RU' } }, 'en'), 'Moscow, Russia');
  t.equal(formatLocation({ jobLocation: { city: 'Казань', region: 'Татарстан', country: 'RU' } }, 'ru'), 'Казань, Татарстан, Россия');
  t.equal(formatLocation({ jobLocation: { city: 'Москва', region: 'Москва' } }, 'ru'), 'Москва', 'a city that is its own region is named once');
  t.equal(formatLocation({ jobLocation: { city: 'Москва', country: 'RU' }, jobLocationType: 'TELECOMMUTE' }, 'ru'), 'Москва, Россия или удалённо');
  t.equal(formatLocation({ jobLocationType: 'TELECOMMUTE' }, 'ru'), 'Удалённо');
  t.equal(formatLocation({ jobLocationType: 'TELECOMMUTE' }, 'en'), 'Remote');
  t.equal(
    formatLocation({ jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: ['RU', 'BY', 'Kazakhstan'] }, 'en'),
    'Remote (from: Russia, Belarus, Kazakhstan)',
  );
  t.equal(formatLocation({}, 'ru'), '');
});

t.test('description: paragraphs, list items, Telegram headings', async (t) => {
  const text = 'Intro <x> & y\n\n\n\nWe offer:\n- one\n• two (2)\n-not a list item';
  t.equal(formatDescription(text, 'plain'), 'Intro <x> & y\n\nWe offer:\n• one\n• two (2)\n-not a list item');
  t.equal(formatDescription(text, 'telegramHtml'), 'Intro &lt;x&gt; &amp; y\n\n<b>We offer:</b>\n• one\n• two (2)\n-not a list item');
  t.equal(formatDescription(text, 'linkedinLittleText'), 'Intro \\<x\\> & y\n\nWe offer:\n• one\n• two \\(2\\)\n-not a list item');
});

// The helpers as templates call them, through the same compile path as the renderer.
t.test('helpers in templates, ru and en', async (t) => {
  const env = Handlebars.create();
  registerRenderingHelpers(env);
  const render = (network: RenderNetwork, source: string, vacancy: Vacancy) => {
    const dialect = NETWORK_DIALECT[network];
    return compileTemplate(env, source, dialect)(buildTemplateView(vacancy, {}), { network, dialect });
  };
  const en: Vacancy = { ...sampleVacancy, language: 'en', validThrough: '2026-06-30T18:00:00+03:00', employmentType: ['FULL_TIME', 'TEMPORARY'] };
  const ru: Vacancy = { ...en, language: 'ru' };

  t.equal(render('vk', '{{salary vacancy.baseSalary}}', ru), `100${NBSP}000${NBSP}₽ в месяц`);
  t.equal(render('vk', '{{salary vacancy.baseSalary}}', en), `RUB${NBSP}100,000 per month`);
  t.equal(render('vk', '{{salary vacancy.baseSalary lang="en"}}', ru), `RUB${NBSP}100,000 per month`, 'lang= overrides the vacancy language');
  t.equal(render('vk', '{{date vacancy.validThrough}}', ru), '30 июня 2026 г.');
  t.equal(render('vk', '{{date vacancy.validThrough}}', en), '30 June 2026');
  t.equal(render('vk', '{{employmentType vacancy.employmentType}}', ru), 'Полная занятость, временная работа');
  t.equal(render('vk', '{{employmentType vacancy.employmentType}}', en), 'Full-time, temporary');
  t.equal(render('vk', '{{location vacancy}}', ru), 'Москва, Россия или удалённо');
  t.equal(render('vk', '{{location vacancy}}', en), 'Москва, Russia or remote');
  const tags = '{{hashtags vacancy.hashtags vacancy.audience.professions}}';
  t.equal(render('telegram', tags, ru), '#вакансия #маркетолог #marketing');
  t.equal(render('linkedin', tags, en), '{hashtag|\\#|вакансия} {hashtag|\\#|маркетолог} {hashtag|\\#|marketing}');
  t.equal(render('telegram', '{{labels.apply}}', ru), 'Откликнуться');
  t.equal(render('telegram', '{{labels.apply}}', en), 'Apply');
});
