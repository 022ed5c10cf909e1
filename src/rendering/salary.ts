import type { Vacancy } from '../schemas/vacancy.js';
import { numberFormat } from './intl-cache.js';

type Language = Vacancy['language'];
type BaseSalary = NonNullable<Vacancy['baseSalary']>;
type SalaryUnit = BaseSalary['unit'];

const UNIT_WORDS: Record<Language, Record<SalaryUnit, string>> = {
  ru: { HOUR: 'в час', DAY: 'в день', WEEK: 'в неделю', MONTH: 'в месяц', YEAR: 'в год' },
  en: { HOUR: 'per hour', DAY: 'per day', WEEK: 'per week', MONTH: 'per month', YEAR: 'per year' },
};

// Grouped numbers without forced decimals: "150 000" (NBSP-grouped) in ru, "150,000" in en.
const LOCALE: Record<Language, string> = { ru: 'ru-RU', en: 'en-US' };
const NBSP = '\u00A0';

function amount(language: Language, value: number): string {
  return numberFormat(LOCALE[language], { maximumFractionDigits: 2 }).format(value);
}

// Russian posts write the symbol after the number ("150 000 ₽"); currencies without a symbol in
// Russian (KZT, BYN…) fall back to their ISO code, which is what Intl gives for them.
const russianSigns = new Map<string, string>();
function russianCurrencySign(currency: string): string {
  let sign = russianSigns.get(currency);
  if (sign === undefined) {
    const parts = numberFormat('ru-RU', { style: 'currency', currency }).formatToParts(0);
    sign = parts.find((part) => part.type === 'currency')?.value ?? currency;
    russianSigns.set(currency, sign);
  }
  return sign;
}

// ru: "150 000 – 200 000 ₽ в месяц", "от 150 000 ₽ в месяц", "до 200 000 ₽ в месяц", "100 000 ₽ в месяц"
// en: "RUB 150,000–200,000 per month", "from RUB 150,000 per month", "up to RUB 200,000 per month"
export function formatSalary(salary: BaseSalary, language: Language): string {
  const { min, max, currency, unit } = salary;
  const per = UNIT_WORDS[language][unit];
  if (language === 'ru') {
    const sign = NBSP + russianCurrencySign(currency);
    if (min !== undefined && max !== undefined && min !== max) return `${amount('ru', min)} – ${amount('ru', max)}${sign} ${per}`;
    if (min !== undefined && max !== undefined) return `${amount('ru', min)}${sign} ${per}`;
    if (min !== undefined) return `от ${amount('ru', min)}${sign} ${per}`;
    if (max !== undefined) return `до ${amount('ru', max)}${sign} ${per}`;
  } else {
    const code = currency + NBSP;
    if (min !== undefined && max !== undefined && min !== max) return `${code}${amount('en', min)}–${amount('en', max)} ${per}`;
    if (min !== undefined && max !== undefined) return `${code}${amount('en', min)} ${per}`;
    if (min !== undefined) return `from ${code}${amount('en', min)} ${per}`;
    if (max !== undefined) return `up to ${code}${amount('en', max)} ${per}`;
  }
  return '';
}
