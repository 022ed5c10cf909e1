// Builds the five adapters from one config, and dispatches by a credential's `network`
// so callers holding a `Credentials` union need no switch of their own.
import type { Dispatcher } from 'undici';
import { createFacebookAdapter } from './facebook.js';
import { createLinkedinAdapter } from './linkedin.js';
import { createOkAdapter, type GroupsRead, type OkAdapter } from './ok.js';
import { createTelegramAdapter, type ChatRead, type MembershipRead, type TelegramAdapter } from './telegram.js';
import type {
  AddressResolution,
  ChangeOutcome,
  CredentialCheck,
  Credentials,
  EditRequest,
  NetworkAdapter,
  NetworkName,
  PublishOutcome,
  PublishRequest,
  RemoveRequest,
} from './types.js';
import { createVkAdapter, type VkAdapter } from './vk.js';

export * from './types.js';
export type { ChatRead, GroupsRead, MembershipRead, OkAdapter, TelegramAdapter, VkAdapter };

export const DEFAULT_BASE_URLS: Readonly<Record<NetworkName, string>> = {
  telegram: 'https://api.telegram.org',
  vk: 'https://api.vk.com/method',
  facebook: 'https://graph.facebook.com/v21.0',
  linkedin: 'https://api.linkedin.com',
  ok: 'https://api.ok.ru/fb.do',
};

export interface AdaptersConfig {
  timeoutMs: number;
  dispatcher?: Dispatcher;
  telegram?: { baseUrl?: string };
  vk?: { baseUrl?: string; apiVersion?: string };
  facebook?: { baseUrl?: string };
  // version: LinkedIn-Version header, YYYYMM.
  linkedin?: { baseUrl?: string; version?: string };
  ok?: { baseUrl?: string };
}

// Each network's adapter with what it offers beyond the common contract (registry reads, counters…).
export interface AdapterTypes {
  telegram: TelegramAdapter;
  vk: VkAdapter;
  facebook: NetworkAdapter<'facebook'>;
  linkedin: NetworkAdapter<'linkedin'>;
  ok: OkAdapter;
}
export type Adapters = { readonly [N in NetworkName]: AdapterTypes[N] };

export function createAdapters(cfg: AdaptersConfig): Adapters {
  const common = { timeoutMs: cfg.timeoutMs, ...(cfg.dispatcher ? { dispatcher: cfg.dispatcher } : {}) };
  const url = (n: NetworkName) => cfg[n]?.baseUrl ?? DEFAULT_BASE_URLS[n];
  return {
    telegram: createTelegramAdapter({ ...common, baseUrl: url('telegram') }),
    vk: createVkAdapter({ ...common, baseUrl: url('vk'), apiVersion: cfg.vk?.apiVersion }),
    facebook: createFacebookAdapter({ ...common, baseUrl: url('facebook') }),
    linkedin: createLinkedinAdapter({ ...common, baseUrl: url('linkedin'), version: cfg.linkedin?.version }),
    ok: createOkAdapter({ ...common, baseUrl: url('ok') }),
  };
}

// An adapter with the credentials already applied.
export interface BoundAdapter {
  readonly network: NetworkName;
  publish(req: PublishRequest): Promise<PublishOutcome>;
  edit(req: EditRequest): Promise<ChangeOutcome>;
  remove(req: RemoveRequest): Promise<ChangeOutcome>;
  checkCredentials(): Promise<CredentialCheck>;
  /** Absent for networks whose addresses need no resolving. */
  resolveAddress?(address: string): Promise<AddressResolution>;
}

export function adapterFor(adapters: Adapters, creds: Credentials): BoundAdapter {
  // Safe widening: adapters[creds.network] is by construction the adapter for exactly these credentials.
  const adapter = adapters[creds.network] as unknown as NetworkAdapter<NetworkName> & {
    publish(c: Credentials, r: PublishRequest): Promise<PublishOutcome>;
    edit(c: Credentials, r: EditRequest): Promise<ChangeOutcome>;
    remove(c: Credentials, r: RemoveRequest): Promise<ChangeOutcome>;
    checkCredentials(c: Credentials): Promise<CredentialCheck>;
    resolveAddress?(c: Credentials, address: string): Promise<AddressResolution>;
  };
  return {
    network: creds.network,
    publish: (req) => adapter.publish(creds, req),
    edit: (req) => adapter.edit(creds, req),
    remove: (req) => adapter.remove(creds, req),
    checkCredentials: () => adapter.checkCredentials(creds),
    ...(adapter.resolveAddress ? { resolveAddress: (address: string) => adapter.resolveAddress!(creds, address) } : {}),
  };
}
