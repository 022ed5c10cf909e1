// Small readers of parsed JSON that many parts share (network replies, ATS deliveries, JSON-LD).

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A date as the API writes it (ISO 8601, UTC), or null. */
export function isoOrNull(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}
