import t from 'tap';
import { ConfigError, parseEnv } from '../../src/config/env.js';

t.test('defaults', async (t) => {
  const env = parseEnv({});
  t.match(env, { PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info', TELEGRAM_API_URL: 'https://api.telegram.org' });
  t.equal(env.DATABASE_URL, undefined);
  t.ok(Object.isFrozen(env));
});

t.test('a bad value names its variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT:/],
    [{ PORT: '70000' }, /PORT:/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL:/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL:/],
    [{ SECRETS_KEY: 'short' }, /SECRETS_KEY:/],
    [{ PUBLIC_BASE_URL: 'not a url' }, /PUBLIC_BASE_URL:/],
    [{ BOOTSTRAP_API_KEY: 'tiny' }, /BOOTSTRAP_API_KEY:/],
    [{ TELEGRAM_API_URL: 'ftp://x' }, /TELEGRAM_API_URL:/],
    [{ DATABASE_URL: 'postgres://h/db' }, /SECRETS_KEY: required with DATABASE_URL/],
  ];
  for (const [env, message] of cases) t.throws(() => parseEnv(env), { constructor: ConfigError, message }, JSON.stringify(env));
});

t.test('empty strings mean unset; a hex or base64 key is accepted', async (t) => {
  t.equal(parseEnv({ DATABASE_URL: '', BOOTSTRAP_API_KEY: ' ' }).DATABASE_URL, undefined);
  t.ok(parseEnv({ DATABASE_URL: 'postgres://h/db', SECRETS_KEY: 'ab'.repeat(32) }).SECRETS_KEY);
  t.ok(parseEnv({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).SECRETS_KEY);
});

t.test('METRICS_TOKEN and METRICS_PORT', async (t) => {
  t.equal(parseEnv({}).METRICS_TOKEN, undefined);
  t.equal(parseEnv({}).METRICS_PORT, undefined);
  t.equal(parseEnv({ METRICS_TOKEN: ' ', METRICS_PORT: '' }).METRICS_PORT, undefined, 'empty means unset');
  t.equal(parseEnv({ METRICS_TOKEN: 'a-long-enough-token_0123' }).METRICS_TOKEN, 'a-long-enough-token_0123');
  t.equal(parseEnv({ METRICS_PORT: '9464' }).METRICS_PORT, 9464);
  t.equal(parseEnv({ ROLE: 'worker', METRICS_PORT: '3000' }).METRICS_PORT, 3000, 'a worker does not listen on PORT');
  const cases: [Record<string, string>, RegExp][] = [
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be 16–200 characters/],
    [{ METRICS_TOKEN: 'has spaces in it, sixteen+' }, /METRICS_TOKEN:/],
    [{ METRICS_PORT: 'nine' }, /METRICS_PORT:/],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT:/],
    [{ METRICS_PORT: '3000' }, /METRICS_PORT: must differ from PORT \(3000\)/],
    [{ ROLE: 'api', PORT: '8080', METRICS_PORT: '8080' }, /METRICS_PORT: must differ from PORT/],
  ];
  for (const [env, message] of cases) t.throws(() => parseEnv(env), { constructor: ConfigError, message }, JSON.stringify(env));
});

t.test('TRUST_PROXY: true, or the proxies’ addresses', async (t) => {
  t.equal(parseEnv({}).TRUST_PROXY, undefined);
  t.equal(parseEnv({ TRUST_PROXY: '' }).TRUST_PROXY, undefined, 'empty means unset');
  t.equal(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY, true);
  t.same(parseEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).TRUST_PROXY, ['127.0.0.1', '10.0.0.0/8', '::1']);
  for (const bad of ['yes', '2', 'proxy.example.com', '127.0.0.1;rm']) {
    t.throws(() => parseEnv({ TRUST_PROXY: bad }), { constructor: ConfigError, message: /TRUST_PROXY:/ }, bad);
  }
});
