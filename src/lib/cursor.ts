// Opaque page cursors: the sort key of the last row seen, base64url-encoded so clients treat it as
// a token. Decoding checks the key's shape, so a mangled cursor is a 400, not a silently wrong page.
import { Problem } from './problem.js';

export function encodeCursor(key: string): string {
  return Buffer.from(key).toString('base64url');
}

export function decodeCursor(cursor: string, validKey: RegExp): string {
  const key = Buffer.from(cursor, 'base64url').toString();
  if (!validKey.test(key)) {
    throw new Problem(400, 'validation-error', 'Invalid querystring: cursor', {
      errors: [{ field: 'cursor', in: 'querystring', message: 'is not a cursor this API returned' }],
    });
  }
  return key;
}
