import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { createSecretBox } from '../../src/lib/secret-box.js';
import { resolveSecretsKey, SECRETS_KEY_FILE } from '../../src/lib/secrets-key.js';

t.test('seal/open round-trips; tampering, a wrong key or wrong context fail', async (t) => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('123456:bot-token', 'account:1');
  t.notMatch(sealed, /bot-token/);
  t.not(box.seal('123456:bot-token', 'account:1'), sealed, 'a fresh IV each time');
  t.equal(box.open(sealed, 'account:1'), '123456:bot-token');
  t.throws(() => box.open(sealed, 'account:2'), 'bound to its context');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('x' + Buffer.from(parts[3]!, 'base64url').toString('latin1')).toString('base64url');
  t.throws(() => box.open(parts.join('.'), 'account:1'), 'tampered ciphertext');
  t.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'account:1'), 'another key');
  t.match(box.fingerprint('123456:bot-token'), /^[0-9a-f]{12}$/);
  t.equal(box.fingerprint('a'), box.fingerprint('a'));
  t.not(box.fingerprint('a'), createSecretBox(randomBytes(32)).fingerprint('a'), 'keyed fingerprints');
});

t.test('embedded mode generates the key once, private, and reuses it', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vcp-key-')), 'nested');
  const first = resolveSecretsKey({ dataDir: dir, embedded: true });
  t.equal(first.length, 32);
  t.equal(statSync(join(dir, SECRETS_KEY_FILE)).mode & 0o777, 0o600);
  t.same(resolveSecretsKey({ dataDir: dir, embedded: true }), first);
  t.equal(readFileSync(join(dir, SECRETS_KEY_FILE), 'utf8').trim(), first.toString('hex'));
  const given = 'cd'.repeat(32);
  t.same(resolveSecretsKey({ secretsKey: given, dataDir: dir, embedded: true }), Buffer.from(given, 'hex'), 'SECRETS_KEY wins');
  t.throws(() => resolveSecretsKey({ dataDir: dir, embedded: false }), /SECRETS_KEY/);
  writeFileSync(join(dir, SECRETS_KEY_FILE), 'garbage');
  t.throws(() => resolveSecretsKey({ dataDir: dir, embedded: true }), /does not hold a 32-byte key/);
});
