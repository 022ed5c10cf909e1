// OK (Odnoklassniki) request signature, as the platform documents it:
//   drop access_token / session_key (and sig itself), sort the rest by key,
//   join as key=value with no separator,
//   secret = md5(access_token + application_secret_key),
//   sig    = md5(joined + secret), lower-case hex. Values are raw (not URL-encoded), UTF-8.
import { createHash } from 'node:crypto';

const UNSIGNED = new Set(['access_token', 'session_key', 'sig']);

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export function okSignatureBase(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => !UNSIGNED.has(k))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('');
}

export function okSignature(params: Record<string, string>, accessToken: string, applicationSecretKey: string): string {
  const secret = md5(accessToken + applicationSecretKey);
  return md5(okSignatureBase(params) + secret);
}
