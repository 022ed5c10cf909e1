// The machinery shared by the five network fakes: a real node:http server on
// 127.0.0.1, body parsing, a call log, a controllable clock and fault injection.
// Each fake supplies only `describe` (which method/target/token a request is) and
// `handle` (what the network would answer).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  httpMethod: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  // Query string merged with a form or JSON body (body wins).
  params: Record<string, unknown>;
}

export interface FakeReply {
  status: number;
  // Serialised as JSON unless already a string; undefined → empty body.
  body?: unknown;
  headers?: Record<string, string>;
  // One word for the call log: 'ok', 'error:429', 'error:14' …
  result: string;
}

export interface RouteInfo {
  method: string;
  target?: string;
  token?: string;
}

export type Fault =
  // Answer this instead of the normal reply (build it with the fake's own error helpers).
  | { type: 'respond'; status: number; body?: unknown; headers?: Record<string, string>; result?: string }
  // Wait, then answer normally.
  | { type: 'delay'; ms: number }
  // Read the request and never answer (provokes the client's timeout).
  | { type: 'hang' }
  // Read the request, then destroy the socket without a byte of reply.
  | { type: 'drop' }
  // Send the status line and headers of a normal success, then the body one byte every `everyMs`
  // (default 1000): a reply that never ends for a client timing each phase or chunk on its own.
  | { type: 'trickle'; everyMs?: number };
// More hostile wires (garbage, 20 MB, resets mid-reply, HTML error pages): test/fakes/hostile-server.ts.

export interface FaultRule {
  // Matches the route's target (chat id, group id, page id, author URN…); any when omitted.
  target?: string;
  // Matches the network method ('sendMessage', 'wall.post', 'POST /rest/posts'…); any when omitted.
  method?: string;
  // How many matching calls get the fault (default 1; Infinity for "from now on").
  times?: number;
  fault: Fault;
}

export interface FakeCall {
  method: string;
  target?: string;
  token?: string;
  params: Record<string, unknown>;
  // The fake clock's time (ms) when the call arrived.
  time: number;
  result: string;
}

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(): FakeClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

export interface NetworkBehaviour {
  describe(req: FakeRequest): RouteInfo;
  handle(req: FakeRequest, route: RouteInfo): FakeReply | Promise<FakeReply>;
  // Forget posts, counters and anything else the network remembers.
  reset(): void;
}

export interface FakeHandle {
  // The base URL to configure the adapter with (includes /method, /v21.0, /fb.do where the network has one).
  url: string;
  calls: FakeCall[];
  inject(rule: FaultRule): void;
  clock: FakeClock;
  reset(): void;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  // The part of the URL that plays the network's API root, e.g. '/method'.
  basePath?: string;
  clock: FakeClock;
}

function parseParams(url: URL, headers: IncomingHttpHeaders, raw: string): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (!raw) return params;
  const type = String(headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    const json: unknown = JSON.parse(raw);
    if (json && typeof json === 'object' && !Array.isArray(json)) return { ...params, ...(json as object) };
  } catch {
    // Not JSON: the handler sees rawBody only.
  }
  return params;
}

function send(res: ServerResponse, reply: { status: number; body?: unknown; headers?: Record<string, string> }) {
  const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

async function trickle(res: ServerResponse, everyMs: number): Promise<void> {
  const body = JSON.stringify({ ok: true, result: {}, padding: ' '.repeat(1000) });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  for (const ch of body) {
    if (res.destroyed) return;
    res.write(ch);
    await new Promise((r) => setTimeout(r, everyMs).unref());
  }
  res.end();
}

export async function serveFake(behaviour: NetworkBehaviour, opts: ServeOptions): Promise<FakeHandle> {
  const calls: FakeCall[] = [];
  let rules: Array<FaultRule & { left: number }> = [];

  function takeFault(route: RouteInfo): Fault | undefined {
    const i = rules.findIndex(
      (r) => (r.method === undefined || r.method === route.method) && (r.target === undefined || r.target === route.target),
    );
    if (i < 0) return undefined;
    const rule = rules[i]!;
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(i, 1);
    return rule.fault;
  }

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const basePath = opts.basePath ?? '';
        const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
        const fakeReq: FakeRequest = {
          httpMethod: req.method ?? 'GET',
          path,
          headers: req.headers,
          rawBody,
          params: parseParams(url, req.headers, rawBody),
        };
        const route = behaviour.describe(fakeReq);
        const call: FakeCall = { ...route, params: fakeReq.params, time: opts.clock.now(), result: 'pending' };
        calls.push(call);

        const fault = takeFault(route);
        if (fault?.type === 'hang') return void (call.result = 'fault:hang');
        if (fault?.type === 'drop') {
          call.result = 'fault:drop';
          return void req.socket.destroy();
        }
        if (fault?.type === 'respond') {
          call.result = fault.result ?? `fault:${fault.status}`;
          return send(res, fault);
        }
        if (fault?.type === 'trickle') {
          call.result = 'fault:trickle';
          return void trickle(res, fault.everyMs ?? 1000);
        }
        if (fault?.type === 'delay') await new Promise((r) => setTimeout(r, fault.ms).unref());
        const reply = await behaviour.handle(fakeReq, route);
        call.result = reply.result;
        if (!res.destroyed) send(res, reply);
      })().catch((err: unknown) => {
        // A bug in a fake must show up loudly in the test, not as a hang.
        call500(res, err);
      });
    });
  });

  function call500(res: ServerResponse, err: unknown) {
    if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: `fake crashed: ${String(err)}` });
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}${opts.basePath ?? ''}`,
    calls,
    clock: opts.clock,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    reset() {
      calls.length = 0;
      rules = [];
      behaviour.reset();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests and idle keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
      });
    },
  };
}
