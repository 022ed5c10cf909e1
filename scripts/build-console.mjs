#!/usr/bin/env node
// Builds the console (src/console/client) into one script and one stylesheet, with Preact bundled
// in: the page loads nothing from another host. `npm run build` runs it; the browser tests call
// buildConsole() into a folder of their own.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const client = join(root, 'src/console/client');

export async function buildConsole(outdir = join(root, 'dist/console-assets')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(client, 'main.tsx')],
    outfile: join(outdir, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(client, 'app.css'), join(outdir, 'app.css'));
  await copyFile(join(client, 'index.html'), join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildConsole(process.argv[2] ? resolve(process.argv[2]) : undefined);
  process.stdout.write(`console built into ${out}\n`);
}
