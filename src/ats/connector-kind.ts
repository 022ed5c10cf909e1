// One interface for every ATS that pushes vacancies to us by webhook: check the signature, name the
// delivery, say what it asks for. Pure functions of the request; storing and answering is the caller's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { vacancyInputSchema } from '../schemas/vacancy.js';

/**
 * What one delivery says about a vacancy, in the API's names, before vacancyInputSchema. Only what
 * the ATS sent: no ATS sends an apply link, and Greenhouse's job events carry no description or
 * company name. The caller lays it over the stored vacancy (or the connector's defaults for a new
 * one) and parses the result, so the schema's messages name any field still wrong.
 */
export type AtsVacancyInput = Partial<z.input<typeof vacancyInputSchema>>;

/** Fields the vacancy does not model, kept as the ATS sent them (the vacancy's `extra`). */
export type AtsExtra = Record<string, unknown>;

export type AtsAction =
  // Create or update; open=false creates or updates it closed.
  | { kind: 'upsert'; externalId: string; input: AtsVacancyInput; extra: AtsExtra; open: boolean }
  | { kind: 'close'; externalId: string }
  | { kind: 'reopen'; externalId: string; input?: AtsVacancyInput; extra?: AtsExtra }
  | { kind: 'ping' }
  // A candidate's application, as POST /v1/applications takes it (the generic connector).
  | { kind: 'application'; input: unknown }
  // An event we do not act on: answered 2xx and logged, so the ATS does not retry it.
  | { kind: 'ignored'; reason: string };

/** A payload we cannot map: answered 422, naming the field in the ATS's own terms ("event.vacancy.position"). */
export class AtsMappingError extends Error {
  override readonly name = 'AtsMappingError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Request headers, names lower-cased. */
export interface AtsDeliveryHeaders {
  [name: string]: string | undefined;
}

export interface AtsConnectorKind {
  kind: 'huntflow' | 'greenhouse' | 'generic';
  /** True when the signature header matches the raw body for this secret (compared in constant time). */
  verify(rawBody: Buffer, headers: AtsDeliveryHeaders, secret: string): boolean;
  /** The ATS's id of this delivery, the same on its retries; undefined when it gives none. */
  deliveryId(headers: AtsDeliveryHeaders, body: unknown): string | undefined;
  /** What the delivery asks for; throws AtsMappingError for a payload that cannot be mapped. */
  map(headers: AtsDeliveryHeaders, body: unknown): AtsAction;
  /**
   * When the change happened in the ATS, if the delivery says: a delivery older than one already
   * applied to its vacancy (a retry arriving late) is not applied, so deliveries in any order converge.
   */
  eventTime(headers: AtsDeliveryHeaders, body: unknown): Date | undefined;
}

/** A date the ATS wrote, or undefined when absent or unreadable. */
export function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * Whether `hex` is HMAC-SHA256(secret, rawBody). Both ATSs sign the bytes as sent, so the body must
 * not be re-serialised first (Greenhouse escapes Unicode as \uXXXX before signing). An empty secret
 * authenticates nothing: anyone could compute it.
 */
export function hmacSha256HexMatches(rawBody: Buffer, secret: string, hex: string | undefined): boolean {
  if (secret === '' || hex === undefined || !/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

// `extra` is stored with the vacancy and returned by the API: a custom-field dump of megabytes
// would ride along on every read, so a value this large is left out rather than truncated.
export const MAX_EXTRA_VALUE_CHARS = 4096;

/** The fields of an ATS object that were not mapped, without nulls and without values too large to keep. */
export function unmappedExtra(source: Record<string, unknown>, mapped: ReadonlySet<string>): AtsExtra {
  const extra: AtsExtra = {};
  for (const [key, value] of Object.entries(source)) {
    if (mapped.has(key) || value === null || value === undefined) continue;
    if ((JSON.stringify(value)?.length ?? 0) > MAX_EXTRA_VALUE_CHARS) continue;
    extra[key] = value;
  }
  return extra;
}
