// Which of the registry's professions a vacancy title names, for an import that brings none.
// The tags are the closed list targeting matches on (PROFESSIONS, typed here so a tag outside it
// does not compile); the words are how Russian and English titles say them. Conservative like
// targeting: a word is listed only when it names the profession in nearly every title it is in
// ("менеджер" alone is not management: SMM-менеджер, менеджер по продажам).
import type { Profession } from '../registry/channel-schema.js';
import { PROFESSIONS } from '../registry/channel-schema.js';
import { broaderAreas } from './professions.js';

// JavaScript's \b knows only ASCII letters; these edges work for Cyrillic too.
const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';
/** Whole words, case-insensitive: "qa" matches "QA Engineer", not "aqua". */
const word = (...ws: string[]) => new RegExp(`${START}(?:${ws.join('|')})${END}`, 'iu');
/** Word starts, case-insensitive, for inflected Russian: "разработчик" matches "разработчика". */
const stem = (...ws: string[]) => new RegExp(`${START}(?:${ws.join('|')})`, 'iu');

const KEYWORDS: Record<Exclude<Profession, 'non-tech'>, RegExp[]> = {
  // "IT" only in capitals: lower-case "it" is an English pronoun.
  it: [/(?<![\p{L}\p{N}])(?:IT|ИТ|айти)(?![\p{L}\p{N}])/u, stem('системн\\S* администратор', 'сисадмин'), word('system administrator', 'sysadmin')],
  development: [
    stem('разработчик', 'программист', 'бэкенд', 'бекенд', 'фулстек', 'фуллстек'),
    word('developer', 'programmer', 'software engineer', 'backend', 'back-end', 'full-?stack', 'golang', 'go developer', 'java', 'c#', 'c\\+\\+', 'php', '1с', '1c'),
  ],
  frontend: [stem('фронтенд', 'фронт-энд', 'верстальщик'), word('frontend', 'front-end', 'front end', 'react', 'vue(?:\\.js)?', 'angular')],
  mobile: [stem('мобильн'), word('ios', 'android', 'mobile', 'flutter', 'react native', 'swift', 'kotlin')],
  devops: [stem('девопс'), word('devops', 'sre', 'site reliability', 'platform engineer', 'kubernetes')],
  qa: [stem('тестировщик', 'тестирован'), word('qa', 'aqa', 'sdet', 'tester', 'test engineer', 'quality assurance')],
  python: [stem('питон'), word('python', 'django', 'flask', 'fastapi')],
  javascript: [word('javascript', 'js', 'typescript', 'node(?:\\.js|js)?', 'react', 'vue(?:\\.js)?', 'angular', 'next\\.js')],
  design: [stem('дизайн'), word('designer', 'design', 'ux', 'ui', 'ui/ux', 'ux/ui', 'product designer')],
  marketing: [stem('маркетолог', 'маркетинг', 'контекстолог'), word('marketing', 'marketer', 'seo', 'cmo', 'performance marketing', 'growth manager')],
  smm: [stem('таргетолог', 'соцсет'), word('smm', 'social media')],
  pr: [stem('пиар', 'пресс-секретар', 'связ\\S* с общественност'), word('pr', 'public relations', 'communications manager')],
  digital: [stem('диджитал'), word('digital')],
  hr: [stem('рекрутер', 'рекрутинг', 'кадровик', 'менеджер по подбору', 'специалист по подбору', 'менеджер по персоналу'), word('hr', 'hrbp', 'hrd', 'recruiter', 'recruiting', 'talent acquisition', 'sourcer')],
  management: [
    stem('руководител', 'директор', 'тимлид', 'менеджер проект', 'менеджер продукт', 'проджект', 'продакт'),
    word('head of', 'director', 'chief', 'cto', 'ceo', 'coo', 'team lead', 'teamlead', 'project manager', 'product manager', 'product owner'),
  ],
  analytics: [stem('аналитик'), word('analyst', 'analytics', 'data scientist', 'bi')],
  sales: [stem('продаж', 'продавец', 'торгов\\S* представител'), word('sales', 'account manager', 'account executive', 'business development', 'bdm')],
  media: [stem('журналист', 'редактор', 'копирайтер', 'корреспондент'), word('journalist', 'editor', 'copywriter', 'writer', 'content manager', 'контент-менеджер')],
  creative: [stem('креатив', 'арт-директор', 'иллюстратор', 'видеомонтаж', 'монтажер', 'моушн'), word('creative', 'art director', 'illustrator', 'motion designer', 'video editor')],
  'shift-work': [stem('вахт'), word('shift work', 'rotational')],
};

/**
 * The professions a title names, in the registry's order. A tag is left out when a narrower one
 * found with it already implies it (frontend implies development): targeting takes a narrower
 * vacancy into the broader area's groups by itself.
 */
export function professionsInTitle(title: string): Profession[] {
  const found = PROFESSIONS.filter((p) => p !== 'non-tech' && KEYWORDS[p as Exclude<Profession, 'non-tech'>].some((re) => re.test(title)));
  const implied = new Set(found.flatMap((p) => broaderAreas(p)));
  return found.filter((p) => !implied.has(p));
}
