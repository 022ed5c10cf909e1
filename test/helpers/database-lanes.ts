// Each test file gets its own fresh, migrated database on the lane under test:
// - pglite:   a clone of a migrated template data dir (~0.5 s instead of a ~6 s initdb)
// - postgres: CREATE DATABASE … TEMPLATE a migrated template database on DATABASE_URL
// Templates are named by a hash of the migrations, so a changed migration makes a new one.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPglite, openPglite, openPostgres, type Database } from '../../src/db/database.js';
import { MIGRATIONS_DIR, runMigrations } from '../../src/db/migrate.js';

export type Lane = 'pglite' | 'postgres';

export function currentLane(): Lane {
  const lane = process.env.TEST_DB_LANE ?? 'pglite';
  if (lane !== 'pglite' && lane !== 'postgres') throw new Error(`TEST_DB_LANE must be pglite or postgres, not ${lane}`);
  return lane;
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_DIR);
  // The job schema (pg-boss) is installed with the migrations: a new pg-boss version is a new template.
  hash.update(JSON.parse(readFileSync(new URL('../../node_modules/pg-boss/package.json', import.meta.url), 'utf8')).version);
  return hash.digest('hex').slice(0, 12);
}

const templateFile = () => join(tmpdir(), 'vacancy-crossposter-tests', `pglite-${migrationsHash()}.tgz`);
const templateDbName = () => `vcp_test_template_${migrationsHash()}`;

export async function preparePgliteTemplate(): Promise<string> {
  const file = templateFile();
  if (existsSync(file)) return file;
  mkdirSync(join(tmpdir(), 'vacancy-crossposter-tests'), { recursive: true });
  const pglite = await createPglite();
  await runMigrations(await openPglite({ pglite }));
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  // Written under a temporary name first: a half-written template must never be read.
  const partial = `${file}.${process.pid}.part`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return file;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('The postgres lane needs DATABASE_URL');
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function preparePostgresTemplate(): Promise<string> {
  const name = templateDbName();
  const exists = await withAdmin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0);
  if (exists) return name;
  const building = `${name}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`create database "${building}"`));
  const database = await openPostgres(urlForDatabase(building), { max: 1 });
  await runMigrations(database);
  await database.close();
  // Renamed when complete, so no test clones a half-migrated template.
  await withAdmin(async (c) => {
    try {
      await c.query(`alter database "${building}" rename to "${name}"`);
    } catch {
      await c.query(`drop database if exists "${building}"`); // another run finished first
    }
  });
  return name;
}

/** A fresh migrated database for one test file; closing it drops it (postgres) or frees it (pglite). */
export async function openTestDatabase(lane: Lane = currentLane()): Promise<Database> {
  if (lane === 'pglite') {
    const file = await preparePgliteTemplate();
    const pglite = await createPglite({ loadDataDir: new Blob([readFileSync(file)]) });
    return openPglite({ pglite });
  }
  const template = await preparePostgresTemplate();
  const name = `vcp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((c) => c.query(`create database "${name}" template "${template}"`));
      break;
    } catch (error) {
      // Two files cloning at the same instant can see the template "being accessed"; try again.
      if (attempt >= 20 || !/being accessed/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const database = await openPostgres(urlForDatabase(name), { max: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      await withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** A fresh migrated server database for processes the test spawns: its URL, and how to drop it. */
export async function createServerTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = await preparePostgresTemplate();
  const name = `vcp_proc_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`create database "${name}" template "${template}"`));
  return { url: urlForDatabase(name), drop: () => withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined) };
}
