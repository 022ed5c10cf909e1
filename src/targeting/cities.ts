// Free-text places (a vacancy's jobLocation.city, typed by a person in Russian or English) to the
// registry's location slugs, and which slug contains which: a Moscow job fits a "Russia" group.
// Every slug in channels/*.json must be known here (test/targeting/cities.test.ts checks it),
// because an unknown group slug could never match anything.

// place → the wider area that contains it (null: top level). One parent each, walked upwards.
const PARENT: Readonly<Record<string, string | null>> = {
  moscow: 'russia',
  spb: 'russia',
  ekaterinburg: 'russia',
  kazan: 'russia',
  zelenodolsk: 'russia',
  kaliningrad: 'russia',
  vologda: 'russia',
  tomsk: 'russia',
  izhevsk: 'russia',
  chita: 'russia',
  kurgan: 'russia',
  yakutsk: 'russia',
  krasnodar: 'russia',
  rostov: 'russia',
  sochi: 'russia',
  anapa: 'russia',
  kurganinsk: 'russia',
  'ulan-ude': 'russia',
  // A region, not a country: its board (Altados 22) is for Altai Krai, whose capital is Barnaul.
  // Barnaul is not a registry slug, but without it no vacancy could ever reach that board.
  'altai-krai': 'russia',
  barnaul: 'altai-krai',
  // The registry tags "former USSR" as cis (linkedin-jobs-and-resumes-in-russia-and-former-ussr),
  // so cis here is the post-Soviet space, Ukraine included, not the treaty's current membership.
  russia: 'cis',
  belarus: 'cis',
  kazakhstan: 'cis',
  ukraine: 'cis',
  cis: null,
  nordic: null,
};

// Slugs that name a whole country or a group of countries. A vacancy that names no place at all
// may still go to these (plan.ts); regions (altai-krai) and cities are never country-wide.
const COUNTRY_WIDE: ReadonlySet<string> = new Set(['russia', 'belarus', 'kazakhstan', 'ukraine', 'cis', 'nordic']);

// ISO 3166-1 alpha-2 (jobLocation.country) → the slug of that country's area.
const COUNTRY_CODES: Readonly<Record<string, string>> = {
  RU: 'russia',
  BY: 'belarus',
  KZ: 'kazakhstan',
  UA: 'ukraine',
  SE: 'nordic',
  NO: 'nordic',
  DK: 'nordic',
  FI: 'nordic',
  IS: 'nordic',
};

// Spellings people type; each slug also matches itself. Compared after key() below, so case,
// "ё", dots, hyphens and "г." prefixes do not matter here.
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  moscow: ['Москва', 'Moscow', 'Moskva', 'Мск', 'Msk'],
  spb: [
    'Санкт-Петербург', 'С.-Петербург', 'Петербург', 'СПб', 'Питер',
    'St Petersburg', 'St. Petersburg', 'Saint Petersburg', 'Sankt-Peterburg', 'Petersburg', 'Piter',
  ],
  ekaterinburg: ['Екатеринбург', 'Екб', 'Yekaterinburg', 'Ekaterinburg'],
  kazan: ['Казань', 'Kazan'],
  zelenodolsk: ['Зеленодольск', 'Zelenodolsk'],
  kaliningrad: ['Калининград', 'Kaliningrad'],
  vologda: ['Вологда', 'Vologda'],
  tomsk: ['Томск', 'Tomsk'],
  izhevsk: ['Ижевск', 'Izhevsk'],
  chita: ['Чита', 'Chita'],
  kurgan: ['Курган', 'Kurgan'],
  yakutsk: ['Якутск', 'Yakutsk'],
  krasnodar: ['Краснодар', 'Krasnodar'],
  // Plain "Ростов" on a job post means Rostov-on-Don; Rostov Veliky is a small town.
  rostov: ['Ростов-на-Дону', 'Ростов', 'Rostov-on-Don', 'Rostov-na-Donu', 'Rostov'],
  sochi: ['Сочи', 'Sochi'],
  anapa: ['Анапа', 'Anapa'],
  kurganinsk: ['Курганинск', 'Kurganinsk'],
  'ulan-ude': ['Улан-Удэ', 'Ulan-Ude'],
  'altai-krai': ['Алтайский край', 'Altai Krai'],
  barnaul: ['Барнаул', 'Barnaul'],
  russia: ['Россия', 'РФ', 'Russia', 'Russian Federation'],
  belarus: ['Беларусь', 'Белоруссия', 'Belarus'],
  kazakhstan: ['Казахстан', 'Kazakhstan'],
  ukraine: ['Украина', 'Ukraine'],
  cis: ['СНГ', 'CIS'],
  nordic: ['Северная Европа', 'Nordic', 'Nordics'],
};

// "г. Санкт-Петербург, Россия" → "санкт петербург": the first comma part, no town prefix,
// lower case, ё as е, dots, hyphens and underscores as single spaces.
function key(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').trim();
  s = s.split(/[,;(]/)[0]!.trim();
  s = s.replace(/^(?:г|гор|город|city of)(?:\.\s*|\s+)/u, '');
  return s.replace(/[.\s_\-‐‑–—]+/gu, ' ').trim();
}

const LOOKUP: ReadonlyMap<string, string> = new Map(
  Object.entries(ALIASES).flatMap(([slug, names]) => [slug, ...names].map((name) => [key(name), slug] as const)),
);

export const KNOWN_PLACES: readonly string[] = Object.keys(PARENT);

// A location slug, or null when the text names no place we know (the caller says so).
export function normaliseCity(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const k = key(text);
  return k === '' ? null : (LOOKUP.get(k) ?? null);
}

export function countryPlace(iso: string | null | undefined): string | null {
  return iso ? (COUNTRY_CODES[iso.trim().toUpperCase()] ?? null) : null;
}

export function isCountryWide(slug: string): boolean {
  return COUNTRY_WIDE.has(slug);
}

// The place and every area containing it, nearest first: moscow → [moscow, russia, cis].
// A slug we do not know contains only itself.
export function placeChain(slug: string): string[] {
  const chain = [slug];
  let parent = PARENT[slug];
  while (parent) {
    chain.push(parent);
    parent = PARENT[parent];
  }
  return chain;
}

export function areaContains(area: string, place: string): boolean {
  return placeChain(place).includes(area);
}
