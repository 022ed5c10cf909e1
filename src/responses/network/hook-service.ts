// How responses reach the service, per account:
//   Telegram bot  — one per bot: a webhook (setWebhook with a secret_token and the update types we
//                   read) when PUBLIC_BASE_URL is set; otherwise getUpdates, fetched by a job.
//   VK community  — one per community: the Callback API server the community's admin adds in VK,
//                   with the confirmation string VK shows and the secret they chose.
//   Facebook Page — one per Page: the app's webhook on the Page's `feed`, signed with the app secret;
//                   the service subscribes the Page (subscribed_apps) with the Page token.
// The secrets are sealed like credentials and never answered. A delivery is authenticated here.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.js';
import { accounts, networkHooks } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { notFound, Problem } from '../../lib/problem.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { uuidv7 } from '../../lib/uuid7.js';
import type { Adapters } from '../../networks/index.js';
import type { Credentials, Done, FacebookCredentials, FailureOutcome, NetworkName, TelegramCredentials } from '../../networks/types.js';
import { accountRepo } from '../../repositories/account-repo.js';
import { reasonOf } from '../../networks/outcomes.js';
import type { LimitedCalls } from '../../ratelimit/limited-call.js';
import type { AuthContext } from '../../services/api-key-service.js';
import { TELEGRAM_ALLOWED_UPDATES } from './telegram-facts.js';

type Auth = Pick<AuthContext, 'workspaceId'>;
type HookRow = typeof networkHooks.$inferSelect;
type AccountRow = typeof accounts.$inferSelect;

export type HookInput = Partial<{ groupId: string; confirmationCode: string; secret: string; appSecret: string; verifyToken: string }>;

const SUBSCRIBE_MAX_WAIT_MS = 10_000;
const FIELDS_OF: Record<NetworkName, Array<keyof HookInput>> = {
  telegram: [],
  vk: ['groupId', 'confirmationCode', 'secret'],
  facebook: ['appSecret', 'verifyToken'],
  ok: [],
  linkedin: [],
};

export function hookView(row: HookRow, publicBaseUrl: string | undefined) {
  const settings = row.settings as { confirmationCode?: string };
  const path = { telegram_webhook: `/hooks/telegram/${row.id}`, vk_callback: `/hooks/vk/${row.id}`, facebook_feed: `/hooks/facebook/${row.id}`, telegram_updates: null }[row.kind];
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    // The address the network calls (VK: paste it into the community's Callback API settings).
    url: path && publicBaseUrl ? new URL(path, publicBaseUrl).toString() : null,
    groupId: row.kind === 'vk_callback' || row.kind === 'facebook_feed' ? row.scope : null,
    confirmationCode: settings.confirmationCode ?? null,
    lastEventAt: row.lastEventAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}
export type HookView = ReturnType<typeof hookView>;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');
const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function createHookService(deps: {
  db: Db;
  box: SecretBox;
  adapters: Adapters;
  calls: LimitedCalls;
  jobs: JobQueue;
  unseal: (row: AccountRow) => Credentials;
  publicBaseUrl: string | undefined;
}) {
  const { db, box } = deps;
  const aad = (hookId: string) => `hook:${hookId}`;
  const view = (row: HookRow) => hookView(row, deps.publicBaseUrl);

  async function accountOf(auth: Auth, id: string): Promise<AccountRow> {
    const row = await accountRepo.findById(db, auth.workspaceId, id);
    if (!row) throw notFound('Account');
    return row;
  }

  // One call that tells the network where to deliver (Telegram's setWebhook, Facebook's
  // subscribed_apps), through the shared limiter like every call: 503 while publishing holds the
  // account's turns, 502 when the network refuses.
  async function subscribe(account: AccountRow, what: string, call: () => Promise<Done | FailureOutcome>) {
    const network = account.network === 'telegram' ? 'Telegram' : 'Facebook';
    const limited = await deps.calls.run(
      { network: account.network, accountId: account.id, purpose: 'check', maxWaitMs: SUBSCRIBE_MAX_WAIT_MS },
      call,
      (r) => (r.kind === 'retry_after' ? { seconds: r.seconds, reason: r.reason } : undefined),
    );
    if (!limited.ok) throw new Problem(503, 'network-busy', `${network} was not asked yet: ${limited.reason}`, { retryAt: new Date(limited.retryAt).toISOString() });
    if (limited.value.kind !== 'done') throw new Problem(502, 'network-refused', `${network} refused ${what}: ${reasonOf(limited.value)}`);
  }

  function telegramSubscription(account: AccountRow, hookId: string, secret: string, webhook: boolean) {
    const creds = deps.unseal(account) as TelegramCredentials;
    const url = webhook ? new URL(`/hooks/telegram/${hookId}`, deps.publicBaseUrl).toString() : '';
    return subscribe(account, 'setWebhook', () =>
      deps.adapters.telegram.subscribeUpdates!(creds, { url, secretToken: secret, allowedUpdates: TELEGRAM_ALLOWED_UPDATES }),
    );
  }

  /** A hook the network calls from the internet needs its fields and PUBLIC_BASE_URL. */
  function requireForCallback<K extends keyof HookInput>(input: HookInput, fields: readonly K[], network: string, detail: string): Required<Pick<HookInput, K>> {
    const missing = fields.filter((k) => !input[k]);
    if (missing.length > 0) {
      throw new Problem(422, 'validation', detail, { errors: missing.map((field) => ({ in: 'body', field, message: `is required for a ${network} account` })) });
    }
    if (!deps.publicBaseUrl) {
      throw new Problem(422, 'needs-public-url', `${network} calls the service from the internet: set PUBLIC_BASE_URL to the address it is reachable at`);
    }
    return input as Required<Pick<HookInput, K>>;
  }

  async function save(auth: Auth, account: AccountRow, kind: HookRow['kind'], scope: string, secret: string, settings: Record<string, unknown>, id = uuidv7()) {
    return inTransaction(db, async (tx) => {
      // One hook per bot / per community: a new one replaces the old (its secret stops working).
      await tx.delete(networkHooks).where(and(eq(networkHooks.accountId, account.id), eq(networkHooks.scope, scope)));
      const [row] = await tx
        .insert(networkHooks)
        .values({ id, workspaceId: auth.workspaceId, accountId: account.id, kind, scope, secret: box.seal(secret, aad(id)), settings })
        .returning();
      if (kind === 'telegram_updates') await deps.jobs.enqueue(tx, 'responses.telegram-updates', { hookId: id });
      return row!;
    });
  }

  return {
    async create(auth: Auth, accountId: string, input: HookInput): Promise<HookView> {
      const account = await accountOf(auth, accountId);
      // Another network's fields are a mistake (the wrong account), not something to ignore.
      const foreign = (Object.keys(input) as Array<keyof HookInput>).filter((k) => input[k] !== undefined && !FIELDS_OF[account.network].includes(k));
      if (foreign.length > 0) {
        throw new Problem(422, 'validation', `Not a field of a ${account.network} account's hook`, {
          errors: foreign.map((field) => ({ in: 'body', field, message: `is not for a ${account.network} account` })),
        });
      }
      if (account.network === 'telegram') {
        const id = uuidv7();
        // secret_token: 1–256 characters of A-Z, a-z, 0-9, _ and -.
        const secret = randomBytes(32).toString('base64url');
        const webhook = deps.publicBaseUrl !== undefined;
        await telegramSubscription(account, id, secret, webhook);
        return view(await save(auth, account, webhook ? 'telegram_webhook' : 'telegram_updates', '', secret, webhook ? {} : { offset: 0 }, id));
      }
      if (account.network === 'vk') {
        const { groupId, confirmationCode, secret } = requireForCallback(
          input,
          ['groupId', 'confirmationCode', 'secret'] as const,
          'VK',
          'A VK Callback API server needs the community, its confirmation string and the secret you set',
        );
        return view(await save(auth, account, 'vk_callback', groupId, secret, { confirmationCode }));
      }
      if (account.network === 'facebook') {
        const { appSecret, verifyToken } = requireForCallback(
          input,
          ['appSecret', 'verifyToken'] as const,
          'Facebook',
          "A Page's feed webhook needs the app's secret and the verify token you typed into the app's Webhooks settings",
        );
        // The Page must have the app subscribed to its feed, or Facebook sends nothing.
        const creds = deps.unseal(account) as FacebookCredentials;
        await subscribe(account, 'subscribed_apps', () => deps.adapters.facebook.subscribeFeed!(creds));
        return view(await save(auth, account, 'facebook_feed', creds.pageId, appSecret, { verifyTokenHash: digest(verifyToken) }));
      }
      throw new Problem(422, 'no-hooks', `${account.network} responses are read by polling each post's counters: there is nothing to set up`);
    },

    async list(auth: Auth, accountId: string): Promise<HookView[]> {
      await accountOf(auth, accountId);
      const rows = await db.select().from(networkHooks).where(and(eq(networkHooks.workspaceId, auth.workspaceId), eq(networkHooks.accountId, accountId))).orderBy(asc(networkHooks.createdAt));
      return rows.map(view);
    },

    async remove(auth: Auth, accountId: string, hookId: string): Promise<void> {
      const account = await accountOf(auth, accountId);
      const [row] = await db.select().from(networkHooks).where(and(eq(networkHooks.accountId, account.id), eq(networkHooks.id, hookId)));
      if (!row) throw notFound('Hook');
      // Telegram keeps sending to a webhook until told otherwise: stop it first. A refusal (a revoked
      // token, a bot that is gone) does not keep the hook: its deliveries would only be refused anyway.
      if (row.kind === 'telegram_webhook') {
        await telegramSubscription(account, row.id, '', false).catch((err: unknown) => {
          if (err instanceof Problem && err.status === 502) return;
          throw err;
        });
      }
      await db.delete(networkHooks).where(eq(networkHooks.id, row.id));
    },

    /** The hook a delivery names, if its secret is the one we set; undefined for an unknown hook. */
    async authenticate(hookId: string, kind: HookRow['kind'], secret: string | undefined): Promise<{ hook: HookRow; valid: boolean } | undefined> {
      const [row] = await db.select().from(networkHooks).where(and(eq(networkHooks.id, hookId), eq(networkHooks.kind, kind)));
      if (!row) return undefined;
      const valid = typeof secret === 'string' && sameSecret(secret, box.open(row.secret, aad(row.id)));
      return { hook: row, valid };
    },

    /** Facebook's subscription check: the verify token typed into the app's settings is the one given here. */
    async verifiesWith(hookId: string, verifyToken: string | undefined): Promise<boolean> {
      const [row] = await db.select().from(networkHooks).where(and(eq(networkHooks.id, hookId), eq(networkHooks.kind, 'facebook_feed')));
      const expected = (row?.settings as { verifyTokenHash?: string } | undefined)?.verifyTokenHash;
      return !!expected && typeof verifyToken === 'string' && sameSecret(digest(verifyToken), expected);
    },

    /** A Facebook delivery's hook, if X-Hub-Signature-256 is the app secret's HMAC of the raw body. */
    async authenticateSigned(hookId: string, rawBody: Buffer, signature: string | undefined): Promise<{ hook: HookRow; valid: boolean } | undefined> {
      const [row] = await db.select().from(networkHooks).where(and(eq(networkHooks.id, hookId), eq(networkHooks.kind, 'facebook_feed')));
      if (!row) return undefined;
      const expected = `sha256=${createHmac('sha256', box.open(row.secret, aad(row.id))).update(rawBody).digest('hex')}`;
      return { hook: row, valid: typeof signature === 'string' && sameSecret(signature, expected) };
    },

    /** For the getUpdates job: the hook with its account's credentials. */
    async forFetching(hookId: string) {
      const [found] = await db.select({ hook: networkHooks, account: accounts }).from(networkHooks).innerJoin(accounts, eq(accounts.id, networkHooks.accountId)).where(eq(networkHooks.id, hookId));
      return found;
    },
  };
}

export type HookService = ReturnType<typeof createHookService>;
