// API keys are 256-bit random tokens; a fast hash is enough to store them (no dictionary to
// attack), and it lets a request be authenticated with one indexed lookup.
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'vcp_';

export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What a listing shows so a person can recognise a key without it being usable. */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, PREFIX.length + 4)}…${key.slice(-4)}`;
}
