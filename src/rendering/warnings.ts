// What a caller should know about a rendered post before publishing it. Warnings, not errors: the
// text is still valid and within the limit; the caller decides (e.g. show them to the recruiter).
import { ESCAPE_FOR } from './escape.js';
import { formatHashtag, normalizeHashtag } from './hashtags.js';
import { findUnescapedReserved } from './linkedin-little-text.js';
import type { TextDialect } from './networks.js';
import { findTelegramHtmlProblem } from './telegram-html.js';
import type { TemplateView } from './template-view.js';

export const WARNING_TRUNCATED = 'truncated';
export const WARNING_NO_APPLY_LINK = 'no apply link';
export const WARNING_APPLY_LINK_NOT_IN_TEXT = 'apply link not in text';
export const WARNING_FOOTER_CUT = 'over the limit even without the body: the end of the post (apply link, hashtags) was cut';
export const WARNING_MISSING_HASHTAGS = 'missing required hashtags';

function hasHashtag(text: string, tag: string, dialect: TextDialect): boolean {
  if (dialect === 'linkedinLittleText') return text.includes(formatHashtag(tag, dialect));
  // A whole tag: "#job" must not be satisfied by "#jobs".
  return new RegExp(`(?:^|[^\\p{L}\\p{M}\\p{N}_])#${tag}(?![\\p{L}\\p{M}\\p{N}_])`, 'u').test(text);
}

function markupProblem(dialect: TextDialect, text: string): string | null {
  if (dialect === 'telegramHtml') return findTelegramHtmlProblem(text);
  if (dialect === 'linkedinLittleText') {
    const reserved = findUnescapedReserved(text);
    return reserved && `unescaped "${reserved.char}" at ${reserved.index}`;
  }
  return null;
}

export interface WarningInput {
  dialect: TextDialect;
  view: TemplateView;
  text: string;
  truncated: boolean;
  fixedPartsCut: boolean;
}

export function collectWarnings({ dialect, view, text, truncated, fixedPartsCut }: WarningInput): string[] {
  const warnings: string[] = [];
  if (truncated) warnings.push(WARNING_TRUNCATED);
  if (fixedPartsCut) warnings.push(WARNING_FOOTER_CUT);
  if (!view.applyUrl && !view.hasContacts) warnings.push(WARNING_NO_APPLY_LINK);
  if (view.applyUrl && !text.includes(ESCAPE_FOR[dialect](view.applyUrl))) warnings.push(WARNING_APPLY_LINK_NOT_IN_TEXT);

  const missing = view.group.requiredHashtags.filter((raw) => {
    const tag = normalizeHashtag(raw, dialect);
    return !tag || !hasHashtag(text, tag, dialect);
  });
  if (missing.length) {
    warnings.push(`${WARNING_MISSING_HASHTAGS}: ${missing.map((raw) => '#' + raw.replace(/^#+/, '')).join(' ')}`);
  }

  // Bundled and override templates are checked when compiled; this catches what data alone could break.
  const problem = markupProblem(dialect, text);
  if (problem) warnings.push(`invalid markup: ${problem}`);
  return warnings;
}
