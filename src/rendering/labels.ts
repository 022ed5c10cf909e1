import type { Vacancy } from '../schemas/vacancy.js';

// The fixed words templates print, per vacancy language. Templates read them as {{labels.apply}};
// strict mode turns a misspelt label into a compile-time-checked error instead of a blank.
export interface Labels {
  hiring: string;
  howToApply: string;
  apply: string;
  applyBy: string;
  email: string;
  phone: string;
  telegram: string;
}

export const LABELS: Readonly<Record<Vacancy['language'], Readonly<Labels>>> = {
  ru: {
    hiring: 'Вакансия',
    howToApply: 'Как откликнуться',
    apply: 'Откликнуться',
    applyBy: 'Отклик до',
    email: 'Почта',
    phone: 'Телефон',
    telegram: 'Telegram',
  },
  en: {
    hiring: 'We are hiring',
    howToApply: 'How to apply',
    apply: 'Apply',
    applyBy: 'Apply by',
    email: 'Email',
    phone: 'Phone',
    telegram: 'Telegram',
  },
};
