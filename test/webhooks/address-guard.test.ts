// The SSRF guard: which addresses a webhook may reach, which URLs are refused, and that a pinned
// dispatcher connects to the checked address whatever the host name resolves to.
import t, { type Test } from 'tap';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { checkWebhookUrl, isForbiddenAddress, pinnedDispatcher, WebhookAddressError, type LookupFn } from '../../src/webhooks/address-guard.js';

const FORBIDDEN = [
  '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.255.254',
  '169.254.169.254', '169.254.0.1', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.168.1.1',
  '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1',
  '255.255.255.255',
  '::', '::1', '0:0:0:0:0:0:0:1', 'fc00::1', 'fd00:ec2::254', 'FD00:EC2::254', 'fe80::1', 'fe80::1%eth0', 'febf::1',
  'fec0::1', 'ff02::1', '2001:db8::1', '100::1', '100::1:0:0:0', '100::ffff:ffff:ffff:ffff',
  // 127.0.0.1 and 10.0.0.1 in every IPv6 form that carries an IPv4 address.
  '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::FFFF:7F00:1', '::127.0.0.1', '::7f00:1',
  '64:ff9b::127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', '2002:7f00:1:1234::5',
  '::ffff:10.0.0.1', '::ffff:a00:1', '::10.0.0.1', '::a00:1', '64:ff9b::10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::',
  '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::1',
  // Not an address: refused, since nothing says where it leads.
  'localhost', '', '1.2.3', '::ffff:1.2.3.4.5',
];

const ALLOWED = [
  '8.8.8.8', '1.1.1.1', '9.9.9.9', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '169.253.0.1',
  '192.0.1.1', '198.17.255.255', '198.20.0.1', '223.255.255.255', '11.0.0.1', '126.255.255.255', '128.0.0.1',
  '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:81b::200e', 'fbff::1', 'fe7f::1', '2001:db9::1',
  '100:0:0:1::', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '64:ff9b::101:101', '2002:808:808::1',
  '64:ff9c::7f00:1', '2003:7f00:1::',
];

t.test('forbidden addresses', async (t) => {
  for (const ip of FORBIDDEN) t.equal(isForbiddenAddress(ip), true, `${JSON.stringify(ip)} refused`);
});

t.test('allowed addresses', async (t) => {
  for (const ip of ALLOWED) t.equal(isForbiddenAddress(ip), false, `${ip} allowed`);
});

const resolvesTo =
  (table: Record<string, string[]>): LookupFn =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: net.isIP(address) }));
  };

const lookup = resolvesTo({
  'evil.example': ['127.0.0.1'],
  'mixed.example': ['93.184.215.14', '10.0.0.1'],
  'good.example': ['2606:4700:4700::1111', '1.1.1.1'],
  'mapped.example': ['::ffff:7f00:1'],
});
const strict = { allowHttp: false, allowPrivate: false, lookup };

async function refused(t: Test, url: string, opts: Parameters<typeof checkWebhookUrl>[1], code: WebhookAddressError['code']) {
  const err = await checkWebhookUrl(url, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, WebhookAddressError, `${url} refused`);
  t.equal((err as WebhookAddressError).code, code, `${url}: ${(err as Error).message}`);
  return err as WebhookAddressError;
}

t.test('a host resolving to a forbidden address is refused, naming it', async (t) => {
  const err = await refused(t, 'https://evil.example/hook', strict, 'forbidden_address');
  t.equal(err.message, 'the host resolves to 127.0.0.1, a loopback address');
  await refused(t, 'https://mixed.example/hook', strict, 'forbidden_address');
  const mapped = await refused(t, 'https://mapped.example/hook', strict, 'forbidden_address');
  t.match(mapped.message, /embeds 127\.0\.0\.1, a loopback address/);
});

t.test('allowPrivate lets a private address through', async (t) => {
  const ok = await checkWebhookUrl('https://evil.example/hook', { ...strict, allowPrivate: true });
  t.same({ address: ok.address, family: ok.family, href: ok.url.href }, { address: '127.0.0.1', family: 4, href: 'https://evil.example/hook' });
});

t.test('a public host: its first address is the one to connect to', async (t) => {
  const ok = await checkWebhookUrl('https://good.example:8443/x?y=1', strict);
  t.same({ address: ok.address, family: ok.family }, { address: '2606:4700:4700::1111', family: 6 });
  t.equal(ok.url.port, '8443');
});

t.test('schemes', async (t) => {
  await refused(t, 'http://good.example/', strict, 'scheme');
  const ok = await checkWebhookUrl('http://good.example/', { ...strict, allowHttp: true });
  t.equal(ok.url.protocol, 'http:');
  await refused(t, 'ftp://good.example/', strict, 'scheme');
  await refused(t, 'ftp://good.example/', { ...strict, allowHttp: true }, 'scheme');
  await refused(t, 'file:///etc/passwd', { ...strict, allowHttp: true }, 'scheme');
});

t.test('bad URLs, credentials, unresolvable hosts', async (t) => {
  await refused(t, 'not a url', strict, 'bad_url');
  await refused(t, 'https://user:pass@good.example/', strict, 'bad_url');
  await refused(t, 'https://user@good.example/', strict, 'bad_url');
  await refused(t, 'https://nowhere.example/', strict, 'unresolvable');
  await refused(t, 'https://empty.example/', { ...strict, lookup: async () => [] }, 'unresolvable');
});

t.test('localhost, with the real resolver', async (t) => {
  await refused(t, 'http://localhost/', { allowHttp: true, allowPrivate: false }, 'forbidden_address');
});

t.test('IP literals are checked as they are, in every spelling URL accepts', async (t) => {
  const noLookup: LookupFn = async () => t.fail('an IP literal is not looked up') as never;
  const opts = { allowHttp: true, allowPrivate: false, lookup: noLookup };
  for (const url of [
    'http://127.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://[fd00:ec2::254]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[64:ff9b::10.0.0.1]/',
  ]) {
    await refused(t, url, opts, 'forbidden_address');
  }
  const ok = await checkWebhookUrl('https://[2606:4700:4700::1111]/', opts);
  t.same({ address: ok.address, family: ok.family }, { address: '2606:4700:4700::1111', family: 6 });
});

t.test('the pinned dispatcher connects to the checked address, not to what the host resolves to', async (t) => {
  const seen: { host?: string; url?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ host: req.headers.host, url: req.url });
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;

  const dispatcher = pinnedDispatcher('127.0.0.1', 4);
  t.teardown(() => dispatcher.close());
  // pinned.invalid never resolves (RFC 6761): only the pin can reach the server.
  const res = await request(`http://pinned.invalid:${port}/x`, { dispatcher });
  t.equal(res.statusCode, 200);
  t.equal(await res.body.text(), 'reached');
  t.same(seen, [{ host: `pinned.invalid:${port}`, url: '/x' }]);
});

t.test('over TLS the pin still sends the host name as SNI', async (t) => {
  // A bare TCP server reads the ClientHello; the only place the host name appears in it is SNI.
  let hello: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));
  const server = net.createServer((socket) => {
    hello = new Promise((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk)));
    void hello.then(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;

  const dispatcher = pinnedDispatcher('127.0.0.1', 4);
  t.teardown(() => dispatcher.destroy());
  await t.rejects(request(`https://pinned.invalid:${port}/x`, { dispatcher }));
  const bytes = await hello;
  t.equal(bytes[0], 0x16, 'a TLS handshake record reached the pinned address');
  t.ok(bytes.includes('pinned.invalid'), 'SNI names the host, not the address');
});
