// Log lines are shipped and kept; a token in one is a leaked token. Every logged object goes
// through scrubDeep (see logger-options.ts): a field named like a credential is redacted whatever
// it holds, and token-shaped text is redacted wherever it is (an error message quoting a URL with a
// bot token in it, say).
import { stdSerializers } from 'pino';

// A query parameter named like a credential: ?access_token=, ?token=, ?key=, ?api_key=, ?apiKey=,
// ?client_secret=, ?password=, ?sig=…: one of these words, alone, after a separator (bot_token,
// x-api-key) or after a usual prefix (accessToken, apikey). ?monkey= and ?keyword= are not.
const SECRET_PARAMETER =
  /([?&](?:[\w.-]*[_.-]|access|refresh|id|bot|user|page|api|client|app|private|session)?(?:token|key|secret|password|passwd|signature|sig|auth|authorization|credentials?)=)[^&#\s"']+/gi;

const PATTERNS: RegExp[] = [
  // Telegram bot token. No \b before it: in an API URL it follows "bot" (…/bot123456:AA…/sendMessage).
  // Its colon may arrive percent-encoded in a query string (?q=123456%3AAA…).
  /(?<!\d)\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}\b/g,
  /\bvcp_[A-Za-z0-9_-]{20,}\b/g, // our API keys
  /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
  SECRET_PARAMETER,
  /\bvk1\.a\.[A-Za-z0-9_-]{20,}\b/g, // VK user tokens
  /\bEA[A-Za-z0-9]{30,}\b/g, // Facebook tokens
];

// Most logged strings hold none of these. One pass with every pattern at once (case-insensitive:
// it may only say "maybe", never miss) lets them through without six replace() scans each.
const ANY_PATTERN = new RegExp(PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'i');

export function scrubText(text: string): string {
  if (!ANY_PATTERN.test(text)) return text;
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, ...groups) =>
      typeof groups[0] === 'string' && match.startsWith(groups[0]) && /[?&]/.test(groups[0]) ? `${groups[0]}[REDACTED]` : '[REDACTED]',
    );
  }
  return out;
}

/** A request URL as it may be logged: credential-named query values and token-shaped text redacted. */
export function redactUrl(url: string): string {
  return scrubText(url);
}

// Fields that hold credentials wherever they appear in a logged object (compared lowercased).
const SECRET_FIELDS = new Set([
  'authorization', 'cookie', 'token', 'bottoken', 'usertoken', 'accesstoken', 'pagetoken', 'applicationsecretkey',
  'secret', 'secretskey', 'password', 'apikey', 'key', 'credentials',
]);
const MAX_DEPTH = 8;

/**
 * A copy of a value fit to log: credential-named fields redacted, token-shaped text redacted,
 * errors as {type, message, stack, …} (their text is not enumerable, a plain copy would lose it).
 * Deeper than MAX_DEPTH is cut rather than logged unscrubbed.
 */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof Error) return scrubDeep(stdSerializers.err(value), depth);
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[too deep to log]';
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = v !== undefined && SECRET_FIELDS.has(k.toLowerCase()) ? '[REDACTED]' : scrubDeep(v, depth + 1);
  }
  return out;
}
