// Any ATS (or script) that can sign the Standard Webhooks way: `{type, data}` with `data` a
// schema.org JobPosting (as POST /v1/vacancies/import takes it) or an application (as POST
// /v1/applications takes it). The posting's `identifier` is the vacancy's key.
import { isObject } from '../lib/json-values.js';
import { Problem } from '../lib/problem.js';
import { mapJobPosting } from '../services/jsonld-import.js';
import { verifySignedDelivery } from '../webhooks/signing.js';
import { AtsMappingError, dateOf, type AtsConnectorKind } from './connector-kind.js';


/** The posting's identifier: a string, or a PropertyValue's value. */
function identifierOf(data: Record<string, unknown>): string {
  const id = data.identifier;
  const value = isObject(id) ? (id.value ?? id['@value']) : id;
  if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
  throw new AtsMappingError('data.identifier', 'is required: the ATS\'s id of the job, which keys the vacancy');
}

function posting(data: Record<string, unknown>) {
  try {
    return mapJobPosting({ '@type': 'JobPosting', ...data });
  } catch (err) {
    if (err instanceof Problem) throw new AtsMappingError(`data.${(err.extensions.errors?.[0]?.field ?? '@type')}`, err.message);
    throw err;
  }
}

export const generic: AtsConnectorKind = {
  kind: 'generic',
  verify(rawBody, headers, secret) {
    return verifySignedDelivery(secret, { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] }, rawBody.toString('utf8'));
  },
  deliveryId: (headers) => headers['webhook-id'],
  // The body's own timestamp (the event's, the same on every retry; webhook-timestamp is the attempt's).
  eventTime: (_headers, body) => dateOf(isObject(body) ? body.timestamp : undefined),
  map(_headers, body) {
    if (!isObject(body)) throw new AtsMappingError('type', 'the body must be {type, data}');
    const { type, data } = body;
    if (typeof type !== 'string') throw new AtsMappingError('type', 'is required');
    if (!isObject(data)) throw new AtsMappingError('data', 'must be an object');
    switch (type) {
      case 'vacancy.created':
      case 'vacancy.updated': {
        const externalId = identifierOf(data);
        const { input, extra } = posting(data);
        return { kind: 'upsert', externalId, input: { ...input, externalId }, extra, open: true };
      }
      case 'vacancy.closed':
        return { kind: 'close', externalId: identifierOf(data) };
      case 'vacancy.reopened':
        return { kind: 'reopen', externalId: identifierOf(data) };
      case 'application.created':
        return { kind: 'application', input: data };
      default:
        return { kind: 'ignored', reason: `the event type ${type.slice(0, 80)} is not one this connector acts on` };
    }
  },
};
