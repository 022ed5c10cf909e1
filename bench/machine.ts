// What the figures were measured on: numbers without the machine and database engine behind them
// cannot be compared with anyone else's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Machine {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  os: string;
  database: string;
  libraries: string;
  code: string;
}

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

// The same engine the benchmarks run on: the server at DATABASE_URL, or PGlite (an in-memory
// instance of the same build answers version() like the on-disk ones the benchmarks use).
async function databaseVersion(serverUrl: string | undefined): Promise<string> {
  if (serverUrl) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return `PostgreSQL server: ${(await client.query<{ version: string }>('select version()')).rows[0]!.version}`;
    } finally {
      await client.end();
    }
  }
  const pglite = await PGlite.create();
  try {
    return `embedded PGlite ${versionOf('@electric-sql/pglite')}: ${(await pglite.query<{ version: string }>('select version()')).rows[0]!.version}`;
  } finally {
    await pglite.close();
  }
}

// Which engine code was measured: the commit, and whether src/ had uncommitted changes on top.
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'migrations').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + uncommitted changes in ${dirty} file(s) under src/` : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export async function describeMachine(serverUrl = process.env.DATABASE_URL): Promise<Machine> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    database: await databaseVersion(serverUrl),
    code: codeVersion(),
    libraries: `pg-boss ${versionOf('pg-boss')}, drizzle-orm ${versionOf('drizzle-orm')}`,
  };
}

export function machineLines(m: Machine): string[] {
  return [
    `CPU:      ${m.cpu} × ${m.cpus}`,
    `Memory:   ${m.memoryGiB} GiB`,
    `Node:     ${m.node}`,
    `OS:       ${m.os}`,
    `Database: ${m.database}`,
    `Libs:     ${m.libraries}`,
    `Code:     ${m.code}`,
  ];
}
