// Profession tags from vacancy titles (imports), and the language of a text: the rules, by example.
import t from 'tap';
import { detectLanguage } from '../../src/lib/text-language.js';
import { PROFESSIONS } from '../../src/registry/channel-schema.js';
import { professionsInTitle } from '../../src/targeting/profession-keywords.js';

t.test('titles name professions in Russian and English; a narrower tag stands for its broader area', async (t) => {
  const table: Array<[string, string[]]> = [
    ['Frontend Developer', ['frontend']],
    ['Senior Frontend Developer (React)', ['frontend', 'javascript']],
    ['Фронтенд-разработчик', ['frontend']],
    ['Python-разработчик', ['python']],
    ['Backend developer (Java)', ['development']],
    ['JavaScript developer', ['javascript']],
    ['iOS-разработчик', ['mobile']],
    ['DevOps engineer', ['devops']],
    ['Тестировщик ПО', ['qa']],
    ['QA Engineer', ['qa']],
    ['Онлайн-маркетолог', ['marketing']],
    ['Менеджер по маркетингу', ['marketing']],
    ['SMM-менеджер', ['smm']],
    ['Таргетолог', ['smm']],
    ['Digital-маркетолог', ['marketing', 'digital']],
    ['Менеджер по продажам', ['sales']],
    ['Руководитель отдела продаж', ['management', 'sales']],
    ['IT-рекрутер', ['it', 'hr']],
    ['HR-специалист', ['hr']],
    ['Аналитик данных', ['analytics']],
    ['UX/UI дизайнер', ['design']],
    ['Product Manager', ['management']],
    ['Копирайтер', ['media']],
    ['Монтажер видео', ['creative']],
    ['Сварщик вахтой', ['shift-work']],
    ['PR-менеджер', ['pr']],
    ['Бариста', []],
    ['Менеджер', []],
    // "it" in lower case is the English pronoun, not IT; "java" is not JavaScript's prefix.
    ['Make it happen: office manager', []],
  ];
  for (const [title, expected] of table) t.same(professionsInTitle(title), expected, title);
  for (const tags of table.map(([title]) => professionsInTitle(title))) {
    for (const tag of tags) t.ok((PROFESSIONS as readonly string[]).includes(tag), `${tag} is in the registry's closed list`);
  }
});

t.test('language: Russian when at least a quarter of the letters are Cyrillic', async (t) => {
  t.match(detectLanguage('Frontend Developer. We build fast apps with React and TypeScript.'), { language: 'en', cyrillic: 0 });
  t.match(detectLanguage('Онлайн-маркетолог. Ищем маркетолога: SMM, performance, B2B, Instagram.'), { language: 'ru' });
  // An English posting that names a Russian city stays English.
  t.match(detectLanguage('Backend developer in Москва, remote possible, great team and salary'), { language: 'en' });
  t.match(detectLanguage('12345 — 67890'), { language: null, cyrillic: 0, latin: 0 });
});
