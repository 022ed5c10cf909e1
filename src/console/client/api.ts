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
    if (res.status === 401) onSignedOut();
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
