// A TCP relay between the app and the PostgreSQL server that a test can cut: closing it resets every
// open connection and refuses new ones, as a server that stopped or a network that broke would.
import { createConnection, createServer, type Socket } from 'node:net';

export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let holding = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (holding) return; // accepted, never answered
    const upstream = createConnection(target);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Cuts every connection; new ones are accepted but never answered, as behind a dead load balancer. */
    hold() {
      holding = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    /** Cuts every connection and stops listening (new connections are refused). */
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.resetAndDestroy();
      await closed;
    },
  };
}
