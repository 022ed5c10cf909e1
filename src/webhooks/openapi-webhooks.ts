// The outbound events as OpenAPI 3.1 `webhooks`: one entry per event type, with its example body
// and the three signature headers every delivery carries.
import type { OpenAPIV3_1 } from 'openapi-types';
import { EVENT_EXAMPLES } from '../examples/webhooks.js';
import { EVENT_TYPE_NAMES, WEBHOOK_EVENT_TYPES } from './event-types.js';

const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });

const HEADERS = [
  header('webhook-id', "The event's id: the same on every attempt, and to every endpoint. Deduplicate on it."),
  header('webhook-timestamp', 'Unix seconds of this attempt. Refuse a timestamp more than 5 minutes off.'),
  header('webhook-signature', 'Space-separated "v1,<base64>" signatures: HMAC-SHA256 with the endpoint secret\'s bytes over "{webhook-id}.{webhook-timestamp}.{body}". Two during a rotation.'),
];

export function webhooksDocument(): Record<string, OpenAPIV3_1.PathItemObject> {
  // Built as plain objects; the cast is to the type @fastify/swagger declares for them.
  return Object.fromEntries(
    EVENT_TYPE_NAMES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/\./g, '_')}`,
          summary: WEBHOOK_EVENT_TYPES[type],
          tags: ['webhooks'],
          security: [],
          parameters: HEADERS,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'timestamp', 'data'],
                  properties: {
                    type: { const: type },
                    timestamp: { type: 'string', format: 'date-time', description: 'When the event happened' },
                    data: { type: 'object', description: 'What the event is about: the vacancy (with its externalId), the post, the group and campaign, as the example shows' },
                  },
                },
                examples: { [type]: { value: { type, timestamp: '2026-11-02T10:00:01.512Z', data: EVENT_EXAMPLES[type] } } },
              },
            },
          },
          responses: {
            '200': { description: 'Any 2xx: delivered. Anything else (3xx included: redirects are not followed) is tried again; 410 disables the endpoint; Retry-After is honoured with 429 and 503.' },
          },
        },
      },
    ]),
  ) as Record<string, OpenAPIV3_1.PathItemObject>;
}
