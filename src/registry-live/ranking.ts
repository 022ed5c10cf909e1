// Ranks communities a search found for a curated group's name. The name decides most (a search
// for "Вакансии ИТ" finds hundreds of pages with "вакансии" in them); among similar names, the
// larger and livelier community is more likely the one the list meant.
import type { GroupFacts } from './facts.js';

/** Lower-case words of a name: letters and digits only, "ё" as "е", emoji and punctuation dropped. */
export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice similarity of the two names' letter pairs (0–1), insensitive to case, punctuation and word order noise. */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(nameWords(a).join(' '));
  const y = bigrams(nameWords(b).join(' '));
  let both = 0;
  let total = 0;
  for (const [g, n] of x) {
    both += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * both) / total;
}

// Words that join others (и, в, for): no weight at all. Short Latin words are not among them:
// IT, HR, QA, UX and PR are what tells "QA вакансии" from "HR вакансии".
const STOP_WORDS = new Set(['и', 'в', 'во', 'на', 'от', 'для', 'по', 'с', 'со', 'к', 'из', 'за', 'the', 'and', 'in', 'for', 'of', 'to', 'a', 'by', 'at']);
// Words nearly every job group's name has: they count, but little ("Нечётные вакансии" is not
// "Премиальные вакансии"; "Работа и вакансии Сочи" is not "Работа и вакансии").
const GENERIC_STEMS = ['ваканс', 'работ', 'подработ', 'резюме', 'job', 'vacanc', 'work', 'career', 'карьер'];
const GENERIC_WEIGHT = 0.3;
// Two words this alike are one word written differently ("Москве" and "Москва"); less alike, none.
const SAME_WORD = 0.75;

const weightOf = (word: string) => (GENERIC_STEMS.some((stem) => word.startsWith(stem)) ? GENERIC_WEIGHT : 1);
const wordLikeness = (a: string, b: string) => {
  if (a === b) return 1;
  const d = a.length > 1 && b.length > 1 ? nameSimilarity(a, b) : 0;
  return d >= SAME_WORD ? d : 0;
};

// Names this alike are one group's: emoji, quotes, case, word order and word endings aside.
export const SAME_GROUP_LIKENESS = 0.7;

/**
 * How alike two names are as names of one group (0–1): every word of each name is matched to the
 * likest word of the other, weighted (a generic job word weighs 0.3, a joining word nothing), and
 * the matched weight of both names is divided by their whole weight. A word in one name with no
 * counterpart in the other ("Сочи", "UX" against "IT") pulls the likeness down by its weight.
 */
export function sameGroupLikeness(a: string, b: string): number {
  const x = nameWords(a).filter((w) => !STOP_WORDS.has(w));
  const y = nameWords(b).filter((w) => !STOP_WORDS.has(w));
  const matched = (from: string[], to: string[]) => from.reduce((sum, w) => sum + weightOf(w) * Math.max(0, ...to.map((v) => wordLikeness(w, v))), 0);
  const total = [...x, ...y].reduce((sum, w) => sum + weightOf(w), 0);
  return total === 0 ? 0 : (matched(x, y) + matched(y, x)) / total;
}

// Members matter by order of magnitude: 100 000 against 1 000 is a real difference, 12 000 against 11 000 is not.
const memberScore = (members: number | null) => (members && members > 0 ? Math.min(1, Math.log10(members) / 6) : 0);

export interface Ranked {
  score: number;
  ranking: string[];
}

/** A score in 0–1: 75 % name likeness, 20 % size, 5 % whether the account can post there at all. */
export function rank(wanted: string, facts: GroupFacts): Ranked {
  const similarity = nameSimilarity(wanted, facts.name);
  const size = memberScore(facts.members);
  const usable = facts.access === 'none' ? 0 : 1;
  const score = Math.round((0.75 * similarity + 0.2 * size + 0.05 * usable) * 1000) / 1000;
  const ranking = [
    `name likeness ${Math.round(similarity * 100)} %`,
    facts.members === null ? 'members not told' : `${facts.members.toLocaleString('en-US')} members`,
    facts.access === 'post' ? 'the account may post' : facts.access === 'suggest' ? 'takes suggested posts' : 'the account may not post or suggest',
  ];
  const activity = facts.read.activity;
  if (typeof activity === 'string' && activity) ranking.push(`activity: ${activity}`);
  return { score, ranking };
}
