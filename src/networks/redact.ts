// Tokens must never leave an adapter inside a reason, a detail or an error text
// (Telegram's token is even part of the URL path). Every adapter method runs
// inside `guarded`, which scrubs whatever it returns and turns a stray throw
// into an 'unknown' outcome instead of an exception carrying a URL.

const MASK = '***';

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would mask ordinary words; real tokens are long.
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(MASK);
    }
  }
  return out;
}

function scrubValue<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, secrets);
  return out as T;
}

export async function guarded<T>(
  secrets: readonly string[],
  onThrow: (reason: string) => T,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return scrubValue(await run(), secrets);
  } catch (err) {
    // Our own bug or an unexpected library error: we cannot tell whether a
    // request went out, so the caller gets the conservative answer.
    const message = err instanceof Error ? err.message : String(err);
    return scrubValue(onThrow(`adapter error: ${message}`), secrets);
  }
}
