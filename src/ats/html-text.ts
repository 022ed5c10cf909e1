// ATS rich-text fields (Huntflow's body/requirements/conditions, Greenhouse's content) are HTML;
// a vacancy description is plain text: blank lines between paragraphs, "• " list items.
// Not a sanitiser: nothing here is ever rendered as HTML. Tags are dropped and entities decoded
// last, so "&lt;script&gt;" becomes the visible text "<script>", which each network escapes itself.

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '',
  laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', bdquo: '„', lsquo: '‘', rsquo: '’',
  ndash: '–', mdash: '—', hellip: '…', bull: '•', middot: '·', times: '×', minus: '−',
  euro: '€', pound: '£', yen: '¥', copy: '©', reg: '®', trade: '™', deg: '°', numero: '№',
};

// A reference that names no character (&#0;, a surrogate, beyond U+10FFFF) is dropped rather
// than shown as "�" the recruiter never wrote; NUL could not be stored either.
function character(code: number): string {
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') return character(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

// Characters a post cannot show or PostgreSQL cannot store: C0 controls other than tab and newline,
// DEL, and unpaired surrogates.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// A tag: "<" and a letter, "/" or "!", up to the ">" outside quoted attribute values.
const TAG = /<[a-z/!](?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const BLOCK = /<\/?(?:p|div|h[1-6]|ul|ol|dl|section|article|header|footer|blockquote|pre|table|tr|hr)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;

function tidy(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    // An empty <li></li> leaves a bullet with nothing after it.
    .filter((line) => line !== '•')
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    // Items of one list stay together, nested lists included.
    .replace(/^(• .*)\n\n(?=• )/gm, '$1\n')
    .trim();
}

/** HTML (or plain text) to the plain text of a vacancy description. */
export function htmlToText(html: string): string {
  let text = html.replace(/\r\n?/g, '\n');
  // HTML escaped once more, as Greenhouse's Job Board API sends content: unescape it once.
  if (!/<[a-z/!][^>]*>/i.test(text) && /&lt;\/?[a-z][^&]*&gt;/i.test(text)) text = decodeEntities(text);
  // Plain text keeps its own line breaks; in HTML a source line break is only a space.
  if (!/<[a-z/!][^>]*>/i.test(text)) return tidy(decodeEntities(text));
  return tidy(
    decodeEntities(
      text
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<(script|style|head|template|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/\s+/g, ' ')
        .replace(/<br\b[^>]*>/gi, '\n')
        .replace(/<li\b[^>]*>/gi, '\n• ')
        .replace(/<\/li\s*>/gi, '')
        .replace(/<\/(?:td|th)\s*>/gi, ' ')
        .replace(BLOCK, '\n\n')
        .replace(TAG, ''),
    ),
  );
}
