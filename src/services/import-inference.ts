// What a JSON-LD import fills in that the posting does not say, and how it knew, so the answer can
// tell the ATS (`inferred`) and the ATS can correct it. Nothing is inferred silently.
import { CYRILLIC_SHARE_FOR_RUSSIAN, detectLanguage } from '../lib/text-language.js';
import type { VacancyInput } from '../schemas/vacancy.js';
import { professionsInTitle } from '../targeting/profession-keywords.js';
import type { VacancyDoc } from './vacancy-mapping.js';

export interface Inferred {
  language?: { value: 'ru' | 'en'; from: 'text' | 'default'; detail: string };
  professions?: { value: string[]; from: 'title'; detail: string };
}

/**
 * Fills `language` when the posting had no `inLanguage`, and `audience.professions` from the title
 * when neither the posting nor the stored vacancy (a re-import) has any: professions a person set
 * or corrected on the vacancy survive the ATS pushing the posting again.
 */
export function inferMissing(
  input: VacancyInput,
  stated: { language: boolean },
  existing: VacancyDoc | undefined,
): { input: VacancyInput; inferred: Inferred } {
  const inferred: Inferred = {};
  let language = input.language;
  if (!stated.language) {
    const guess = detectLanguage(`${input.title}\n${input.description}`);
    language = guess.language ?? 'ru';
    const letters = `${guess.cyrillic} Cyrillic and ${guess.latin} Latin letters in the title and description`;
    inferred.language = guess.language
      ? { value: guess.language, from: 'text', detail: `${letters}; ru when at least ${CYRILLIC_SHARE_FOR_RUSSIAN * 100}% are Cyrillic` }
      : { value: 'ru', from: 'default', detail: `${letters}: nothing to judge by, so the default` };
  }

  let audience = input.audience;
  if (!input.audience?.professions.length) {
    if (existing?.audience.professions.length) {
      audience = existing.audience;
    } else {
      const professions = professionsInTitle(input.title);
      audience = { professions, seniority: input.audience?.seniority.length ? input.audience.seniority : (existing?.audience.seniority ?? []) };
      inferred.professions = {
        value: professions,
        from: 'title',
        detail: professions.length
          ? `words of the title "${input.title}"`
          : `no profession named in the title "${input.title}": targeting takes it to general boards only`,
      };
    }
  }
  return { input: { ...input, language, ...(audience ? { audience } : {}) }, inferred };
}
