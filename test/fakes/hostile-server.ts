// A network at its worst, on the wire: a raw TCP server on 127.0.0.1 that answers any request in one
// hostile way (hangs, trickles, sends garbage or an HTML error page, resets mid-reply, floods 20 MB,
// closes at once). It works at the socket level (node:net), so it can do what an HTTP server
// library would not, and it logs per connection what really happened on the wire: whether the
// request arrived whole, how many reply bytes the kernel took, and whether the client hung up early.
// One server per scenario: its URL works as any adapter's base URL, whatever path is appended.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type Scenario =
  // Read the request, never answer.
  | { kind: 'hang' }
  // A complete reply, byte for byte what is given (an HTML error page, a 429 in text, garbage…).
  | { kind: 'reply'; status: number; body: string; headers?: Record<string, string> }
  // The status line and headers (declaring `length` bytes of body), then one byte every `everyMs`.
  | { kind: 'trickle'; status?: number; everyMs?: number; length?: number }
  // Bytes that are not HTTP at all.
  | { kind: 'not_http' }
  // Headers and the first part of a JSON body, then the connection is destroyed.
  | { kind: 'reset_mid_reply'; status?: number }
  // A 200 with `bytes` of body, written as fast as the client takes it; chunked hides the size up front.
  | { kind: 'huge'; bytes: number; chunked?: boolean }
  // Read the request, then close the connection without a byte of reply.
  | { kind: 'drop' }
  // Close every connection as soon as it is accepted, before reading anything.
  | { kind: 'close_on_accept' };

export interface ConnectionLog {
  // The request's head and declared body arrived whole.
  requestComplete: boolean;
  requestBytes: number;
  // Reply bytes handed to the kernel (counted when each write completes).
  replyBytesSent: number;
  // The client closed (or reset) the connection before the reply was finished.
  clientHungUp: boolean;
  // Resolves when the connection is gone, whoever closed it.
  closed: Promise<void>;
}

export interface HostileServer {
  url: string;
  connections: ConnectionLog[];
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

function statusLine(status: number): string {
  const text: Record<number, string> = {
    200: 'OK', 403: 'Forbidden', 408: 'Request Timeout', 413: 'Payload Too Large', 429: 'Too Many Requests',
    500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return `HTTP/1.1 ${status} ${text[status] ?? 'Whatever'}\r\n`;
}

function head(status: number, headers: Record<string, string>): string {
  return statusLine(status) + Object.entries({ connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

// An nginx-style error page, as a proxy in front of an API sends it.
export function htmlPage(status: number, headers: Record<string, string> = {}): Scenario {
  const title = statusLine(status).slice(9).trim();
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { kind: 'reply', status, body, headers: { 'content-type': 'text/html', ...headers } };
}

export function textReply(status: number, body: string, headers: Record<string, string> = {}): Scenario {
  return { kind: 'reply', status, body, headers: { 'content-type': 'text/plain', ...headers } };
}

// Resolves once the request head and its declared body have arrived (never, if they do not).
function readRequest(socket: Socket, log: ConnectionLog): Promise<void> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      log.requestBytes += chunk.length;
      if (log.requestComplete) return;
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffered.length - (end + 4) < length) return;
      log.requestComplete = true;
      resolve();
    });
  });
}

function write(socket: Socket, log: ConnectionLog, data: string | Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(false);
    const size = Buffer.byteLength(data);
    const flushed = socket.write(data, (err) => {
      if (!err) log.replyBytesSent += size;
      if (err || flushed) resolve(!err);
    });
    // Backpressure: wait for the kernel to take it, as a real server would, instead of queueing 20 MB here.
    if (!flushed) socket.once('drain', () => resolve(!socket.destroyed));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

async function answer(socket: Socket, log: ConnectionLog, scenario: Scenario, done: () => void): Promise<void> {
  switch (scenario.kind) {
    case 'hang':
      return;
    case 'drop':
      return void socket.destroy();
    case 'not_http':
      await write(socket, log, 'SSH-2.0-OpenSSH_9.6\r\n\u0000\u0001\u0002 this is not HTTP\r\n\r\n');
      done();
      return void socket.end();
    case 'reply': {
      const body = Buffer.from(scenario.body);
      await write(socket, log, head(scenario.status, { 'content-length': String(body.length), ...scenario.headers }));
      await write(socket, log, body);
      done();
      return void socket.end();
    }
    case 'trickle': {
      const length = scenario.length ?? 1000;
      await write(socket, log, head(scenario.status ?? 200, { 'content-type': 'application/json', 'content-length': String(length) }));
      for (let i = 0; i < length && !socket.destroyed; i++) {
        await sleep(scenario.everyMs ?? 1000);
        if (!(await write(socket, log, i === 0 ? '{' : ' '))) return;
      }
      done();
      return void socket.end();
    }
    case 'reset_mid_reply': {
      await write(socket, log, head(scenario.status ?? 200, { 'content-type': 'application/json', 'content-length': '200' }));
      await write(socket, log, '{"ok":true,"result":{"message_id":');
      await sleep(20);
      return void socket.resetAndDestroy();
    }
    case 'huge': {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (scenario.chunked) headers['transfer-encoding'] = 'chunked';
      else headers['content-length'] = String(scenario.bytes);
      await write(socket, log, head(200, headers));
      const block = Buffer.alloc(CHUNK, 0x20);
      for (let sent = 0; sent < scenario.bytes; sent += CHUNK) {
        const piece = block.subarray(0, Math.min(CHUNK, scenario.bytes - sent));
        const framed = scenario.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
        if (!(await write(socket, log, framed))) return;
      }
      if (scenario.chunked) await write(socket, log, '0\r\n\r\n');
      done();
      return void socket.end();
    }
    case 'close_on_accept':
      return void socket.destroy();
  }
}

export async function startHostileServer(scenario: Scenario): Promise<HostileServer> {
  const connections: ConnectionLog[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let finished = false;
    let markClosed!: () => void;
    const log: ConnectionLog = {
      requestComplete: false,
      requestBytes: 0,
      replyBytesSent: 0,
      clientHungUp: false,
      closed: new Promise<void>((r) => (markClosed = r)),
    };
    connections.push(log);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      // Closed before this server finished (or chose to stop) its reply: the client hung up.
      if (!finished && scenario.kind !== 'drop' && scenario.kind !== 'close_on_accept' && scenario.kind !== 'reset_mid_reply') log.clientHungUp = true;
      markClosed();
    });
    if (scenario.kind === 'close_on_accept') return void socket.destroy();
    void readRequest(socket, log).then(() => answer(socket, log, scenario, () => (finished = true)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
