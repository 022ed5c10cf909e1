// Hashtags as the networks link them. The vacancy stores them without "#"; audience professions and a
// group's required hashtags are merged in. Normalised so "#Product Manager" and "#product-manager"
// end up as one tag: lower-case, spaces/hyphens → "_", anything but letters/digits/"_" removed.
import type { TextDialect } from './networks.js';

export function normalizeHashtag(raw: string, dialect: TextDialect): string | null {
  let tag = raw.normalize('NFC').trim().replace(/^#+/, '').toLowerCase();
  tag = tag.replace(/[\s\-\u2010-\u2015]+/gu, '_').replace(/[^\p{L}\p{M}\p{N}_]/gu, '');
  // LinkedIn links letters and digits only, and "_" is reserved in little text: drop it there.
  if (dialect === 'linkedinLittleText') tag = tag.replace(/_/g, '');
  tag = tag.replace(/_+/g, '_').replace(/^_|_$/g, '');
  // "#2026" is not linked as a hashtag by Telegram or VK: a tag needs a letter.
  return /\p{L}/u.test(tag) ? tag : null;
}

export function collectHashtags(lists: readonly (readonly string[] | null | undefined)[], dialect: TextDialect): string[] {
  const tags = new Set<string>();
  for (const list of lists) {
    for (const raw of list ?? []) {
      const tag = normalizeHashtag(raw, dialect);
      if (tag) tags.add(tag);
    }
  }
  return [...tags];
}

// One hashtag written for the network: "#вакансия", or on LinkedIn "{hashtag|\#|вакансия}" (LinkedIn's
// little-text hashtag; a bare "#" there is a reserved character). Tags are already normalised, so they
// contain nothing any dialect needs escaped.
export function formatHashtag(tag: string, dialect: TextDialect): string {
  return dialect === 'linkedinLittleText' ? `{hashtag|\\#|${tag}}` : `#${tag}`;
}

export function formatHashtags(tags: readonly string[], dialect: TextDialect): string {
  return tags.map((tag) => formatHashtag(tag, dialect)).join(' ');
}
