// The code in a tracked link ({PUBLIC_BASE_URL}/r/{code}). Nine random bytes in base64url: twelve
// URL-safe characters, 72 bits, so links are short to read and cannot be guessed or enumerated.
import { randomBytes } from 'node:crypto';

export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export function newLinkCode(): string {
  return randomBytes(9).toString('base64url');
}
