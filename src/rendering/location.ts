import type { Vacancy } from '../schemas/vacancy.js';
import { regionNames } from './intl-cache.js';

type Language = Vacancy['language'];

const REMOTE: Record<Language, { alone: string; alternative: string; from: string }> = {
  ru: { alone: 'Удалённо', alternative: 'или удалённо', from: 'из' },
  en: { alone: 'Remote', alternative: 'or remote', from: 'from' },
};

function countryName(code: string, language: Language): string {
  try {
    return regionNames(language).of(code) ?? code;
  } catch {
    return code;
  }
}

// A two-letter requirement is a country code ("RU" → "Россия"); anything else is a region name as written.
function applicantArea(area: string, language: Language): string {
  return /^[A-Za-z]{2}$/.test(area) ? countryName(area.toUpperCase(), language) : area;
}

// "Москва, Россия", "Москва, Россия или удалённо", "Удалённо (из: Россия, Беларусь)", "" when unknown.
export function formatLocation(
  vacancy: Pick<Vacancy, 'jobLocation' | 'jobLocationType' | 'applicantLocationRequirements'>,
  language: Language,
): string {
  const { city, region, country } = vacancy.jobLocation ?? {};
  const place = [city, region !== city ? region : undefined, country ? countryName(country, language) : undefined]
    .filter((part): part is string => Boolean(part))
    .join(', ');
  if (vacancy.jobLocationType !== 'TELECOMMUTE') return place;

  const words = REMOTE[language];
  const areas = (vacancy.applicantLocationRequirements ?? []).map((area) => applicantArea(area, language));
  const remote = place ? words.alternative : words.alone;
  const where = areas.length ? ` (${words.from}: ${areas.join(', ')})` : '';
  return [place, remote + where].filter(Boolean).join(' ');
}
