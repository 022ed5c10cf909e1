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
  | { kind: 'postgres'; db: Db; pool: pg.Pool; url: string; close(): Promise<void> };

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
    // Idempotent: a database that died (or a test that stopped it) must not fail the app's close.
    close: async () => {
      if (!instance.closed) await instance.close();
    },
  };
}

/** A node-postgres pool to the server, as every part of the service opens one. */
export function newPool(connectionString: string, options: { max: number; connectTimeoutMs?: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    // A server that accepts no connection (restarting, or a network that drops packets) fails the
    // request with a 503 after this long, instead of holding it forever (node-postgres waits without end by default).
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
  });
  // A pool error on an idle client (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export async function openPostgres(connectionString: string, options: { max?: number; connectTimeoutMs?: number } = {}): Promise<Database> {
  const pool = newPool(connectionString, { max: options.max ?? 10, ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}) });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    db: drizzlePg(pool, { schema }) as unknown as Db,
    pool,
    url: connectionString,
    close: async () => {
      if (!pool.ended) await pool.end();
    },
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

// node-postgres and PGlite both return { rows }; drizzle's type for `execute` differs per driver.
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
