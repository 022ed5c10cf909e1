// Where the key that encrypts credentials comes from. Embedded mode keeps a generated key beside
// its data so that a newcomer's `npm start` just works and data encrypted yesterday opens today.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { decodeKey } from '../config/env.js';

export const SECRETS_KEY_FILE = 'secrets.key';

export function resolveSecretsKey(options: { secretsKey?: string; dataDir: string; embedded: boolean }): Buffer {
  if (options.secretsKey) {
    const key = decodeKey(options.secretsKey);
    if (!key) throw new Error('SECRETS_KEY: must be 32 bytes, as 64 hex characters or base64');
    return key;
  }
  if (!options.embedded) throw new Error('SECRETS_KEY: required when DATABASE_URL is set');
  const file = join(options.dataDir, SECRETS_KEY_FILE);
  try {
    const key = decodeKey(readFileSync(file, 'utf8').trim());
    if (!key) throw new Error(`${file}: does not hold a 32-byte key; restore it or remove DATA_DIR`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process wrote the file first; then that file is the key.
  try {
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return resolveSecretsKey(options);
  }
}
