import { EMPLOYMENT_TYPES, type Vacancy } from '../schemas/vacancy.js';

type Language = Vacancy['language'];
type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

// schema.org employmentType values in the words job boards of each language use.
export const EMPLOYMENT_TYPE_LABELS: Readonly<Record<Language, Readonly<Record<EmploymentType, string>>>> = {
  ru: {
    FULL_TIME: 'полная занятость',
    PART_TIME: 'частичная занятость',
    CONTRACTOR: 'проектная работа по договору',
    TEMPORARY: 'временная работа',
    INTERN: 'стажировка',
    VOLUNTEER: 'волонтёрство',
    PER_DIEM: 'подённая оплата',
    OTHER: 'другой формат',
  },
  en: {
    FULL_TIME: 'full-time',
    PART_TIME: 'part-time',
    CONTRACTOR: 'contract',
    TEMPORARY: 'temporary',
    INTERN: 'internship',
    VOLUNTEER: 'volunteer',
    PER_DIEM: 'per diem',
    OTHER: 'other',
  },
};

// "Полная занятость, стажировка" / "Full-time, internship": capitalised because it starts a line.
export function formatEmploymentTypes(types: readonly EmploymentType[] | undefined, language: Language): string {
  const text = [...new Set(types ?? [])].map((type) => EMPLOYMENT_TYPE_LABELS[language][type]).join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
