// Russian or English, from the letters of a text. An honest, checkable rule rather than a model:
// Russian postings quote English words (React, B2B, Senior) but English postings almost never
// contain Cyrillic, so a text is Russian when at least a quarter of its Cyrillic and Latin
// letters are Cyrillic. Digits, punctuation and other scripts do not count.
export interface LanguageGuess {
  /** null when the text has no Cyrillic or Latin letter to judge by. */
  language: 'ru' | 'en' | null;
  cyrillic: number;
  latin: number;
}

export const CYRILLIC_SHARE_FOR_RUSSIAN = 0.25;

export function detectLanguage(text: string): LanguageGuess {
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic + latin === 0) return { language: null, cyrillic, latin };
  return { language: cyrillic / (cyrillic + latin) >= CYRILLIC_SHARE_FOR_RUSSIAN ? 'ru' : 'en', cyrillic, latin };
}
