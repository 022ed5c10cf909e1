// The template marks the part of a post that may be cut ({{#truncatable}}…{{/truncatable}}) with two
// private-use characters. They never reach a network: escaping strips them from user data, and the
// renderer removes them after splitting the text into before / body / after.
export const BODY_START = '\uE000';
export const BODY_END = '\uE001';
export const BODY_MARKERS = /[\uE000\uE001]/g;

export interface PostParts {
  before: string;
  body: string;
  after: string;
}

export function wrapBody(rendered: string): string {
  return BODY_START + rendered + BODY_END;
}

// A template without a truncatable block has no body: everything is fixed text.
export function splitBody(text: string): PostParts {
  const start = text.indexOf(BODY_START);
  const end = text.indexOf(BODY_END);
  if (start === -1 && end === -1) return { before: text, body: '', after: '' };
  if (start === -1 || end < start || text.indexOf(BODY_START, start + 1) !== -1 || text.indexOf(BODY_END, end + 1) !== -1) {
    throw new Error('{{#truncatable}} may be used once per template, and not inside a loop');
  }
  return { before: text.slice(0, start), body: text.slice(start + 1, end), after: text.slice(end + 1) };
}
