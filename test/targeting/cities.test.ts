// Free-text cities to registry slugs, and which slug contains which.
import t from 'tap';
import { loadChannels } from '../../src/registry/load-channels.js';
import { areaContains, countryPlace, isCountryWide, KNOWN_PLACES, normaliseCity, placeChain } from '../../src/targeting/cities.js';

t.test('normalisation table', async (t) => {
  const table: Array<[string, string | null]> = [
    ['Москва', 'moscow'],
    ['москва', 'moscow'],
    ['МОСКВА', 'moscow'],
    ['г. Москва', 'moscow'],
    ['г.Москва', 'moscow'],
    ['город Москва', 'moscow'],
    ['Moscow', 'moscow'],
    ['Москва, Россия', 'moscow'],
    ['Moscow, Russia', 'moscow'],
    ['  Moscow  ', 'moscow'],
    ['Санкт-Петербург', 'spb'],
    ['санкт петербург', 'spb'],
    ['г. Санкт-Петербург', 'spb'],
    ['С.-Петербург', 'spb'],
    ['СПб', 'spb'],
    ['спб', 'spb'],
    ['Питер', 'spb'],
    ['St Petersburg', 'spb'],
    ['St. Petersburg', 'spb'],
    ['Saint Petersburg', 'spb'],
    ['Saint-Petersburg', 'spb'],
    ['Екатеринбург', 'ekaterinburg'],
    ['Yekaterinburg', 'ekaterinburg'],
    ['Ekaterinburg', 'ekaterinburg'],
    ['Казань', 'kazan'],
    ['kazan', 'kazan'],
    ['Казань (Татарстан)', 'kazan'],
    ['Ростов-на-Дону', 'rostov'],
    ['Rostov-on-Don', 'rostov'],
    ['Улан-Удэ', 'ulan-ude'],
    ['ulan-ude', 'ulan-ude'],
    ['Алтайский край', 'altai-krai'],
    ['Барнаул', 'barnaul'],
    ['Зеленодольск', 'zelenodolsk'],
    ['Курганинск', 'kurganinsk'],
    ['Курган', 'kurgan'],
    ['Россия', 'russia'],
    ['Новосибирск', null],
    ['Berlin', null],
    ['Гусь-Хрустальный', null],
    ['', null],
    ['   ', null],
  ];
  for (const [input, slug] of table) t.equal(normaliseCity(input), slug, JSON.stringify(input));
  t.equal(normaliseCity(undefined), null);
  t.equal(normaliseCity(null), null);
});

t.test('every location slug in the registry is known and names itself', async (t) => {
  const slugs = new Set((await loadChannels()).flatMap((e) => e.tags.cities));
  t.ok(slugs.size > 20, 'the registry has many location slugs');
  for (const slug of slugs) {
    t.ok(KNOWN_PLACES.includes(slug), `${slug} is known to cities.ts`);
    t.equal(normaliseCity(slug), slug, `${slug} normalises to itself`);
  }
});

t.test('containment: cities in russia, russia in cis, nothing else in nordic', async (t) => {
  t.same(placeChain('moscow'), ['moscow', 'russia', 'cis']);
  t.same(placeChain('barnaul'), ['barnaul', 'altai-krai', 'russia', 'cis']);
  t.same(placeChain('somewhere'), ['somewhere']);
  for (const city of ['moscow', 'spb', 'kazan', 'ulan-ude', 'yakutsk', 'altai-krai']) {
    t.ok(areaContains('russia', city), `russia contains ${city}`);
    t.ok(areaContains('cis', city), `cis contains ${city}`);
    t.notOk(areaContains('nordic', city), `nordic does not contain ${city}`);
  }
  t.ok(areaContains('cis', 'russia'));
  t.ok(areaContains('cis', 'belarus'));
  t.notOk(areaContains('russia', 'belarus'));
  t.notOk(areaContains('moscow', 'spb'));
  t.notOk(areaContains('moscow', 'russia'), 'a city does not contain its country');
});

t.test('country-wide slugs and ISO country codes', async (t) => {
  for (const s of ['russia', 'belarus', 'kazakhstan', 'ukraine', 'cis', 'nordic']) t.ok(isCountryWide(s), s);
  for (const s of ['moscow', 'altai-krai', 'spb']) t.notOk(isCountryWide(s), s);
  t.equal(countryPlace('RU'), 'russia');
  t.equal(countryPlace('ru'), 'russia');
  t.equal(countryPlace('FI'), 'nordic');
  t.equal(countryPlace('DE'), null);
  t.equal(countryPlace(undefined), null);
});
