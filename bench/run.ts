// `tsx bench/run.ts [--vacancies N] [--jobs N] [--only campaign|overhead] [--processes 0,2,4] [--busy]`:
// the machine, then both benchmarks one after the other (never at once: they would share the CPUs
// and skew each other), each printed as soon as it is measured. Embedded PGlite unless DATABASE_URL
// names a server (each benchmark then gets its own CREATE DATABASE, dropped afterwards).
// WORKER_CONCURRENCY, JOB_POLL_SECONDS and RATE_LIMIT_MARGIN_MS from the environment are used if set.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runCampaignBenchmark, TELEGRAM_CHATS, VK_GROUPS, VK_POSTS_PER_DAY, type CampaignResult } from './campaign-benchmark.js';
import { trackFreshDatabases } from './fresh-database.js';
import { describeMachine, machineLines } from './machine.js';
import { pollersFor } from './noop-drain.js';
import { runOverheadBenchmark, type OverheadResult } from './overhead-benchmark.js';
import { startWatchdog } from './watchdog.js';

const { values } = parseArgs({
  options: {
    vacancies: { type: 'string', default: '100' },
    jobs: { type: 'string', default: '2000' },
    only: { type: 'string' },
    // Benchmark 1 once per entry: 0 = workers in the benchmark's process, N = N ROLE=worker processes (server only).
    processes: { type: 'string', default: '0' },
    // Benchmark 1 once more (in-process workers) with a CPU-bound process beside it.
    busy: { type: 'boolean', default: false },
  },
});
const processCounts = values.processes.split(',').map(Number);
if (processCounts.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--processes must be a list of integers >= 0, e.g. 0,2,4');
if (processCounts.some((n) => n > 0) && !process.env.DATABASE_URL) throw new Error('--processes above 0 needs a server: set DATABASE_URL');
const vacancies = Number(values.vacancies);
const jobs = Number(values.jobs);
if (!Number.isInteger(vacancies) || vacancies < 1) throw new Error('--vacancies must be a positive integer');
if (!Number.isInteger(jobs) || jobs < 20) throw new Error('--jobs must be an integer >= 20');
if (values.only && values.only !== 'campaign' && values.only !== 'overhead') throw new Error('--only must be campaign or overhead');

// Progress goes to stderr, so stdout is the report alone.
const log = (line: string) => process.stderr.write(`${line}\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  const v = Math.max(...rows.map(([, x]) => x.length));
  const line = `+-${'-'.repeat(w)}-+-${'-'.repeat(v)}-+`;
  return [line, ...rows.map(([k, x]) => `| ${k.padEnd(w)} | ${x.padEnd(v)} |`), line].join('\n');
}

function campaignTable(r: CampaignResult): string {
  const statuses = Object.entries(r.statuses).map(([k, n]) => `${k} ${n}`).join(', ');
  const errors = Object.entries(r.otherErrors).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  return table([
    ['scale', `${r.vacancies} vacancies × (${TELEGRAM_CHATS} Telegram + ${VK_GROUPS} VK groups) = ${r.posts} posts`],
    ['engine settings', `WORKER_CONCURRENCY ${r.concurrency}, JOB_BATCH_SIZE ${r.batchSize}, JOB_POLL_SECONDS ${r.pollSeconds}, RATE_LIMIT_MARGIN_MS ${r.marginMs}`],
    ['processes', `${r.workerProcesses === 0 ? 'API and workers in the benchmark process' : `API in the benchmark process, ${r.workerProcesses} ROLE=worker processes`}${r.busyNeighbour ? '; a CPU-bound process beside' : ''}`],
    ['final statuses', statuses + (r.timedOut ? ' (TIMED OUT)' : '')],
    ['setup (not timed)', `${s(r.setupMs)}: fresh database, ${1 + VK_GROUPS} accounts, ${TELEGRAM_CHATS + VK_GROUPS} groups, ${r.vacancies} vacancies via the API`],
    ['campaign POSTs (API)', `${s(r.postPhaseMs)} for ${r.vacancies} requests, workers running`],
    ['posts accepted by the fakes', String(r.acceptedSends)],
    ['first post sent', `${s(r.firstSendMs)} after the first POST`],
    ['completion (all settled)', `${s(r.wallMs)} (poll every 0.5 s); last settle at ${s(r.lastSettleMs)}`],
    ['theoretical minimum', `${s(r.minimumMs)} (binding key ${r.bindingKey})`],
    ['completion ÷ minimum', `${(r.wallMs / r.minimumMs).toFixed(3)}`],
    ['minimum with engine margin', `${s(r.minimumWithMarginMs)} (windows + ${r.marginMs} ms) → completion ÷ it ${(r.wallMs / r.minimumWithMarginMs).toFixed(3)}`],
    ['last Telegram send', `${s(r.lastSend.telegram)} (ideal ${s(r.idealLastSend.telegram)})`],
    ['last VK send', `${s(r.lastSend.vk)} (ideal ${s(r.idealLastSend.vk)})`],
    ['sends per minute: Telegram', r.perMinute.telegram.join(' ')],
    ['sends per minute: VK', r.perMinute.vk.join(' ')],
    ['slowest chat: time lost, by minute', `${r.slowestChatLostMs.map((ms) => (ms / 1000).toFixed(1)).join(' ')} s (its calls later than its windows allowed)`],
    ['Telegram 429s', `${r.telegram429} (chat 1/s: ${r.telegram429By.perChatSecond}, chat 20/min: ${r.telegram429By.perChatMinute}, bot 30/s: ${r.telegram429By.perBot})`],
    ['VK error 6 / error 9', `${r.vkError6} / ${r.vkError9}`],
    ['other network errors', errors],
    ['post.publish jobs run', `${r.publishJobs} (${(r.publishJobs / r.posts).toFixed(2)} per post)`],
    ['publish job pickup lag', `p50 ${s(r.lag.p50)}, p90 ${s(r.lag.p90)}, max ${s(r.lag.max)} (started_on − start_after, ${r.lag.jobs} jobs)`],
    ['pickup lag p90, by minute', `${r.lag.byMinute.map((m) => (m.p90 / 1000).toFixed(1)).join(' ')} s`],
    ['re-booked "ran late", by minute', r.lag.byMinute.map((m) => m.rebooked).join(' ')],
    ...r.notes.map(([note, n]): [string, string] => ['post events', `${n} × ${note}`]),
    ...r.unpublished.map(([why, n]): [string, string] => ['not published', `${n} × ${why}`]),
  ]);
}

function overheadTable(r: OverheadResult): string {
  return table([
    ['settings', `concurrency ${r.concurrency}: one pool per queue fetching up to ${r.batchSize} at a time, settled per job, polling ${r.pollSeconds} s, queue filled first`],
    ['engine RATE_LIMIT_MARGIN_MS', `${r.engine.marginMs} (the service's; no limit to widen)`],
    ['raw pg-boss: insert', `${r.jobs} jobs in ${s(r.raw.insertMs)} (boss.insert, batches of 500)`],
    ['raw pg-boss: drain', `${s(r.raw.drainMs)} → ${r.raw.jobsPerSecond.toFixed(1)} jobs/s (fetched as the engine fetches)`],
    ['raw pg-boss: work()', `${s(r.rawWork.drainMs)} → ${r.rawWork.jobsPerSecond.toFixed(1)} jobs/s (${fetchingText(r.concurrency, r.batchSize)}: the older reference)`],
    ['engine: campaigns via API', `${r.engine.posts} posts in ${s(r.engine.apiMs)} → ${((r.engine.posts / r.engine.apiMs) * 1000).toFixed(1)} posts/s created`],
    ['engine: drain', `${s(r.engine.drainMs)} → ${r.engine.postsPerSecond.toFixed(1)} posts/s` + (r.engine.timedOut ? ' (TIMED OUT)' : '')],
    ['engine: final statuses', Object.entries(r.engine.statuses).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['engine: post.publish jobs', String(r.engine.publishJobs)],
    ['posts/s ÷ raw jobs/s', `${r.ratio.toFixed(3)} (÷ work(): ${(r.engine.postsPerSecond / r.rawWork.jobsPerSecond).toFixed(3)})`],
  ]);
}

// Other processes on the machine share its CPUs with the benchmark: their load is part of the record.
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const startedAt = new Date();
const loadAtStart = load();
const watchdog = startWatchdog(['setup', 'campaign benchmark', 'raw pg-boss', 'engine drain'] as const);
trackFreshDatabases((leftover, alive) => watchdog.track(leftover, alive));
const machine = await describeMachine();
// Each section is printed as soon as it is measured (a long run interrupted still leaves its figures).
const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
print(['Machine', ...machineLines(machine).map((l) => `  ${l}`), '']);

const runs = [...processCounts.map((workerProcesses) => ({ workerProcesses, busyNeighbour: false })), ...(values.busy ? [{ workerProcesses: 0, busyNeighbour: true }] : [])];
for (const run of values.only === 'overhead' ? [] : runs) {
  const how = `${run.workerProcesses === 0 ? 'workers in the benchmark process' : `${run.workerProcesses} ROLE=worker processes`}${run.busyNeighbour ? ', a CPU-bound process beside it' : ''}`;
  log(`\nBenchmark 1: campaign vs theoretical minimum (${vacancies} vacancies; ${how})…`);
  watchdog.phase('campaign benchmark');
  const r = await runCampaignBenchmark(vacancies, log, run);
  print([
    `Benchmark 1: campaign vs theoretical minimum (${how})`,
    `  Deviation from the real limits: VK's 50 new posts/day per token raised to ${VK_POSTS_PER_DAY} in the fake and in the`,
    `  engine (RATE_LIMITS), or ${vacancies} posts per VK group could not go out in one day. All per-second and`,
    '  per-minute limits are real: Telegram 1/s + 20/min per chat and 30/s per bot, VK 3 requests/s per token.',
    campaignTable(r),
    '',
  ]);
}
if (values.only !== 'campaign') {
  log(`\nBenchmark 2: engine overhead vs raw pg-boss (${jobs} jobs / posts)…`);
  const r = await runOverheadBenchmark(jobs, { log, phase: watchdog.phase });
  print([
    'Benchmark 2: engine overhead vs raw pg-boss',
    '  Fakes answer at once with no limits; the engine runs with every rate limit cleared (RATE_LIMITS).',
    overheadTable(r),
    '',
  ]);
}
print([`Run: ${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min; load average (1/5/15 min) ${loadAtStart} at start, ${load()} at end`]);

function fetchingText(concurrency: number, batchSize: number): string {
  const f = pollersFor({ concurrency, batchSize });
  return `${f.localConcurrency} pollers × batches of ${f.batchSize}, settled per job`;
}
