// A checksum of everything a request could write: every table of the app, and pg-boss's jobs.
// Equal before and after a refused request means it wrote nothing (no row, no half-written vacancy,
// no job enqueued). A key's last_used_at is bookkeeping of any authenticated request, so it is left out.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { rowsOf } from '../../src/db/database.js';

const IGNORED_COLUMNS = ['last_used_at'];

async function tablesOf(db: Db): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
      from information_schema.tables
      where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'pgboss' and table_name = 'job'))
      order by 1`),
  );
  return rows.map((r) => r.name);
}

export function databaseFingerprint(db: Db): () => Promise<string> {
  let tables: Promise<string[]> | undefined;
  return async () => {
    tables ??= tablesOf(db);
    // Per table: its row count and an order-independent sum of row hashes (no sort, no big string).
    const parts = (await tables).map(
      (name) => sql`select count(*) || ':' || coalesce(sum(hashtext((to_jsonb(x) - ${sql.raw(`array[${IGNORED_COLUMNS.map((c) => `'${c}'`).join(',')}]`)})::text)::bigint), 0)
        from ${sql.raw(name)} x`,
    );
    const union = sql.join(parts.map((p) => sql`(${p})`), sql` || ',' || `);
    return rowsOf<{ h: string }>(await db.execute(sql`select ${union} as h`))[0]!.h;
  };
}
