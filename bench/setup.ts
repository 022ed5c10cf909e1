// What both benchmarks share: the real app (buildApp, as src/server.ts builds it) on a fresh database,
// pointed at the wire fakes, driven only through its HTTP API (app.inject), plus a workspace
// furnished with accounts, groups and vacancies the way a client would furnish it.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { parseEnv, type Env } from '../src/config/env.js';
import { rowsOf } from '../src/db/database.js';
import { TELEGRAM_FAKE_TOKEN } from '../test/fakes/index.js';
import type { FreshDatabase } from './fresh-database.js';

// A post in one of these has nothing left to do without a person.
export const SETTLED = ['published', 'suggested', 'awaiting_manual', 'failed', 'unknown', 'cancelled', 'removed'];
export const ANY_HOUR_RULES = { postingHours: { from: '00:00', to: '24:00', timeZone: 'Europe/Moscow' }, minDaysBetweenPosts: 0 };

// The engine's tuning knobs: the benchmark's defaults, unless the caller's environment sets them.
export function tuning(): Record<string, string> {
  const env = process.env;
  return {
    WORKER_CONCURRENCY: env.WORKER_CONCURRENCY ?? '100',
    JOB_POLL_SECONDS: env.JOB_POLL_SECONDS ?? '0.5',
    ...(env.JOB_BATCH_SIZE ? { JOB_BATCH_SIZE: env.JOB_BATCH_SIZE } : {}),
    ...(env.RATE_LIMIT_MARGIN_MS ? { RATE_LIMIT_MARGIN_MS: env.RATE_LIMIT_MARGIN_MS } : {}),
  };
}

export type BenchApp = Awaited<ReturnType<typeof startBenchApp>>;

export async function startBenchApp(fresh: FreshDatabase, fakes: { urls: Record<'telegram' | 'vk' | 'facebook' | 'linkedin' | 'ok', string> }, opts: { rateLimits: string; workers: boolean; env?: Record<string, string> }) {
  const secretsKey = randomBytes(32);
  // What the service's environment would say: also handed to worker processes of the same run.
  const env: Record<string, string> = {
    // A server needs SECRETS_KEY (src/config/env.ts); one made for this run is as good as any.
    SECRETS_KEY: secretsKey.toString('hex'),
    ...(fresh.url ? { DATABASE_URL: fresh.url } : {}),
    TELEGRAM_API_URL: fakes.urls.telegram,
    VK_API_URL: fakes.urls.vk,
    FACEBOOK_API_URL: fakes.urls.facebook,
    LINKEDIN_API_URL: fakes.urls.linkedin,
    OK_API_URL: fakes.urls.ok,
    RATE_LIMITS: opts.rateLimits,
    ...tuning(),
    ...opts.env,
  };
  const config: Env = parseEnv({ LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, database: fresh.database, secretsKey, logger: false, workers: opts.workers });
  const boot = await app.services.workspaces.bootstrap();
  if (!boot?.generatedKey) throw new Error('the benchmark database was not empty');
  const key = boot.generatedKey;

  async function json<T = any>(method: 'GET' | 'POST', url: string, payload?: unknown, expect = method === 'POST' ? 201 : 200): Promise<T> {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload: payload as object } : {}) });
    if (res.statusCode !== expect) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  }
  return { app, config, env, json, database: fresh.database };
}

export const vkToken = (i: number) => `vk1.a.bench-user-token-${i}`;

/** The VK fake's `users` map: one user per token, so each VK group posts with its own account. */
export function vkUsers(count: number) {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [vkToken(i), { id: 5000 + i, first_name: 'Bench', last_name: `User ${i}` }]));
}

/** One Telegram bot for all chats, one VK account per VK group, every group open at any hour. */
export async function furnish(b: BenchApp, shape: { telegramChats: number; vkGroups: number; vacancies: number }) {
  const bot = await b.json<{ id: string }>('POST', '/v1/accounts', { name: 'bot', credentials: { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN } });
  const groupIds: string[] = [];
  for (let i = 0; i < shape.telegramChats; i++) {
    // Negative ids: supergroups, which the fake (like Telegram) also holds to 20 messages a minute.
    const address = String(-1001000000000 - i);
    const g = await b.json<{ id: string }>('POST', '/v1/groups', { network: 'telegram', name: `TG ${i}`, kind: 'group', mode: 'api', address, accountId: bot.id, rules: ANY_HOUR_RULES });
    groupIds.push(g.id);
  }
  for (let i = 0; i < shape.vkGroups; i++) {
    const account = await b.json<{ id: string }>('POST', '/v1/accounts', { name: `vk ${i}`, credentials: { network: 'vk', userToken: vkToken(i) } });
    const g = await b.json<{ id: string }>('POST', '/v1/groups', { network: 'vk', name: `VK ${i}`, kind: 'group', mode: 'api', address: String(700000 + i), accountId: account.id, rules: ANY_HOUR_RULES });
    groupIds.push(g.id);
  }
  const vacancyIds: string[] = [];
  for (let i = 0; i < shape.vacancies; i++) {
    const v = await b.json<{ id: string }>('POST', '/v1/vacancies', {
      title: `Онлайн-маркетолог №${i + 1}`,
      description: 'Ищем маркетолога.\n\n- Опыт от 3 лет\n- Английский B1',
      hiringOrganization: { name: 'Кофейни и кондитерская' },
      applyUrl: `https://example.org/jobs/${i + 1}`,
    });
    vacancyIds.push(v.id);
  }
  return { groupIds, vacancyIds };
}

/** Every vacancy campaigned "now" to every group, one POST per vacancy, as a client would. */
export async function postCampaigns(b: BenchApp, vacancyIds: string[], groupIds: string[]): Promise<number> {
  let posts = 0;
  for (const id of vacancyIds) {
    const created = await b.json<{ posts: unknown[] }>('POST', `/v1/vacancies/${id}/campaigns`, { targets: { groupIds }, timing: { type: 'now' } });
    posts += created.posts.length;
  }
  return posts;
}

export async function statusCounts(b: BenchApp): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(await b.database.db.execute(sql`select status, count(*)::int as n from posts group by status`));
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export const settledOf = (counts: Record<string, number>) => SETTLED.reduce((n, s) => n + (counts[s] ?? 0), 0);
export const totalOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** When the last post reached its final status (the settle transaction's clock), epoch ms. */
export async function lastSettledAt(b: BenchApp): Promise<number> {
  const [row] = rowsOf<{ at: Date | string }>(await b.database.db.execute(sql`select max(updated_at) as at from posts`));
  return new Date(row!.at).getTime();
}

/** pg-boss jobs ever created on a queue (completed ones are kept for days): job runs per post. */
export async function jobCount(b: BenchApp, queue: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await b.database.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${queue}`));
  return row!.n;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why posts that did not publish ended as they did: last_error (or status) → count, most common first. */
export async function unpublishedReasons(b: BenchApp): Promise<[string, number][]> {
  const rows = rowsOf<{ network: string; status: string; error: string | null; n: number }>(
    await b.database.db.execute(
      sql`select network, status, last_error as error, count(*)::int as n from posts where status <> 'published' group by 1, 2, 3 order by n desc limit 8`,
    ),
  );
  return rows.map((r) => [`${r.network} ${r.status}: ${r.error ?? '(no error recorded)'}`, r.n]);
}

/** How late publish jobs were picked up (pg-boss started_on minus start_after): the queue's own lag. */
export async function pickupLag(b: BenchApp) {
  const rows = rowsOf<{ lag: number }>(
    await b.database.db.execute(
      sql`select extract(epoch from started_on - start_after) * 1000 as lag from pgboss.job where name = 'post.publish' and started_on is not null`,
    ),
  );
  const lags = rows.map((r) => Number(r.lag)).sort((x, y) => x - y);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? 0;
  // When in the run the lag and the re-bookings happened (minutes from the first job's start_after):
  // a slow start (processes warming up, campaigns still being created) reads differently from bursts.
  const minutes = rowsOf<{ minute: number; p90: number; rebooked: number }>(
    await b.database.db.execute(sql`
      with t0 as (select min(start_after) as t0 from pgboss.job where name = 'post.publish'),
      lag as (
        select floor(extract(epoch from j.start_after - t0.t0) / 60)::int as minute,
               percentile_cont(0.9) within group (order by extract(epoch from j.started_on - j.start_after) * 1000) as p90
          from pgboss.job j, t0 where j.name = 'post.publish' and j.started_on is not null group by 1),
      late as (
        select floor(extract(epoch from e.at - t0.t0) / 60)::int as minute, count(*)::int as n
          from post_events e, t0 where e.note like 'the calls before it ran late%' group by 1)
      select lag.minute, lag.p90::float8 as p90, coalesce(late.n, 0)::int as rebooked
        from lag left join late on late.minute = lag.minute order by 1`),
  );
  return { jobs: rows.length, p50: pct(50), p90: pct(90), max: lags.at(-1) ?? 0, byMinute: minutes.map((m) => ({ p90: Number(m.p90), rebooked: m.rebooked })) };
}

/** What happened to posts on the way, from their recorded transitions: note → count, most common first. */
export async function eventNotes(b: BenchApp): Promise<[string, number][]> {
  const rows = rowsOf<{ note: string; n: number }>(
    await b.database.db.execute(
      sql`select coalesce(regexp_replace(note, '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z', '…'), '(to ' || to_status || ')') as note, count(*)::int as n
          from post_events group by 1 order by n desc limit 8`,
    ),
  );
  return rows.map((r) => [r.note, r.n]);
}
