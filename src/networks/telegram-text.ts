// Telegram limits text (4096) and captions (1024) by length *after entity parsing*:
// tags do not count, and each of &lt; &gt; &amp; &quot; counts as one character.
// JS string length counts UTF-16 units, which is what Telegram counts for entities;
// for astral characters it can only overestimate, so a "fits" answer is always safe.

export const CAPTION_LIMIT = 1024;
export const TEXT_LIMIT = 4096;

const ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;

export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(ENTITY, '_').length;
}
