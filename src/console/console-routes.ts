// Serves the console (built by scripts/build-console.mjs) at /console: one page, one script, one
// stylesheet, all from this origin, under a Content-Security-Policy that allows nothing else. The
// page calls the public /v1 API with the key the person signs in with; nothing here is private.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Problem } from '../lib/problem.js';

/** Where `npm run build` puts the console (dist/console-assets), from src/ or dist/ alike. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console-assets', import.meta.url));

// No inline script or style, no other host: what the console needs is its own files and /v1.
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  // No string ever becomes markup or code: Preact builds the DOM node by node.
  "require-trusted-types-for 'script'",
].join('; ');

const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
} as const;
type ConsoleFile = keyof typeof FILES;

interface Asset {
  body: Buffer;
  etag: string;
}

async function loadAssets(dir: string): Promise<Map<ConsoleFile, Asset> | null> {
  try {
    const entries = await Promise.all(
      (Object.keys(FILES) as ConsoleFile[]).map(async (name) => {
        const body = await readFile(join(dir, name));
        return [name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }] as const;
      }),
    );
    return new Map(entries);
  } catch {
    return null;
  }
}

export async function consoleRoutes(app: FastifyInstance, opts: { dir?: string }) {
  const dir = opts.dir ?? DEFAULT_CONSOLE_DIR;
  // Read once at start: the files change only with a new build, which comes with a restart.
  const assets = await loadAssets(dir);
  if (!assets) app.log.warn({ dir }, 'the console is not built: /console answers 503 until `npm run build` makes it');

  function send(reply: FastifyReply, name: ConsoleFile, ifNoneMatch: string | undefined) {
    if (!assets) throw new Problem(503, 'console-not-built', 'The console is not built: run `npm run build` (npm start does) and restart');
    const asset = assets.get(name)!;
    reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag);
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(FILES[name]).send(asset.body);
  }

  const hide = { schema: { hide: true } };
  app.get('/console', hide, (req, reply) => send(reply, 'index.html', req.headers['if-none-match']));
  app.get('/console/', hide, (req, reply) => send(reply, 'index.html', req.headers['if-none-match']));
  app.get<{ Params: { file: string } }>('/console/assets/:file', hide, (req, reply) => {
    const name = req.params.file;
    // Own keys only: "constructor" or "__proto__" are in every object, and are not files.
    if (name === 'index.html' || !Object.hasOwn(FILES, name)) throw new Problem(404, 'not-found', `No console file "${name}"`);
    return send(reply, name as ConsoleFile, req.headers['if-none-match']);
  });
}
