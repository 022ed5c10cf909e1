// Every call the console makes goes through the public API with the key the person signed in with;
// the key lives in sessionStorage only, so it is gone when the browser session ends.
const KEY = 'vcp.apiKey';

export function savedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** An answer the API refused: its problem's detail is what the person reads. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: Array<{ field: string; message: string }> = [],
  ) {
    super(detail);
  }
}

let onSignedOut: () => void = () => {};
/** Called when the API no longer takes the key (revoked, or a new server): back to sign-in. */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const key = savedKey();
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json, application/problem+json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? safeJson(text) : null;
  if (!res.ok) {
    // A late 401 for a key already replaced (a new sign-in meanwhile) must not sign the new one out.
    if (res.status === 401 && key !== null && savedKey() === key) onSignedOut();
    const problem = (json ?? {}) as { detail?: string; title?: string; errors?: Array<{ field: string; message: string }> };
    throw new ApiProblem(res.status, problem.detail ?? problem.title ?? `${res.status} ${res.statusText}`, problem.errors ?? []);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A link from the API's data, only if it is http(s): never a javascript: or data: URL in an href. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh idempotency key; crypto.randomUUID exists only on secure origins (not http://192.168.…). */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every page of a list the API pages with `nextCursor`, up to `max` items. */
export async function all<T>(path: string, max = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor?: string | null } = await api('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor && items.length < max);
  return items;
}
