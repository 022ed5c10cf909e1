// An ATS's webhook receiver on 127.0.0.1: it records every request as received (raw body, headers,
// time) and answers as the test scripts it (a status, headers, a delay), 204 by default.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  path: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the answer this long (ms). */
  delayMs?: number;
}

export async function startWebhookReceiver(answer: (req: Received, index: number) => Answer = () => ({ status: 204 })) {
  const received: Received[] = [];
  let script = answer;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got: Received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), path: req.url ?? '/' };
      received.push(got);
      const a = script(got, received.length - 1);
      const send = () => {
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** Events received, parsed, in arrival order. */
    events: () => received.map((r) => ({ ...(JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, any> }), id: String(r.headers['webhook-id']) })),
    answerWith(next: (req: Received, index: number) => Answer) {
      script = next;
    },
    async waitFor(done: () => boolean, timeoutMs = 20_000, what = 'the deliveries'): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(received.map((r) => JSON.parse(r.body).type))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
