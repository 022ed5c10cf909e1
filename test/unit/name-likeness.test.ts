// When an imported link's name is taken for a curated group's: by the words that tell groups apart,
// not by the "работа" and "вакансии" nearly every job group's name has.
import t from 'tap';
import { nameSimilarity, SAME_GROUP_LIKENESS as SAME_NAME, sameGroupLikeness } from '../../src/registry-live/ranking.js';

t.test('the same name written differently is the same group', async (t) => {
  for (const [a, b] of <Array<[string, string]>>[
    ['Премиальные вакансии ⭐', 'Премиальные вакансии'],
    ['ВАКАНСИИ', 'Вакансии'],
    ['Javascript jobs', 'JavaScript Jobs'],
    ['Работа в Чите', 'Работа в Чите | ВАКАНСИИ'],
    ['Вакансии в Москве', 'Вакансии, Москва'],
  ]) {
    t.ok(sameGroupLikeness(a, b) >= SAME_NAME, `${a} ~ ${b}: ${sameGroupLikeness(a, b).toFixed(2)}`);
  }
});

t.test('names alike only in generic job words are different groups', async (t) => {
  for (const [a, b] of <Array<[string, string]>>[
    ['Нечётные вакансии', 'Премиальные вакансии'],
    ['IT Hunters', 'Design Hunters'],
    ['JavaScript Jobs', 'Mobile Dev Jobs'],
    ['Работа в Чите', 'Работа в Казани'],
    // Short Latin words tell groups apart; a city one name has and the other not does too.
    ['UX Hunters', 'IT Hunters'],
    ['QA вакансии и резюме', 'HR Вакансии и резюме'],
    ['Работа и вакансии Сочи', 'Работа и вакансии'],
    ['Работа и вакансии в Сочи', 'Вакансии,Работа'],
    ['Подработка Москва', 'Москва: Работа Вакансии'],
  ]) {
    t.ok(sameGroupLikeness(a, b) < SAME_NAME, `${a} ≁ ${b}: ${sameGroupLikeness(a, b).toFixed(2)}`);
  }
  t.ok(nameSimilarity('Нечётные вакансии', 'Премиальные вакансии') >= 0.6, 'the whole names alone would have matched them');
});

t.test('a name of generic words only is compared whole', async (t) => {
  t.equal(sameGroupLikeness('Работа', 'работа'), 1);
  t.ok(sameGroupLikeness('Работа', 'Работа и вакансии') < SAME_NAME);
});
