// Fitting a post into a network's limit. Only the body ({{#truncatable}}) is cut, at a word boundary,
// ending with "…"; the text before it (title, salary…) and after it (how to apply, hashtags) is kept.
// Lengths are UTF-16 code units, measured per dialect (see measure.ts).
import type { PostParts } from './body-markers.js';
import { measureText } from './measure.js';
import type { TextDialect } from './networks.js';
import { tokenizeTelegramHtml } from './telegram-html.js';

export const ELLIPSIS = '…';

// The smallest pieces a cut may fall between: a code point, an escaped LinkedIn pair, a Telegram tag
// or entity. Cutting between units never splits a surrogate pair, an escape, a tag or an entity.
interface Unit {
  raw: string;
  size: number;
  visible: string;
  openTag?: string;
  closeTag?: string;
}

const DECODED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };

function codePointUnits(text: string): Unit[] {
  return Array.from(text, (cp) => ({ raw: cp, size: cp.length, visible: cp }));
}

function unitsOf(dialect: TextDialect, text: string): Unit[] {
  if (dialect === 'plain') return codePointUnits(text);
  if (dialect === 'linkedinLittleText') {
    const units: Unit[] = [];
    const cps = Array.from(text);
    for (let i = 0; i < cps.length; i++) {
      const cp = cps[i]!;
      const escaped = cp === '\\' ? cps[i + 1] : undefined;
      if (escaped !== undefined) {
        units.push({ raw: cp + escaped, size: 1 + escaped.length, visible: escaped });
        i += 1;
      } else {
        units.push({ raw: cp, size: cp.length, visible: cp });
      }
    }
    return units;
  }
  return tokenizeTelegramHtml(text).flatMap((token): Unit[] => {
    switch (token.kind) {
      case 'open':
        return [{ raw: token.raw, size: 0, visible: '', openTag: token.name }];
      case 'close':
        return [{ raw: token.raw, size: 0, visible: '', closeTag: token.name }];
      case 'entity':
        return [{ raw: token.raw, size: 1, visible: DECODED[token.raw]! }];
      case 'text':
        return codePointUnits(token.raw);
    }
  });
}

// Space, tab and newline: where a line may break. A no-break space (inside "100 000 ₽") is not a boundary.
// A character test rather than a regex: this runs once per character of a 20 000-character body.
function isBreakingSpace(visible: string): boolean {
  return visible === ' ' || visible === '\n' || visible === '\t';
}

// Nothing of these should stand right before the ellipsis: "имеет:…", "• …", "(…".
const DANGLING = /^[\s,;:\-–—(\[«„“"'•]$/u;

function closingTags(units: Unit[], count: number): string {
  const open: string[] = [];
  for (let i = 0; i < count; i++) {
    const unit = units[i]!;
    if (unit.openTag) open.push(unit.openTag);
    else if (unit.closeTag) open.pop();
  }
  return open.reverse().map((name) => `</${name}>`).join('');
}

// Cut `body` so that it measures at most `budget`, ellipsis included. Telegram HTML stays valid:
// tags left open by the cut are closed after the ellipsis.
export function truncateBody(dialect: TextDialect, body: string, budget: number): { text: string; truncated: boolean } {
  if (measureText(dialect, body) <= budget) return { text: body, truncated: false };
  const room = budget - ELLIPSIS.length;
  if (room < 0) return { text: '', truncated: true };

  // Units are consecutive slices of `body`, so a cut is an offset into it.
  const units = unitsOf(dialect, body);
  let used = 0;
  let offset = 0;
  let fits = { count: 0, offset: 0 };
  let lastSpace = { count: 0, offset: 0 };
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    // Everything before this unit fits, so a space here is a word boundary we may cut at.
    if (i > 0 && isBreakingSpace(unit.visible)) lastSpace = { count: i, offset };
    if (used + unit.size > room) break;
    used += unit.size;
    offset += unit.raw.length;
    fits = { count: i + 1, offset };
  }
  // A single word longer than the room (a huge URL) is cut where it must be.
  let { count, offset: end } = lastSpace.count > 0 ? lastSpace : fits;
  while (count > 0) {
    const last = units[count - 1]!;
    if (!last.openTag && !DANGLING.test(last.visible)) break;
    count -= 1;
    end -= last.raw.length;
  }
  const closing = dialect === 'telegramHtml' ? closingTags(units, count) : '';
  return { text: body.slice(0, end) + ELLIPSIS + closing, truncated: true };
}

export interface FittedPost {
  text: string;
  length: number;
  truncated: boolean;
  // The text without any body still exceeded the limit, so the end (apply block, hashtags) was cut too.
  fixedPartsCut: boolean;
}

export function fitToLimit(dialect: TextDialect, parts: PostParts, limit: number): FittedPost {
  const whole = parts.before + parts.body + parts.after;
  const length = measureText(dialect, whole);
  if (length <= limit) return { text: whole, length, truncated: false, fixedPartsCut: false };

  const fixed = measureText(dialect, parts.before) + measureText(dialect, parts.after);
  const body = truncateBody(dialect, parts.body, limit - fixed).text;
  const text = parts.before + body + parts.after;
  const fittedLength = measureText(dialect, text);
  if (fittedLength <= limit) return { text, length: fittedLength, truncated: true, fixedPartsCut: false };

  // Last resort: a post the network rejects (or LinkedIn silently cuts) helps nobody, so cut the end.
  const cut = truncateBody(dialect, (parts.before + '\n\n' + parts.after).trim(), limit).text;
  return { text: cut, length: measureText(dialect, cut), truncated: true, fixedPartsCut: true };
}
