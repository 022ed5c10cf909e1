// Planner statistics for embedded PGlite. PGlite runs PostgreSQL in single-user mode: there is no
// autovacuum worker, so nothing ever ANALYZEs a table. Without statistics the planner takes
// `workspace_id = $1` for a rare value (0.5 % of rows by default) and answers `q=` by reading the whole
// workspace instead of the trigram index (vacancies_search_trgm_idx): about 40× slower at 10,000
// vacancies (BENCHMARKS.md, "Text search"). A server's autovacuum does this by itself.
import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rowsOf } from './database.js';

// The tables whose plans depend on statistics the API relies on.
const TABLES = ['vacancies'] as const;
const CHECK_EVERY_MS = 5 * 60_000;
// Like autovacuum's analyze threshold (50 rows + 10 %), measured in bytes on disk: the live-row
// counters autovacuum reads are not kept by PGlite.
const MIN_CHANGE_BYTES = 64 * 1024;
const MIN_CHANGE_SHARE = 0.1;

export interface PlannerStatistics {
  /** Runs the check now (also used by tests and benchmarks); resolves when any ANALYZE is done. */
  refresh(): Promise<void>;
  /** Stops the timer and waits for a running ANALYZE, so the database can be closed. */
  stop(): Promise<void>;
}

export function startPlannerStatistics(database: Database, options: { onError?: (err: unknown) => void; everyMs?: number } = {}): PlannerStatistics {
  if (database.kind !== 'pglite') return { refresh: async () => {}, stop: async () => {} };
  const analyzedAtBytes = new Map<string, number>();
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function check() {
    for (const table of TABLES) {
      const [row] = rowsOf<{ bytes: number }>(await database.db.execute(sql`select pg_relation_size(${table}::regclass)::float8 as bytes`));
      const bytes = Number(row!.bytes);
      const before = analyzedAtBytes.get(table);
      // Once per process (what the data dir holds may have changed since its last ANALYZE), then on change.
      if (before !== undefined && Math.abs(bytes - before) <= Math.max(MIN_CHANGE_BYTES, before * MIN_CHANGE_SHARE)) continue;
      await database.db.execute(sql.raw(`analyze ${table}`));
      analyzedAtBytes.set(table, bytes);
    }
  }

  const refresh = () => {
    running = running.then(() => (stopped ? undefined : check())).catch((err) => options.onError?.(err));
    return running;
  };
  const timer = setInterval(() => void refresh(), options.everyMs ?? CHECK_EVERY_MS);
  timer.unref();
  return {
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
