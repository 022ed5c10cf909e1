// Wraps the five network adapters so that every call is timed and every coded refusal counted,
// whoever makes the call (publisher, closer, account check): nothing in the engine has to remember.
// Only what an outcome already says is recorded: network, operation, outcome kind, error code.
import type { Adapters } from '../networks/index.js';
import type {
  AddressResolution, ChangeOutcome, CountsRead, CredentialCheck, NetworkAdapter, NetworkName, PublishOutcome, UpdatesRead,
} from '../networks/types.js';
import type { CallOutcome, EngineMetrics, NetworkOperation } from './engine-metrics.js';

type Refusable = PublishOutcome | ChangeOutcome | CredentialCheck | AddressResolution | CountsRead | UpdatesRead;

// A refusal the network itself answered with a code. A retry_after the transport made up
// (connection refused) or a permanent the adapter decided (an unsupported mode) has none.
function refusalCode(outcome: Refusable): number | string | undefined {
  if ('ok' in outcome) return outcome.ok ? undefined : outcome.code;
  switch (outcome.kind) {
    case 'retry_after':
    case 'quota_exhausted':
    case 'permanent':
      return outcome.code;
    default:
      return undefined;
  }
}

const outcomeKind = (outcome: Refusable): CallOutcome => ('ok' in outcome ? (outcome.ok ? 'ok' : outcome.kind) : outcome.kind);

// A: the network's own adapter type (its registry reads and the like come through, untimed).
function instrument<N extends NetworkName, A extends NetworkAdapter<N>>(adapter: A & NetworkAdapter<N>, metrics: EngineMetrics): A {
  const network = adapter.network;

  async function timed<O extends Refusable>(operation: NetworkOperation, call: () => Promise<O>): Promise<O> {
    const started = performance.now();
    let outcome: O;
    try {
      outcome = await call();
    } catch (error) {
      metrics.observeNetworkCall(network, operation, 'error', (performance.now() - started) / 1000);
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    metrics.observeNetworkCall(network, operation, outcomeKind(outcome), seconds);
    if (operation === 'publish') metrics.observePublish(network, (outcome as PublishOutcome).kind, seconds);
    const code = refusalCode(outcome);
    if (code !== undefined) metrics.countRefusal(network, code);
    return outcome;
  }

  // Spread first: anything an adapter gains later still works, untimed until it is added here.
  const timedCalls: NetworkAdapter<N> = {
    ...adapter,
    publish: (creds, req) => timed('publish', () => adapter.publish(creds, req)),
    edit: (creds, req) => timed('edit', () => adapter.edit(creds, req)),
    remove: (creds, req) => timed('remove', () => adapter.remove(creds, req)),
    checkCredentials: (creds) => timed('check', () => adapter.checkCredentials(creds)),
    ...(adapter.resolveAddress ? { resolveAddress: (creds, address) => timed('resolve', () => adapter.resolveAddress!(creds, address)) } : {}),
    ...(adapter.readCounts ? { readCounts: (creds, refs) => timed('poll', () => adapter.readCounts!(creds, refs)) } : {}),
    ...(adapter.fetchUpdates ? { fetchUpdates: (creds, req) => timed('poll', () => adapter.fetchUpdates!(creds, req)) } : {}),
    ...(adapter.subscribeUpdates ? { subscribeUpdates: (creds, sub) => timed('subscribe', () => adapter.subscribeUpdates!(creds, sub)) } : {}),
    ...(adapter.subscribeFeed ? { subscribeFeed: (creds) => timed('subscribe', () => adapter.subscribeFeed!(creds)) } : {}),
  };
  return { ...adapter, ...timedCalls };
}

/**
 * Times the registry's reads (operation "inspect"): a read that answered is "ok", a chat or group the
 * network says is not there "missing", a refusal its kind (and code, counted like any refusal).
 */
function timedReads<A extends object>(adapter: A, network: NetworkName, names: ReadonlyArray<keyof A & string>, metrics: EngineMetrics): A {
  const out: Record<string, unknown> = { ...(adapter as unknown as Record<string, unknown>) };
  for (const name of names) {
    const read = adapter[name] as unknown as (...args: unknown[]) => Promise<{ kind: string; code?: number | string }>;
    out[name] = async (...args: unknown[]) => {
      const started = performance.now();
      let result: { kind: string; code?: number | string };
      try {
        result = await read.apply(adapter, args);
      } catch (error) {
        metrics.observeNetworkCall(network, 'inspect', 'error', (performance.now() - started) / 1000);
        throw error;
      }
      const failed = FAILURE_KINDS.has(result.kind) || result.kind === 'missing';
      metrics.observeNetworkCall(network, 'inspect', failed ? (result.kind as CallOutcome) : 'ok', (performance.now() - started) / 1000);
      if (result.code !== undefined && FAILURE_KINDS.has(result.kind)) metrics.countRefusal(network, result.code);
      return result;
    };
  }
  return out as unknown as A;
}

const FAILURE_KINDS = new Set(['retry_after', 'permanent', 'needs_reauth', 'needs_person', 'quota_exhausted', 'target_moved', 'unknown']);

export function instrumentAdapters(adapters: Adapters, metrics: EngineMetrics): Adapters {
  return {
    telegram: timedReads(instrument(adapters.telegram, metrics), 'telegram', ['readChat', 'readMembership'], metrics),
    vk: timedReads(instrument(adapters.vk, metrics), 'vk', ['searchCommunities', 'readCommunities'], metrics),
    facebook: instrument(adapters.facebook, metrics),
    linkedin: instrument(adapters.linkedin, metrics),
    ok: timedReads(instrument(adapters.ok, metrics), 'ok', ['resolveLink', 'readGroups', 'readRole'], metrics),
  };
}
