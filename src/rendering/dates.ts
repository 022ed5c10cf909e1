import type { Vacancy } from '../schemas/vacancy.js';
import { dateTimeFormat } from './intl-cache.js';

type Language = Vacancy['language'];

const LOCALE: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

// "31 декабря 2026 г." / "31 December 2026". The calendar date is taken as written in the ISO string
// (its own offset), not shifted into the server's zone: "2026-12-31T00:00+03:00" is the 31st to the
// recruiter who wrote it, even though it is still the 30th in UTC.
export function formatDate(iso: string, language: Language): string {
  const match = CALENDAR_DATE.exec(iso);
  if (!match) return '';
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return dateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
