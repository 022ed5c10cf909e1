// A fresh, migrated database per benchmark, on the engine the service would use: embedded PGlite in a
// temporary directory by default, or a new database on the server DATABASE_URL points at. Fresh so
// one benchmark's jobs, reservations and table bloat never slow the next; dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/db/database.js';
import { runMigrations } from '../src/db/migrate.js';

export interface FreshDatabase {
  database: Database;
  /** DATABASE_URL for this database (server only), so parseEnv sees the same lane the app runs on. */
  url?: string;
  /** Closes nothing the app already closed; removes the data directory or drops the database. */
  dispose(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Told about every database made and disposed of, so a watchdog that has to kill a hung run can
// still clean up after it (see watchdog.ts).
type Tracker = (leftover: { dir?: string; database?: string }, alive: boolean) => void;
let track: Tracker = () => {};
export function trackFreshDatabases(tracker: Tracker): void {
  track = tracker;
}

export async function freshDatabase(label: string, serverUrl = process.env.DATABASE_URL): Promise<FreshDatabase> {
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), `vcp-bench-${label}-`));
    track({ dir }, true);
    // openPglite puts the cluster in <dir>/pglite; a real directory, like the service's DATA_DIR
    // (an in-memory PGlite would flatter the figures).
    const database = await openPglite({ dataDir: dir });
    await runMigrations(database);
    return {
      database,
      dispose: async () => {
        rmSync(dir, { recursive: true, force: true });
        track({ dir }, false);
      },
    };
  }
  const name = `vcp_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`create database "${name}"`));
  track({ database: name }, true);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // The service's own pool size (openDatabase uses openPostgres's default of 10).
  const database = await openPostgres(url.toString());
  await runMigrations(database);
  return {
    database,
    url: url.toString(),
    dispose: async () => {
      await withAdmin(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
      track({ database: name }, false);
    },
  };
}
