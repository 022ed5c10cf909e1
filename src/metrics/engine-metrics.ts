// What the engine and the network calls record, behind a narrow interface: callers say what
// happened in their own terms (a network, an outcome kind, seconds) and never see prom-client.
// Every label comes from a closed set, so the number of series is bounded whatever the traffic.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { AddressResolution, ChangeOutcome, CredentialCheck, NetworkName, PublishOutcome } from '../networks/types.js';
import { NETWORKS } from '../networks/types.js';
import { RATE_REFUSAL_CODES, refusalCodeLabel } from './refusal-codes.js';

// Why a call waited for a rate-limit turn.
export const TURN_PURPOSES = ['publish', 'close', 'check', 'resolve', 'poll'] as const;
export type TurnPurpose = (typeof TURN_PURPOSES)[number];

// 'poll': reading a post's counters or a bot's updates; 'subscribe': setting where a network delivers them.
export type NetworkOperation = 'publish' | 'edit' | 'remove' | 'check' | 'resolve' | 'poll' | 'subscribe' | 'inspect';
// 'error': the adapter threw instead of returning an outcome (a bug; adapters map every failure).
export type CallOutcome = PublishOutcome['kind'] | ChangeOutcome['kind'] | CheckOutcome | AddressResolution['kind'] | 'counts' | 'updates' | 'missing' | 'error';
export type CheckOutcome = 'ok' | Extract<CredentialCheck, { ok: false }>['kind'];

export interface EngineMetrics {
  /** One publish call to a network, from request to outcome. */
  observePublish(network: NetworkName, outcome: PublishOutcome['kind'], seconds: number): void;
  /** Any call to a network (publish, edit, remove, credential check), from request to outcome. */
  observeNetworkCall(network: NetworkName, operation: NetworkOperation, outcome: CallOutcome, seconds: number): void;
  /** Time a call waited for its rate-limit turn before it was allowed to go out. */
  observeTurnWait(network: NetworkName, purpose: TurnPurpose, seconds: number): void;
  /** A refusal the network answered with a code (Telegram 429, VK 6/9/214, Facebook 4/17/32/613, HTTP 503…). */
  countRefusal(network: NetworkName, code: number | string): void;
}

// A network call: a fast API answers in tens of milliseconds; NETWORK_TIMEOUT_MS may be up to 120 s.
const CALL_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120];
// A turn: none at all when a key is free, a second per Telegram chat, up to an hour after VK flood control.
const TURN_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export function createEngineMetrics(registry: Registry, prefix: string): EngineMetrics {
  const publishSeconds = new Histogram({
    name: `${prefix}publish_duration_seconds`,
    help: 'Time one publish call to a network took, from sending the request to its outcome, by network and outcome kind (published, suggested, retry_after, permanent, unknown, …)',
    labelNames: ['network', 'outcome'] as const,
    buckets: CALL_BUCKETS,
    registers: [registry],
  });
  const callSeconds = new Histogram({
    name: `${prefix}network_call_duration_seconds`,
    help: 'Time every call to a network took, by network, operation (publish, edit, remove, check of credentials, resolve of an address, poll of counters, subscribe of hooks, inspect of a group) and outcome kind',
    labelNames: ['network', 'operation', 'outcome'] as const,
    buckets: CALL_BUCKETS,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: `${prefix}rate_limit_wait_seconds`,
    help: 'Time a call waited for its rate-limit turn before going out, by network and purpose (publish, close, check, resolve, poll)',
    labelNames: ['network', 'purpose'] as const,
    buckets: TURN_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: `${prefix}network_refusals_total`,
    help: 'Refusals received from a network, by network and the error code it sent (Telegram 429, VK 6/9/214, Facebook 4/17/32/613, HTTP 503…); codes outside a known list count as "other"',
    labelNames: ['network', 'code'] as const,
    registers: [registry],
  });
  for (const network of NETWORKS) for (const code of RATE_REFUSAL_CODES[network]) refusals.inc({ network, code: String(code) }, 0);

  return {
    observePublish: (network, outcome, seconds) => publishSeconds.observe({ network, outcome }, seconds),
    observeNetworkCall: (network, operation, outcome, seconds) => callSeconds.observe({ network, operation, outcome }, seconds),
    observeTurnWait: (network, purpose, seconds) => turnSeconds.observe({ network, purpose }, seconds),
    countRefusal: (network, code) => refusals.inc({ network, code: refusalCodeLabel(network, code) }),
  };
}
