// Shared bits for the adapter tests (not a test file itself; tap reports it as skipped).
import { createServer } from 'node:net';
import type { Test } from 'tap';

// A URL on which nothing listens: the OS refuses the connection before anything is sent.
export async function closedPortUrl(path = ''): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}${path}`;
}

export function assertNoSecret(t: Test, value: unknown, secrets: string[]): void {
  const text = JSON.stringify(value);
  for (const s of secrets) t.notOk(text.includes(s), `secret must not leak: ${text}`);
}

export const last = <T>(list: T[]): T => {
  const item = list.at(-1);
  if (item === undefined) throw new Error('empty list');
  return item;
};
