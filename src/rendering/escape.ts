// Per-network escaping of user text (vacancy fields, contacts, group names). Template literal text is
// never passed through here: the template author writes it already in the network's dialect.
import { BODY_MARKERS } from './body-markers.js';
import type { TextDialect } from './networks.js';

// C0 controls other than tab and newline make networks reject or mangle a post.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').replace(BODY_MARKERS, '');
}

const TELEGRAM_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// Telegram parse_mode HTML accepts only &lt; &gt; &amp; &quot;. Escaping `"` too makes the same
// function safe inside attribute values (href="…").
export function telegramHtml(text: string): string {
  return cleanText(text).replace(/[&<>"]/g, (ch) => TELEGRAM_ENTITIES[ch]!);
}

// LinkedIn "little text": an unescaped reserved character makes LinkedIn silently cut the post.
export const LINKEDIN_RESERVED = /[\\|{}@[\]()<>#*_~]/g;

export function linkedinLittleText(text: string): string {
  return cleanText(text).replace(LINKEDIN_RESERVED, '\\$&');
}

// VK, Facebook and OK take plain text: nothing is markup, so nothing needs escaping.
export function plain(text: string): string {
  return cleanText(text);
}

export const ESCAPE_FOR: Readonly<Record<TextDialect, (text: string) => string>> = {
  telegramHtml,
  linkedinLittleText,
  plain,
};
