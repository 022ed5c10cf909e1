// One PostgreSQL, two engines: embedded PGlite (a directory on disk) or a real server.
// Everything above this file sees only `Database`, so both engines run the same code and tests.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database or a transaction: repositories accept either, so callers decide the transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database =
  | { kind: 'pglite'; db: Db; pglite: PGlite; close(): Promise<void> }
  | { kind: 'postgres'; db: Db; pool: pg.Pool; close(): Promise<void> };

/**
 * Every embedded engine is made here: the extensions the migrations create (pg_trgm, for the
 * vacancy text search index) must be loaded into each PGlite instance that opens the data.
 */
export function createPglite(options: Omit<PGliteOptions, 'extensions'> & { dataDir?: string } = {}): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

export async function openPglite(options: { dataDir?: string; pglite?: PGlite }): Promise<Database> {
  let pglite = options.pglite;
  if (!pglite) {
    const dir = resolve(options.dataDir ?? './data', 'pglite');
    // PGlite fails with ENOENT when the parent folder is missing.
    mkdirSync(dir, { recursive: true });
    pglite = await createPglite({ dataDir: dir });
  }
  const instance = pglite;
  return {
    kind: 'pglite',
    db: drizzlePglite(instance, { schema }) as unknown as Db,
    pglite: instance,
    close: () => instance.close(),
  };
}

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // A pool error on an idle client (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    kind: 'postgres',
    db: drizzlePg(pool, { schema }) as unknown as Db,
    pool,
    close: () => pool.end(),
  };
}

export function openDatabase(config: { DATABASE_URL?: string; DATA_DIR: string }): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL) : openPglite({ dataDir: config.DATA_DIR });
}

/**
 * Runs fn in a transaction. drizzle types a transaction apart from its database although it has
 * the same query API; repositories take `Db`, so the one cast lives here.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}
