// Writes the tracked links' hits without making anyone wait for the database: the redirect answers
// first, and the hits gathered over a short interval (or a full batch, sooner) go in as one insert.
// Not "write at once, gather while it runs": on embedded PGlite the insert runs on the thread that
// serves the requests, so nothing arrives while it runs and every insert carried one hit (about 250
// redirects a second on the benchmark's machine). Closing the app writes what is left; a process
// killed outright loses the hits of its last interval, which are counts, never posts.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { LinkHitKind } from '../db/schema.js';

export interface LinkHit {
  postId: string;
  workspaceId: string;
  vacancyId: string;
  groupId: string;
  at: Date;
  kind: LinkHitKind;
  visitor: string | null;
}

export interface HitRecorderOptions {
  db: Db;
  /** Hits kept while the database cannot take them; past this the oldest are dropped (and counted). */
  maxPending?: number;
  /** How long a hit may wait for others to share its insert. */
  gatherMs?: number;
  retryMs?: number;
  onError(err: unknown, pending: number): void;
  onDropped?(count: number): void;
}

const MAX_PER_STATEMENT = 1000;

export function createHitRecorder(options: HitRecorderOptions) {
  const maxPending = options.maxPending ?? 50_000;
  const retryMs = options.retryMs ?? 5_000;
  const gatherMs = options.gatherMs ?? 200;
  let pending: LinkHit[] = [];
  let writing: Promise<void> | null = null;
  // Set while hits wait for others to join them, or (backingOff) for the database to come back.
  let timer: NodeJS.Timeout | null = null;
  let backingOff = false;

  // Hits of a post deleted meanwhile (its vacancy was) are left out by the join, not failed on.
  async function insert(hits: LinkHit[]): Promise<void> {
    const col = <T>(pick: (h: LinkHit) => T) => sql.param(hits.map(pick));
    // One statement: the hits, and each post's totals moved by them. A click is a new visitor of its
    // post when its (post, visitor) row goes into post_click_visitors: the primary key decides, also
    // between processes writing at the same moment.
    await options.db.execute(sql`with incoming as (
        select u.post_id, u.workspace_id, u.vacancy_id, u.group_id, u.at, u.kind, u.visitor
          from unnest(${col((h) => h.postId)}::uuid[], ${col((h) => h.workspaceId)}::uuid[], ${col((h) => h.vacancyId)}::uuid[],
                      ${col((h) => h.groupId)}::uuid[], ${col((h) => h.at.toISOString())}::timestamptz[], ${col((h) => h.kind)}::text[],
                      ${col((h) => h.visitor)}::text[]) as u(post_id, workspace_id, vacancy_id, group_id, at, kind, visitor)
          join posts p on p.id = u.post_id
      ), written as (
        insert into link_hits (post_id, workspace_id, vacancy_id, group_id, at, kind, visitor) select * from incoming
      ), fresh as (
        insert into post_click_visitors (post_id, visitor)
        select distinct i.post_id, i.visitor from incoming i where i.kind = 'click' and i.visitor is not null
        on conflict do nothing returning post_id
      ), newcomers as (
        select post_id, count(*)::int as n from fresh group by post_id
      )
      insert into post_hit_totals (post_id, workspace_id, vacancy_id, group_id, previews, clicks, unique_clicks, closed, last_at)
      select i.post_id, i.workspace_id, i.vacancy_id, i.group_id, count(*) filter (where i.kind = 'preview'), count(*) filter (where i.kind = 'click'),
             coalesce(max(n.n), 0), count(*) filter (where i.kind = 'closed'), max(i.at)
        from incoming i left join newcomers n on n.post_id = i.post_id
       group by i.post_id, i.workspace_id, i.vacancy_id, i.group_id
      on conflict (post_id) do update set previews = post_hit_totals.previews + excluded.previews, clicks = post_hit_totals.clicks + excluded.clicks,
        unique_clicks = post_hit_totals.unique_clicks + excluded.unique_clicks, closed = post_hit_totals.closed + excluded.closed,
        last_at = greatest(post_hit_totals.last_at, excluded.last_at)`);
  }

  function schedule(ms: number): void {
    timer = setTimeout(() => {
      timer = null;
      backingOff = false;
      write();
    }, ms);
    timer.unref();
  }

  function write(): void {
    if (writing || pending.length === 0) return;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = pending.slice(0, MAX_PER_STATEMENT);
    pending = pending.slice(batch.length);
    writing = insert(batch)
      .catch((err: unknown) => {
        // Kept for a later try: the database may be back in a moment.
        pending = [...batch, ...pending];
        const over = pending.length - maxPending;
        if (over > 0) {
          pending = pending.slice(over);
          options.onDropped?.(over);
        }
        options.onError(err, pending.length);
        backingOff = true;
        schedule(retryMs);
      })
      .finally(() => {
        writing = null;
        if (backingOff) return;
        // A full batch goes at once; fewer wait for company.
        if (pending.length >= MAX_PER_STATEMENT) write();
        else if (pending.length > 0) schedule(gatherMs);
      });
  }

  return {
    record(hit: LinkHit): void {
      pending.push(hit);
      // A running insert takes the next batch when it ends; a refused one, when its back-off ends.
      if (writing || backingOff) return;
      if (pending.length >= MAX_PER_STATEMENT) write();
      else if (!timer) schedule(gatherMs);
    },
    /** Writes every hit recorded so far (one last try if the database refuses). */
    async flush(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      backingOff = false;
      while (writing || pending.length > 0) {
        if (writing) await writing;
        else {
          const batch = pending.splice(0, MAX_PER_STATEMENT);
          await insert(batch);
        }
      }
    },
  };
}

export type HitRecorder = ReturnType<typeof createHitRecorder>;
