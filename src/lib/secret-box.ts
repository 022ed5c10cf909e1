// AES-256-GCM for credentials at rest. The stored form is one string "v1.<iv>.<tag>.<ciphertext>"
// (base64url parts) so a future key rotation can add "v2" without a schema change.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, associatedData?: string): string;
  open(sealed: string, associatedData?: string): string;
  /** A short, non-reversible id of a secret, safe to show and log: lets a user tell two tokens apart. */
  fingerprint(plaintext: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('SecretBox key must be 32 bytes');
  // The fingerprint is keyed so that it cannot be used to confirm a guessed token offline.
  const fingerprintKey = createHash('sha256').update(key).update('fingerprint').digest();
  return {
    seal(plaintext, associatedData = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, associatedData = '') {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    fingerprint(plaintext) {
      return createHash('sha256').update(fingerprintKey).update(plaintext).digest('hex').slice(0, 12);
    },
  };
}
