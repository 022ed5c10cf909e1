// How profession tags relate, for deciding whether a group's audience fits a vacancy.
// Conservative on purpose: the goal is the groups a recruiter would pick, not maximum reach.
// A group tagged with a broader area takes vacancies of a narrower one (an IT jobs group takes a
// Python developer), never the reverse (a generic "IT" vacancy posted into a JavaScript channel
// is noise to its readers). A few neighbouring fields are "close": either side's group takes the
// other side's vacancies.
import { PROFESSIONS, type Profession } from '../registry/channel-schema.js';

// narrower → the broader area it belongs to (one parent each; walked transitively).
const BROADER: Partial<Record<Profession, Profession>> = {
  // Writing software is the core of "IT"; IT job groups post developer roles of every kind.
  development: 'it',
  // Operations and testing are IT jobs but not "development": a development channel's readers
  // are programmers, so devops and qa hang directly under it.
  devops: 'it',
  qa: 'it',
  // Specialisations of development (and, through it, of IT).
  frontend: 'development',
  mobile: 'development',
  python: 'development',
  // JavaScript is a language, not a side of the stack (Node.js is back end), so it is not put
  // under frontend; a frontend vacancy reaches JavaScript channels only if tagged javascript too.
  javascript: 'development',
  // `analytics` is deliberately NOT under `it`: the registry's analytics groups take business,
  // product and marketing analysts as much as data engineers, and a marketing analyst posted into
  // "Вакансии ИТ" would be misplaced. A data role is tagged `it` as well and reaches IT groups so.
};

// Symmetric pairs: groups of either side are where the other side's candidates look.
const CLOSE: ReadonlyArray<readonly [Profession, Profession]> = [
  // SMM is a kind of marketing, so a marketing group takes SMM jobs. The reverse holds too, unlike
  // development → javascript: Russian "маркетолог" vacancies routinely include social-media work
  // and SMM groups are where online marketers look, so an SMM group takes a marketing vacancy.
  ['smm', 'marketing'],
  // "Digital" on Russian job boards means online marketing and promotion (digital agencies,
  // performance, SMM); it is not IT, so it is tied to marketing and smm only.
  ['digital', 'marketing'],
  ['digital', 'smm'],
  // Not related on purpose: pr (communications, media relations), media (journalism), creative,
  // design, sales, management, hr and non-tech are professions of their own; a recruiter tags a
  // vacancy with several of them when it spans them.
];

export type ProfessionRelation = 'same' | 'broader' | 'close';

const KNOWN: ReadonlySet<string> = new Set(PROFESSIONS);

export function isKnownProfession(tag: string): tag is Profession {
  return KNOWN.has(tag);
}

// The areas a tag belongs to, nearest first: broaderAreas('frontend') → ['development', 'it'].
export function broaderAreas(tag: string): Profession[] {
  const out: Profession[] = [];
  let current = isKnownProfession(tag) ? BROADER[tag] : undefined;
  while (current !== undefined) {
    out.push(current);
    current = BROADER[current];
  }
  return out;
}

// Does a group tagged `groupTag` take a vacancy tagged `vacancyTag`, and why.
export function professionRelation(groupTag: string, vacancyTag: string): ProfessionRelation | null {
  if (groupTag === vacancyTag) return 'same';
  if (broaderAreas(vacancyTag).includes(groupTag as Profession)) return 'broader';
  const close = CLOSE.some(([a, b]) => (a === groupTag && b === vacancyTag) || (b === groupTag && a === vacancyTag));
  return close ? 'close' : null;
}
