import type { TextDialect } from './networks.js';
import { telegramVisibleLength } from './telegram-html.js';

// Lengths are counted in UTF-16 code units (a JS string's .length), as the networks count them:
// Telegram measures its limits and entity offsets in UTF-16 units, and the others document limits in
// "characters" of JSON strings. An emoji outside the BMP therefore counts 2, which errs on the safe side.
// Telegram's limit applies to the text after entity parsing (tags removed, entities decoded); LinkedIn's
// is taken over the commentary as sent, backslashes included (conservative: they may not count).
export function measureText(dialect: TextDialect, text: string): number {
  return dialect === 'telegramHtml' ? telegramVisibleLength(text) : text.length;
}
