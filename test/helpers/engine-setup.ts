// An app with its job workers running against the five wire fakes, plus a workspace furnished with
// accounts and groups that may be posted to at any hour.
import type { Test } from 'tap';
import {
  FACEBOOK_FAKE_PAGE_ID, FACEBOOK_FAKE_TOKEN, TELEGRAM_FAKE_TOKEN, VK_FAKE_TOKEN, startAllFakes, type AllFakesOptions,
} from '../fakes/index.js';
import { buildTestApp, minimalVacancy } from './test-app.js';

export const ANY_HOUR_RULES = { postingHours: { from: '00:00', to: '24:00', timeZone: 'Europe/Moscow' }, minDaysBetweenPosts: 0 };

export async function engineSetup(t: Test, opts: { env?: Record<string, string>; fakes?: AllFakesOptions; consoleDir?: string } = {}) {
  const fakes = await startAllFakes(opts.fakes);
  t.teardown(() => fakes.close());
  const ctx = await buildTestApp(
    t,
    {
      TELEGRAM_API_URL: fakes.urls.telegram,
      VK_API_URL: fakes.urls.vk,
      FACEBOOK_API_URL: fakes.urls.facebook,
      LINKEDIN_API_URL: fakes.urls.linkedin,
      OK_API_URL: fakes.urls.ok,
      NETWORK_TIMEOUT_MS: '2000',
      JOB_POLL_SECONDS: '0.5',
      ...opts.env,
    },
    { workers: true, ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}) },
  );
  const { call } = ctx;

  async function json(req: Parameters<typeof call>[0], expect = 200) {
    const res = await call(req);
    if (res.statusCode !== expect) throw new Error(`${req.method} ${req.url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  }
  const account = (name: string, credentials: Record<string, string>) =>
    json({ method: 'POST', url: '/v1/accounts', payload: { name, credentials } }, 201) as Promise<{ id: string }>;
  const group = (payload: Record<string, unknown>) =>
    json({ method: 'POST', url: '/v1/groups', payload: { rules: ANY_HOUR_RULES, ...payload } }, 201) as Promise<{ id: string; slug: string }>;
  const vacancy = (overrides: Record<string, unknown> = {}) =>
    json({ method: 'POST', url: '/v1/vacancies', payload: minimalVacancy(overrides) }, 201) as Promise<{ id: string }>;

  const accounts = {
    telegram: await account('bot', { network: 'telegram', botToken: TELEGRAM_FAKE_TOKEN }),
    vk: await account('vk', { network: 'vk', userToken: VK_FAKE_TOKEN }),
    facebook: await account('page', { network: 'facebook', pageId: FACEBOOK_FAKE_PAGE_ID, pageToken: FACEBOOK_FAKE_TOKEN }),
  };

  type PostView = { id: string; status: string; groupId: string; network: string; [k: string]: unknown };
  async function posts(vacancyId: string): Promise<PostView[]> {
    return (await json({ method: 'GET', url: `/v1/vacancies/${vacancyId}/posts?limit=500` })).items;
  }

  /** Polls until `done` holds for the vacancy's posts; fails the test with the last state otherwise. */
  async function waitForPosts(vacancyId: string, done: (posts: PostView[]) => boolean, timeoutMs = 30_000): Promise<PostView[]> {
    const until = Date.now() + timeoutMs;
    let last: PostView[] = [];
    while (Date.now() < until) {
      last = await posts(vacancyId);
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out; posts: ${JSON.stringify(last.map((p) => [p.network, p.status, p.lastError]))}`);
  }

  return { ...ctx, fakes, json, group, vacancy, accounts, posts, waitForPosts };
}
