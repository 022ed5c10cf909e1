// The vacancy description is plain text (see schemas/vacancy.ts): blank lines separate paragraphs,
// lines starting with "- " or "• " are list items. This writes it out for one network's dialect.
import { ESCAPE_FOR, cleanText } from './escape.js';
import type { TextDialect } from './networks.js';

const LIST_ITEM = /^\s*[-•]\s+(.*)$/u;
// "Наш идеальный кандидат имеет:" right above a list reads as a heading; Telegram can show it bold.
const HEADING_MAX_LENGTH = 120;

export function formatDescription(description: string, dialect: TextDialect): string {
  const escape = ESCAPE_FOR[dialect];
  const lines = cleanText(description)
    .split('\n')
    .map((line) => line.trimEnd());
  const out: string[] = [];
  lines.forEach((line, i) => {
    const item = LIST_ITEM.exec(line);
    if (item) {
      out.push('• ' + escape(item[1]!));
      return;
    }
    const next = lines[i + 1];
    const isHeading =
      dialect === 'telegramHtml' &&
      line.endsWith(':') &&
      line.length <= HEADING_MAX_LENGTH &&
      next !== undefined &&
      LIST_ITEM.test(next);
    out.push(isHeading ? `<b>${escape(line.trim())}</b>` : escape(line.trim()));
  });
  // One blank line between paragraphs however many the author typed.
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
