// Unique clicks without keeping anyone's IP address: a visitor is HMAC(day key, IP + user agent),
// where the day key is derived from the service's secrets key and the UTC date. Every process
// derives the same key (so a person counts once, whichever process served them), nobody without the
// secrets key can test an IP against a stored hash, and hashes of different days cannot be joined.
import { createHmac } from 'node:crypto';

export type VisitorHasher = (ip: string, userAgent: string, at: Date) => string;

export function createVisitorHasher(secretsKey: Buffer): VisitorHasher {
  let day = '';
  let dayKey = Buffer.alloc(0);
  return (ip, userAgent, at) => {
    const today = at.toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      dayKey = createHmac('sha256', secretsKey).update(`link-visitor:${today}`).digest();
    }
    return createHmac('sha256', dayKey).update(`${ip}\n${userAgent}`).digest('base64url').slice(0, 22);
  };
}
