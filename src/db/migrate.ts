// Applies the drizzle-kit SQL migrations in ./migrations. Both engines read the same files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { rowsOf, type Database } from './database.js';
import { installJobSchema } from '../jobs/job-queue.js';

// Two levels up from src/db or dist/db is the repository (or image) root.
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, config);
  else await migratePg(database.db as unknown as NodePgDatabase, config);
  // pg-boss keeps its own versioned schema ("pgboss"); installing it here means no process, API or
  // worker, ever races another to create it at start.
  await installJobSchema(database);
}

function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** For /readyz: the database answers and every migration this build ships has been applied. */
export async function migrationStatus(database: Database): Promise<{ applied: number; expected: number }> {
  const expected = expectedMigrationCount();
  const exists = await database.db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return { applied: 0, expected };
  const result = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return { applied: rowsOf<{ n: number }>(result)[0]?.n ?? 0, expected };
}

