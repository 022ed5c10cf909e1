// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "{webhook-id}.{webhook-timestamp}.{body}" with the secret's bytes, written "v1,<base64>". While a
// rotated-out secret is still honoured, the header carries both signatures, space-separated, so a
// receiver holding either secret verifies.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: "whsec_" + base64 of 32 random bytes (the spec asks for 24 to 64). */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of one attempt; `secrets` are the current one first, then any still honoured. */
export function signedHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signatureOf(s, id, timestampSeconds, body)).join(' '),
  };
}

// A receiver refuses a timestamp further than this from its clock (the spec's replay window).
const TOLERANCE_SECONDS = 5 * 60;

/** Whether a delivery signed this way verifies with `secret`: one of its signatures matches, and its timestamp is recent. */
export function verifySignedDelivery(secret: string, headers: { id?: string; timestamp?: string; signature?: string }, body: string, nowMs = Date.now()): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signatureOf(secret, id, Number(timestamp), body));
  return signature.split(' ').some((given) => {
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}
