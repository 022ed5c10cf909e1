// The plan PostgreSQL chooses for a drizzle query, on either engine: the node types outermost
// first, with the index each scan uses ("Bitmap Index Scan (vacancies_search_trgm_idx)").
import type { Database } from '../../src/db/database.js';

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

export async function planNodes(database: Database, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const text = `explain (format json) ${sql}`;
  const result = database.kind === 'pglite' ? await database.pglite.query(text, params) : await database.pool.query(text, params);
  const raw = (result.rows[0] as Record<string, unknown>)['QUERY PLAN'];
  const [top] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const names: string[] = [];
  const walk = (node: PlanNode) => {
    names.push(node['Index Name'] ? `${node['Node Type']} (${node['Index Name']})` : node['Node Type']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(top!.Plan);
  return names;
}
