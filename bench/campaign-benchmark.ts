// Benchmark 1: V vacancies × (20 Telegram chats + 10 VK groups), every vacancy campaigned "now" to
// all 30 groups through the HTTP API, against fakes that enforce the networks' real limits. How long
// until every post is settled, next to the fastest the limits allow (theoretical-minimum.ts).
import { keysForCall, resolveLimits } from '../src/ratelimit/network-limits.js';
import { startFakesThread, type CallRecord } from '../test/fakes/fakes-thread.js';
import { freshDatabase } from './fresh-database.js';
import {
  eventNotes, furnish, jobCount, lastSettledAt, pickupLag, postCampaigns, settledOf, sleep, startBenchApp, statusCounts, totalOf, unpublishedReasons, vkUsers,
} from './setup.js';
import { theoreticalMinimum, type Stream } from './theoretical-minimum.js';
import { startBusyNeighbour, startWorkerProcesses } from './worker-processes.js';

export const TELEGRAM_CHATS = 20;
export const VK_GROUPS = 10;
// The one deviation from the real limits: VK allows 50 new posts a day per token, so 100 vacancies
// could never reach a VK group in one day. Raised to 1000 in the fake and the engine alike; every
// per-second and per-minute limit stays real.
export const VK_POSTS_PER_DAY = 1000;
const RATE_LIMITS = JSON.stringify({ vk: { posts: [{ limit: VK_POSTS_PER_DAY, windowMs: 86_400_000 }] } });
const POLL_MS = 500;

export interface CampaignResult {
  vacancies: number;
  /** 0: the benchmark's own process runs the workers; N: N ROLE=worker processes do (server only). */
  workerProcesses: number;
  /** A CPU-bound process ran beside the benchmark. */
  busyNeighbour: boolean;
  posts: number;
  concurrency: number;
  batchSize: number;
  pollSeconds: number;
  marginMs: number;
  setupMs: number;
  postPhaseMs: number;
  wallMs: number;
  lastSettleMs: number;
  timedOut: boolean;
  minimumMs: number;
  bindingKey: string;
  minimumWithMarginMs: number;
  statuses: Record<string, number>;
  telegram429: number;
  /** Which Telegram window each 429 hit, read back from the fake's log of accepted calls. */
  telegram429By: { perChatSecond: number; perChatMinute: number; perBot: number };
  vkError6: number;
  vkError9: number;
  otherErrors: Record<string, number>;
  publishJobs: number;
  unpublished: [string, number][];
  lag: Awaited<ReturnType<typeof pickupLag>>;
  notes: [string, number][];
  /** Posts the fakes accepted: more than 'published' means posts went out that the engine lost track of. */
  acceptedSends: number;
  firstSendMs: number;
  lastSend: { telegram: number; vk: number };
  /** Accepted sends per minute after the first POST: where the run went fast, and where it stalled. */
  perMinute: { telegram: number[]; vk: number[] };
  idealLastSend: { telegram: number; vk: number };
  /** lostByMinute: the seconds the last chat to finish lost to late calls, by minute. */
  slowestChatLostMs: number[];
}

/**
 * Where the chat that finished last lost its time: for each of its calls, how much later it went than
 * the earliest instant its chat's windows (with the engine's margin) allowed after the calls before
 * it, summed by minute. The first call counts from the first POST. Time lost in one minute is never
 * made up: a sliding window pushes every later burst back by as much.
 */
function lostByMinute(calls: CallRecord[], t0: number, chatLimits: Array<{ limit: number; windowMs: number }>, marginMs: number) {
  const byChat = new Map<string, number[]>();
  for (const c of calls) if ((c.method === 'sendMessage' || c.method === 'sendPhoto') && c.result === 'ok') byChat.set(c.target ?? '', [...(byChat.get(c.target ?? '') ?? []), c.time - t0]);
  let slowest: number[] = [];
  for (const times of byChat.values()) if ((times.at(-1) ?? 0) > (slowest.at(-1) ?? 0)) slowest = times.sort((a, b) => a - b);
  const lost: number[] = [];
  slowest.forEach((t, i) => {
    const earliest = Math.max(0, ...chatLimits.filter((l) => i >= l.limit).map((l) => slowest[i - l.limit]! + l.windowMs + marginMs));
    const m = Math.floor(t / 60_000);
    while (lost.length <= m) lost.push(0);
    lost[m]! += Math.max(0, t - earliest);
  });
  return lost;
}

function perMinute(times: number[]): number[] {
  const buckets: number[] = [];
  for (const t of times) {
    const m = Math.floor(t / 60_000);
    while (buckets.length <= m) buckets.push(0);
    buckets[m]! += 1;
  }
  return buckets;
}

// The fake's 429 does not say which window refused the call; the accepted calls before it do.
function classify429s(calls: CallRecord[]): CampaignResult['telegram429By'] {
  const by = { perChatSecond: 0, perChatMinute: 0, perBot: 0 };
  const accepted: CallRecord[] = [];
  for (const c of calls) {
    if (c.method !== 'sendMessage' && c.method !== 'sendPhoto') continue;
    if (c.result === 'ok') accepted.push(c);
    if (c.result !== 'error:429') continue;
    const inChat = (ms: number) => accepted.filter((a) => a.target === c.target && a.time > c.time - ms).length;
    if (inChat(1000) >= 1) by.perChatSecond++;
    else if (inChat(60_000) >= 20) by.perChatMinute++;
    else by.perBot++;
  }
  return by;
}

export async function runCampaignBenchmark(
  vacancies: number,
  log: (line: string) => void,
  opts: { workerProcesses?: number; busyNeighbour?: boolean } = {},
): Promise<CampaignResult> {
  const workerProcesses = opts.workerProcesses ?? 0;
  const setupStart = Date.now();
  const fakes = await startFakesThread({ vk: { limits: { postsPerDay: VK_POSTS_PER_DAY }, users: vkUsers(VK_GROUPS) } });
  const fresh = await freshDatabase('campaign');
  if (workerProcesses > 0 && !fresh.url) throw new Error('worker processes share only a server database: set DATABASE_URL');
  const b = await startBenchApp(fresh, fakes, { rateLimits: RATE_LIMITS, workers: workerProcesses === 0 });
  const workers = workerProcesses > 0 ? await startWorkerProcesses(workerProcesses, b.env) : undefined;
  const neighbour = opts.busyNeighbour ? startBusyNeighbour() : undefined;
  try {
    const { groupIds, vacancyIds } = await furnish(b, { telegramChats: TELEGRAM_CHATS, vkGroups: VK_GROUPS, vacancies });
    const setupMs = Date.now() - setupStart;

    // The yardstick, from the limits the engine runs with (the fakes enforce the same numbers).
    const limits = resolveLimits(b.config.RATE_LIMITS);
    const streams: Stream[] = [
      ...Array.from({ length: TELEGRAM_CHATS }, (_, i) => ({
        name: `telegram ${i}`,
        posts: vacancies,
        keys: keysForCall(limits, { network: 'telegram', accountId: 'bot', address: `chat${i}`, isNewPost: true }),
      })),
      ...Array.from({ length: VK_GROUPS }, (_, i) => ({
        name: `vk ${i}`,
        posts: vacancies,
        keys: keysForCall(limits, { network: 'vk', accountId: `token${i}`, address: `group${i}`, isNewPost: true }),
      })),
    ];
    const ideal = theoreticalMinimum(streams);
    const idealWithMargin = theoreticalMinimum(streams, b.config.RATE_LIMIT_MARGIN_MS);
    const idealLast = (prefix: string) => Math.max(...[...ideal.streamLastMs].filter(([n]) => n.startsWith(prefix)).map(([, t]) => t));
    if (ideal.scheduleMs !== ideal.lowerBoundMs) log(`  note: the joint schedule (${ideal.scheduleMs} ms) is above the per-key bound (${ideal.lowerBoundMs} ms)`);

    await fakes.reset(); // the call logs from here on are the campaign's alone
    const t0 = Date.now();
    const posts = await postCampaigns(b, vacancyIds, groupIds);
    const postPhaseMs = Date.now() - t0;
    log(`  ${vacancies} campaigns (${posts} posts) created through the API in ${(postPhaseMs / 1000).toFixed(1)} s`);

    // Settled, or given up on: three times the minimum plus a minute is far past any sane run.
    const deadline = t0 + ideal.lowerBoundMs * 3 + 60_000;
    let counts = await statusCounts(b);
    let lastReport = t0;
    while (settledOf(counts) < posts && Date.now() < deadline) {
      await sleep(POLL_MS);
      counts = await statusCounts(b);
      if (Date.now() - lastReport >= 15_000) {
        lastReport = Date.now();
        log(`  t=${((lastReport - t0) / 1000).toFixed(0)} s: ${settledOf(counts)}/${totalOf(counts)} settled ${JSON.stringify(counts)}`);
      }
    }
    const wallMs = Date.now() - t0;
    const timedOut = settledOf(counts) < posts;

    const tally = (calls: CallRecord[]) => {
      const by: Record<string, number> = {};
      for (const c of calls) by[c.result] = (by[c.result] ?? 0) + 1;
      return by;
    };
    const calls = await fakes.calls();
    const tg = tally(calls.telegram);
    const vk = tally(calls.vk);
    const otherErrors: Record<string, number> = {};
    for (const [net, by] of [['telegram', tg], ['vk', vk]] as const) {
      for (const [result, n] of Object.entries(by)) {
        if (result !== 'ok' && result !== 'error:429' && result !== 'error:6' && result !== 'error:9') otherErrors[`${net} ${result}`] = n;
      }
    }
    const isPost = (c: CallRecord) => c.method === 'sendMessage' || c.method === 'sendPhoto' || c.method === 'wall.post';
    const okTimes = (calls: CallRecord[]) => calls.filter((c) => isPost(c) && c.result === 'ok').map((c) => c.time - t0);
    const tgOk = okTimes(calls.telegram);
    const vkOk = okTimes(calls.vk);

    return {
      vacancies,
      workerProcesses,
      busyNeighbour: opts.busyNeighbour === true,
      posts,
      concurrency: b.config.WORKER_CONCURRENCY,
      batchSize: b.config.JOB_BATCH_SIZE,
      pollSeconds: b.config.JOB_POLL_SECONDS,
      marginMs: b.config.RATE_LIMIT_MARGIN_MS,
      setupMs,
      postPhaseMs,
      wallMs,
      lastSettleMs: (await lastSettledAt(b)) - t0,
      timedOut,
      minimumMs: ideal.lowerBoundMs,
      bindingKey: ideal.bindingKey,
      minimumWithMarginMs: idealWithMargin.lowerBoundMs,
      statuses: counts,
      telegram429: tg['error:429'] ?? 0,
      telegram429By: classify429s(calls.telegram),
      vkError6: vk['error:6'] ?? 0,
      vkError9: vk['error:9'] ?? 0,
      otherErrors,
      publishJobs: await jobCount(b, 'post.publish'),
      unpublished: await unpublishedReasons(b),
      notes: await eventNotes(b),
      lag: await pickupLag(b),
      acceptedSends: tgOk.length + vkOk.length,
      firstSendMs: tgOk.length + vkOk.length > 0 ? Math.min(...tgOk, ...vkOk) : NaN,
      lastSend: { telegram: tgOk.length > 0 ? Math.max(...tgOk) : NaN, vk: vkOk.length > 0 ? Math.max(...vkOk) : NaN },
      perMinute: { telegram: perMinute(tgOk), vk: perMinute(vkOk) },
      idealLastSend: { telegram: idealLast('telegram'), vk: idealLast('vk') },
      slowestChatLostMs: lostByMinute(calls.telegram, t0, limits.telegram.target, b.config.RATE_LIMIT_MARGIN_MS),
    };
  } finally {
    neighbour?.stop();
    await workers?.stop();
    await b.app.close(); // stops the workers, then closes the database
    await fakes.close();
    await fresh.dispose();
  }
}
