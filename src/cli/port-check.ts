// A port that cannot be listened on is a one-line answer naming PORT (or HOST), not a stack trace;
// and it is found before the server opens the database or creates anything, so a failed start
// leaves nothing behind.
import { createServer } from 'node:net';

/** The sentence for an error from listen(), or undefined when it is not about the address. */
export function listenProblem(error: unknown, port: number, host: string): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `PORT ${port} is already in use (on ${host}): stop the other process or set PORT to a free port, e.g. PORT=${port + 1}`;
    case 'EACCES':
      return `PORT ${port} needs privileges this process does not have (on ${host}): set PORT above 1023, e.g. PORT=3000`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST=0.0.0.0 (every interface) or HOST=127.0.0.1`;
    default:
      return undefined;
  }
}

/** Listens on the address for an instant and lets go: the sentence if it cannot, else undefined. */
export function probePort(port: number, host: string): Promise<string | undefined> {
  // Port 0 means "any free port": nothing to check.
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => {
      const problem = listenProblem(error, port, host);
      if (problem) resolve(problem);
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}
