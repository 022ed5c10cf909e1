// The two reads behind the database gauges, run at scrape time: one grouped count of posts and one
// of due jobs. Both cover the whole database (every workspace), so every process that serves
// /metrics reports the same figures.
import { count, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { rowsOf } from '../db/database.js';
import { posts, type PostStatus } from '../db/schema.js';
import type { NetworkName } from '../networks/types.js';

export interface PostCount { network: NetworkName; status: PostStatus; count: number }
export interface QueueDepth { queue: string; due: number; oldestDueSeconds: number }

export function countPosts(db: Db): Promise<PostCount[]> {
  return db
    .select({ network: posts.network, status: posts.status, count: count() })
    .from(posts)
    .groupBy(posts.network, posts.status);
}

// "Due" is what a worker would fetch now (pg-boss 12's fetchNextJob): created or retry, not
// blocked by a dependency, start_after reached. A job scheduled for later is not a backlog.
export async function dueJobs(db: Db, queues: readonly string[]): Promise<QueueDepth[]> {
  const result = await db.execute(sql`
    select name as queue,
           count(*)::int as due,
           coalesce(extract(epoch from now() - min(start_after)), 0)::float8 as "oldestDueSeconds"
      from pgboss.job
     where name in (${sql.join(queues.map((q) => sql`${q}`), sql`, `)})
       and state in ('created', 'retry')
       and not blocked
       and start_after <= now()
     group by name`);
  return rowsOf<QueueDepth>(result).map((r) => ({ queue: r.queue, due: Number(r.due), oldestDueSeconds: Number(r.oldestDueSeconds) }));
}
