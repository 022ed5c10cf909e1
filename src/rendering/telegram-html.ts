// Telegram's HTML subset (parse_mode "HTML"): a tokenizer used to measure visible length, to cut
// without breaking a tag or an entity, and to check a rendered post before it is sent.

// The tags platforms.md lists as supported; anything else makes sendMessage fail with 400.
export const TELEGRAM_TAGS: ReadonlySet<string> = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote',
]);

export type TelegramToken =
  | { kind: 'open'; raw: string; name: string }
  | { kind: 'close'; raw: string; name: string }
  // One visible character written as &lt; &gt; &amp; or &quot;.
  | { kind: 'entity'; raw: string }
  // A run of characters other than < > &; visible as written.
  | { kind: 'text'; raw: string };

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*"[^"<>]*")?)*)\s*>/y;
const ENTITY = /&(?:lt|gt|amp|quot);/y;
const TEXT = /[^<>&]+/y;

export class TelegramHtmlError extends Error {}

export function tokenizeTelegramHtml(html: string): TelegramToken[] {
  const tokens: TelegramToken[] = [];
  let at = 0;
  while (at < html.length) {
    const ch = html[at];
    let match: RegExpExecArray | null;
    if (ch === '<') {
      TAG.lastIndex = at;
      match = TAG.exec(html);
      if (!match) throw new TelegramHtmlError(`"<" at ${at} starts no tag: write &lt;`);
      const [raw, slash, name = '', attributes = ''] = match;
      const lower = name.toLowerCase();
      if (slash && attributes.trim()) throw new TelegramHtmlError(`closing tag ${raw} has attributes`);
      tokens.push({ kind: slash ? 'close' : 'open', raw, name: lower });
    } else if (ch === '&') {
      ENTITY.lastIndex = at;
      match = ENTITY.exec(html);
      if (!match) throw new TelegramHtmlError(`"&" at ${at} is not &lt; &gt; &amp; or &quot;`);
      tokens.push({ kind: 'entity', raw: match[0] });
    } else if (ch === '>') {
      throw new TelegramHtmlError(`">" at ${at} outside a tag: write &gt;`);
    } else {
      TEXT.lastIndex = at;
      match = TEXT.exec(html)!;
      tokens.push({ kind: 'text', raw: match[0] });
    }
    at += match[0].length;
  }
  return tokens;
}

// null when Telegram would accept the text; otherwise what is wrong with it.
export function findTelegramHtmlProblem(html: string): string | null {
  let tokens: TelegramToken[];
  try {
    tokens = tokenizeTelegramHtml(html);
  } catch (error) {
    return (error as Error).message;
  }
  const open: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'open' && token.kind !== 'close') continue;
    if (!TELEGRAM_TAGS.has(token.name)) return `<${token.name}> is not a tag Telegram supports`;
    if (token.kind === 'open') open.push(token.name);
    else if (open.pop() !== token.name) return `${token.raw} does not close the innermost open tag`;
  }
  return open.length ? `<${open[open.length - 1]}> is never closed` : null;
}

// The length Telegram checks against 4096/1024: tags removed, entities decoded, in UTF-16 code units.
// A regex is enough here (and ~10x faster than tokenizing) because rendered text is validated separately.
export function telegramVisibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '_').length;
}
