// The relation between profession tags: broader groups take narrower vacancies, not the reverse.
import t from 'tap';
import { PROFESSIONS } from '../../src/registry/channel-schema.js';
import { broaderAreas, isKnownProfession, professionRelation } from '../../src/targeting/professions.js';

t.test('relation table (group tag, vacancy tag)', async (t) => {
  const table: Array<[string, string, 'same' | 'broader' | 'close' | null]> = [
    ['it', 'development', 'broader'],
    ['it', 'frontend', 'broader'],
    ['it', 'mobile', 'broader'],
    ['it', 'devops', 'broader'],
    ['it', 'qa', 'broader'],
    ['it', 'python', 'broader'],
    ['it', 'javascript', 'broader'],
    ['it', 'analytics', null],
    ['it', 'non-tech', null],
    ['development', 'frontend', 'broader'],
    ['development', 'mobile', 'broader'],
    ['development', 'python', 'broader'],
    ['development', 'javascript', 'broader'],
    ['development', 'devops', null],
    ['development', 'qa', null],
    ['marketing', 'smm', 'close'],
    ['smm', 'marketing', 'close'],
    ['digital', 'marketing', 'close'],
    ['marketing', 'digital', 'close'],
    ['digital', 'smm', 'close'],
    ['smm', 'digital', 'close'],
    // never the reverse of a broader relation
    ['javascript', 'it', null],
    ['frontend', 'development', null],
    ['python', 'it', null],
    ['javascript', 'frontend', null],
    ['frontend', 'javascript', null],
    // separate professions
    ['pr', 'marketing', null],
    ['marketing', 'pr', null],
    ['digital', 'it', null],
    ['design', 'marketing', null],
    ['media', 'marketing', null],
    ['hr', 'it', null],
    ['management', 'marketing', null],
    ['marketing', 'sales', null],
    ['marketing', 'barista', null],
  ];
  for (const [g, v, rel] of table) t.equal(professionRelation(g, v), rel, `group ${g} ← vacancy ${v}`);
});

t.test('every vocabulary word relates to itself', async (t) => {
  for (const p of PROFESSIONS) {
    t.ok(isKnownProfession(p));
    t.equal(professionRelation(p, p), 'same', p);
  }
  t.notOk(isKnownProfession('barista'));
});

t.test('broader areas are walked transitively, nearest first', async (t) => {
  t.same(broaderAreas('frontend'), ['development', 'it']);
  t.same(broaderAreas('devops'), ['it']);
  t.same(broaderAreas('it'), []);
  t.same(broaderAreas('smm'), []);
  t.same(broaderAreas('barista'), []);
});
