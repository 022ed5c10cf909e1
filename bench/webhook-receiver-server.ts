// The subscriber's side of the webhook benchmark: a plain node:http server on 127.0.0.1 answering
// 204 at once, on a thread of its own. On the benchmark's main thread it would share one event loop
// with PGlite, which runs every query synchronously there: arrivals would be stamped when the engine
// let go of the thread, not when they came. Every request's signature is checked with the reference
// library (standardwebhooks, not our signing code); per webhook-id the first arrival is kept.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Webhook } from 'standardwebhooks';

export interface Arrival {
  id: string;
  at: number;
  type: string;
  /** data.post.publishedAt of post.* events. */
  publishedAt?: string;
}

export interface ReceiverReport {
  requests: number;
  /** The first arrival of each webhook-id, in arrival order. */
  arrivals: Arrival[];
  /** Requests carrying a webhook-id already received. */
  repeats: number;
  verified: number;
  badSignatures: number;
}

type Message = { id: number; type: 'url' } | { id: number; type: 'secret'; secret: string } | { id: number; type: 'report' } | { id: number; type: 'close' };

function serve(unique: Int32Array): void {
  const port = parentPort!;
  const first = new Map<string, Arrival>();
  let verifier: Webhook | undefined;
  let requests = 0;
  let repeats = 0;
  let verified = 0;
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(204).end();
      requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      try {
        verifier?.verify(body, req.headers as Record<string, string>);
        if (verifier) verified++;
      } catch {
        badSignatures++;
      }
      if (first.has(id)) return void repeats++;
      const event = JSON.parse(body) as { type: string; data?: { post?: { publishedAt?: string } } };
      first.set(id, { id, at, type: event.type, ...(event.data?.post?.publishedAt ? { publishedAt: event.data.post.publishedAt } : {}) });
      Atomics.add(unique, 0, 1);
    });
  });
  const listening = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port.on('message', async (m: Message) => {
    if (m.type === 'url') {
      await listening;
      port.postMessage({ id: m.id, value: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` });
    } else if (m.type === 'secret') {
      verifier = new Webhook(m.secret);
      port.postMessage({ id: m.id });
    } else if (m.type === 'report') {
      const value: ReceiverReport = { requests, arrivals: [...first.values()], repeats, verified, badSignatures };
      port.postMessage({ id: m.id, value });
    } else {
      server.closeAllConnections();
      server.close(() => port.postMessage({ id: m.id }));
    }
  });
}

if (!isMainThread && (workerData as { webhookReceiver?: Int32Array } | undefined)?.webhookReceiver) {
  serve((workerData as { webhookReceiver: Int32Array }).webhookReceiver);
}

export async function startReceiverThread() {
  const unique = new Int32Array(new SharedArrayBuffer(4));
  // tsx's loader is not carried into worker threads: the worker registers it, then loads this file.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { webhookReceiver: unique } });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  worker.on('message', (m: { id: number; value?: unknown }) => {
    pending.get(m.id)?.(m.value);
    pending.delete(m.id);
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const ask = <T>(message: Record<string, unknown>): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => {
        const id = next++;
        pending.set(id, resolve as (v: unknown) => void);
        worker.postMessage({ id, ...message });
      }),
      failed,
    ]);
  const url = await ask<string>({ type: 'url' });
  return {
    url,
    /** Distinct webhook-ids received so far (read without a round trip to the thread). */
    uniqueCount: () => Atomics.load(unique, 0),
    /** Signatures are checked with this secret from now on. */
    verifyWith: (secret: string) => ask<void>({ type: 'secret', secret }),
    report: () => ask<ReceiverReport>({ type: 'report' }),
    close: async () => {
      await ask({ type: 'close' });
      await worker.terminate();
    },
  };
}
