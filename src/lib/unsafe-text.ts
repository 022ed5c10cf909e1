// Text PostgreSQL refuses to store: a NUL character (text and jsonb cannot hold U+0000) and a
// lone UTF-16 surrogate (not a Unicode character, so it has no UTF-8 form). JavaScript strings and
// JSON allow both, so they must be caught before a query, or PostgreSQL refuses them mid-transaction.

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

export function isUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

/** How deep any input may nest: far beyond a real document, well below what a recursive reader survives. */
export const MAX_INPUT_DEPTH = 64;

export interface UnsafeSpot {
  /** Dotted path, as validation errors name fields ("" for the value itself). */
  path: string;
  problem: 'text' | 'depth';
}

// Field names may themselves be the bad text: show it escaped so the answer is readable and storable.
const printable = (key: string) => key.replace(/[\u0000-\u001f\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every place in a parsed JSON value (strings, object keys, any depth) that holds unsafe text or
 * nests deeper than MAX_INPUT_DEPTH. Iterative, so a hostile nesting cannot overflow the stack;
 * stops after `limit` findings.
 */
export function findUnsafeText(value: unknown, limit = 100): UnsafeSpot[] {
  const found: UnsafeSpot[] = [];
  const stack: { value: unknown; path: string[]; badKey?: boolean }[] = [{ value, path: [] }];
  while (stack.length > 0 && found.length < limit) {
    const { value: v, path, badKey } = stack.pop()!;
    if (badKey || (typeof v === 'string' && isUnsafeText(v))) {
      found.push({ path: path.join('.'), problem: 'text' });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      found.push({ path: path.join('.'), problem: 'depth' });
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v);
    // Pushed in reverse so findings come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child, path: [...path, printable(key)], badKey: !Array.isArray(v) && isUnsafeText(key) });
    }
  }
  return found;
}

/**
 * The names of query parameters whose percent-encoding is not valid UTF-8 (e.g. %FF, or %ED%A0%80,
 * an encoded surrogate). The query parser keeps such a value as its raw "%.." text, which would
 * silently search for the wrong thing: the raw query string is checked instead.
 */
export function badlyEncodedQueryNames(rawQuery: string): string[] {
  const names: string[] = [];
  for (const pair of rawQuery.split('&')) {
    if (!pair.includes('%')) continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = tryDecode(rawName);
    if (name === undefined || tryDecode(rawValue) === undefined) names.push(printable(name ?? rawName));
  }
  return names;
}

function tryDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
