// response.summary: once an hour, for each vacancy posted in the last 30 days whose workspace has an
// endpoint that takes it, what its posts brought (totals and per group), when that changed since the
// last summary. Clicks reach an ATS this way, never one webhook per click.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Db } from '../db/database.js';
import type { createResponseReports } from '../responses/response-reports.js';

export const RESPONSE_SUMMARY_CRON = '7 * * * *';
// Vacancies looked at per run, the longest unlooked-at first: the rest wait for the next hour.
const PER_RUN = 500;
// A summary names at most this many groups (those that brought most first), to keep the body small.
const MAX_GROUPS = 50;

type Reports = ReturnType<typeof createResponseReports>;

export function createResponseSummaries(deps: { db: Db; reports: Reports }) {
  const { db } = deps;

  async function run(): Promise<{ sent: number; unchanged: number }> {
    const candidates = rowsOf<{ id: string; workspace_id: string; external_id: string | null; title: string; status: string; digest: string | null }>(
      await db.execute(sql`select v.id, v.workspace_id, v.external_id, v.title, v.status, m.digest
        from vacancies v left join webhook_summary_marks m on m.vacancy_id = v.id
        where exists (select 1 from webhook_endpoints e where e.workspace_id = v.workspace_id and e.enabled
                        and (e.event_types is null or 'response.summary' = any(e.event_types)))
          and exists (select 1 from posts p where p.vacancy_id = v.id and p.published_at > now() - interval '30 days')
        order by m.checked_at nulls first limit ${PER_RUN}`),
    );
    let sent = 0;
    for (const v of candidates) {
      const report = await deps.reports.forVacancy({ workspaceId: v.workspace_id }, v.id);
      const groups = [...report.groups]
        .sort((a, b) => b.applications - a.applications || b.clicks - a.clicks)
        .slice(0, MAX_GROUPS);
      const digest = createHash('sha256').update(JSON.stringify([report.totals, groups])).digest('hex');
      if (digest === v.digest) {
        await db.execute(sql`update webhook_summary_marks set checked_at = now() where vacancy_id = ${v.id}`);
        continue;
      }
      const data = {
        vacancy: { id: v.id, externalId: v.external_id, title: v.title, status: v.status },
        totals: report.totals,
        networks: report.networks,
        groups,
      };
      await inTransaction(db, async (tx) => {
        await tx.execute(sql`insert into webhook_summary_marks (vacancy_id, workspace_id, digest, checked_at) values (${v.id}, ${v.workspace_id}, ${digest}, now())
          on conflict (vacancy_id) do update set digest = excluded.digest, checked_at = excluded.checked_at`);
        await tx.execute(sql`select webhook_emit(${v.workspace_id}::uuid, 'response.summary', ${JSON.stringify(data)}::jsonb)`);
      });
      sent += 1;
    }
    return { sent, unchanged: candidates.length - sent };
  }

  return { run };
}
