// LinkedIn "little text": finds a reserved character that is not backslash-escaped and not part of
// a construct LinkedIn defines (hashtag, mention). LinkedIn silently cuts a post at such a character.
const RESERVED = '\\|{}@[]()<>#*_~';
// {hashtag|\#|word}: LinkedIn's documented way to write a hashtag in little text.
const HASHTAG = /\{hashtag\|\\#\|[^\\|{}@[\]()<>#*_~\s]+\}/y;
// @[Name](urn:li:organization:123): a mention; template authors may write these literally.
const MENTION = /@\[[^\]\\]*\]\(urn:li:(?:person|organization):[A-Za-z0-9_-]+\)/y;

export interface LittleTextProblem {
  index: number;
  char: string;
}

export function findUnescapedReserved(text: string): LittleTextProblem | null {
  let at = 0;
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === '\\') {
      if (at + 1 >= text.length) return { index: at, char: ch };
      at += 2;
      continue;
    }
    if (ch === '{' || ch === '@') {
      const construct = ch === '{' ? HASHTAG : MENTION;
      construct.lastIndex = at;
      const match = construct.exec(text);
      if (match) {
        at += match[0].length;
        continue;
      }
    }
    if (RESERVED.includes(ch)) return { index: at, char: ch };
    at += 1;
  }
  return null;
}
