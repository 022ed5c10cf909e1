// Log lines are shipped and kept; a token in one is a leaked token. Redaction by path catches
// the fields we know; this catches token-shaped text anywhere else (an error message quoting a
// URL with a bot token in it, say).
const PATTERNS: RegExp[] = [
  // Telegram bot token. No \b before it: in an API URL it follows "bot" (…/bot123456:AA…/sendMessage).
  /(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}\b/g,
  /\bvcp_[A-Za-z0-9_-]{20,}\b/g, // our API keys
  /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
  /([?&](access_token|token|sig|client_secret|secret)=)[^&\s"']+/gi, // query parameters
  /\bvk1\.a\.[A-Za-z0-9_-]{20,}\b/g, // VK user tokens
  /\bEA[A-Za-z0-9]{30,}\b/g, // Facebook tokens
];

export function scrubText(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, ...groups) =>
      typeof groups[0] === 'string' && match.startsWith(groups[0]) && /[?&]/.test(groups[0]) ? `${groups[0]}[REDACTED]` : '[REDACTED]',
    );
  }
  return out;
}

export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}
