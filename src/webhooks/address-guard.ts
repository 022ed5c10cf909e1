// The SSRF guard of webhook deliveries: a subscriber's URL must not make this service call itself,
// its neighbours on the private network or the cloud metadata service. checkWebhookUrl refuses such
// a URL and names the address it found; pinnedDispatcher then connects to that very address, so a
// name that resolves elsewhere a second later (DNS rebinding) changes nothing.
//
// Callers must not follow redirects with the pinned dispatcher (undici's request does not by default):
// a Location is a new URL, to be checked again.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';

type Family = 4 | 6;
type Kind = readonly [label: string, ranges: readonly string[]];

// Ordered: the first matching kind names the address (the broadcast address before 240/4).
const V4_KINDS: readonly Kind[] = [
  // On Linux a connection to 0.0.0.0 reaches the local host.
  ['a "this network" address (it reaches this host)', ['0.0.0.0/8']],
  ['a loopback address', ['127.0.0.0/8']],
  ['a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['a link-local address (where cloud metadata services answer)', ['169.254.0.0/16']],
  ['a carrier-grade NAT address', ['100.64.0.0/10']],
  ['an IETF protocol address', ['192.0.0.0/24']],
  ['a documentation address', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']],
  ['a benchmarking address', ['198.18.0.0/15']],
  ['a multicast address', ['224.0.0.0/4']],
  ['the broadcast address', ['255.255.255.255/32']],
  ['a reserved address', ['240.0.0.0/4']],
];

// The forms that embed an IPv4 address (::ffff:0:0/96, ::/96, 64:ff9b::/96, 2002::/16) are not
// here: they are judged by the IPv4 address they carry (embeddedV4).
const V6_KINDS: readonly Kind[] = [
  ['the unspecified address (it reaches this host)', ['::/128']],
  ['a loopback address', ['::1/128']],
  ['a unique local (private) address', ['fc00::/7']],
  ['a link-local address', ['fe80::/10']],
  ['a site-local address', ['fec0::/10']],
  ['a multicast address', ['ff00::/8']],
  ['a documentation address', ['2001:db8::/32']],
  ['a discard-only address', ['100::/64']],
];

// One BlockList per kind and family. The families are never mixed in one list: in a list holding
// an IPv6 rule that covers ::ffff:0:0/96, check(v4, 'ipv4') matches every IPv4 address.
function compile(kinds: readonly Kind[], type: 'ipv4' | 'ipv6'): [string, BlockList][] {
  return kinds.map(([label, ranges]) => {
    const list = new BlockList();
    for (const range of ranges) {
      const [net, prefix] = range.split('/');
      list.addSubnet(net!, Number(prefix), type);
    }
    return [label, list];
  });
}
const V4 = compile(V4_KINDS, 'ipv4');
const V6 = compile(V6_KINDS, 'ipv6');

const kindOf = (lists: [string, BlockList][], ip: string, type: 'ipv4' | 'ipv6') => lists.find(([, list]) => list.check(ip, type))?.[0];

// The eight 16-bit groups of a valid IPv6 address (zone already removed), a dotted tail included.
function groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

// The IPv4 address an IPv6 one stands for, when it is mapped, compatible, NAT64 or 6to4. BlockList
// matches only the mapped form (::ffff:a.b.c.d) against IPv4 rules, so all four are done here.
function embeddedV4(ip: string): string | undefined {
  const g = groups(ip);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return dotted(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zero(0, 6)) return dotted(g[6]!, g[7]!); // ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return dotted(g[6]!, g[7]!); // 64:ff9b::a.b.c.d
  if (g[0] === 0x2002) return dotted(g[1]!, g[2]!); // 2002:AABB:CCDD::/48
  return undefined;
}

// Why the address must not be reached ("a loopback address", "…, which embeds 10.0.0.1, a private
// address"), or undefined when it may be.
function forbiddenKind(ip: string): string | undefined {
  // A zone (fe80::1%eth0) makes BlockList answer false; it does not change where the address is.
  const bare = ip.split('%')[0]!;
  const family = isIP(bare);
  if (family === 4) return kindOf(V4, bare, 'ipv4');
  // Not an address at all: nothing tells where it leads, so it is refused.
  if (family !== 6) return 'not an IP address';
  const own = kindOf(V6, bare, 'ipv6');
  if (own) return own;
  const v4 = embeddedV4(bare);
  const kind = v4 === undefined ? undefined : kindOf(V4, v4, 'ipv4');
  return kind && `which embeds ${v4}, ${kind}`;
}

export function isForbiddenAddress(ip: string): boolean {
  return forbiddenKind(ip) !== undefined;
}

export type WebhookAddressErrorCode = 'scheme' | 'forbidden_address' | 'unresolvable' | 'bad_url';

/** A webhook URL refused; the message is meant for the person who entered it. */
export class WebhookAddressError extends Error {
  override readonly name = 'WebhookAddressError';
  constructor(
    readonly code: WebhookAddressErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type LookupFn = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

export interface CheckOptions {
  allowHttp: boolean;
  // For development and tests against local receivers; never in production.
  allowPrivate: boolean;
  lookup?: LookupFn;
}

export interface CheckedUrl {
  url: URL;
  // The address to connect to (give it to pinnedDispatcher).
  address: string;
  family: Family;
}

export async function checkWebhookUrl(raw: string, opts: CheckOptions): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressError('bad_url', 'this is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && opts.allowHttp)) {
    const allowed = opts.allowHttp ? 'https or http' : 'https';
    throw new WebhookAddressError('scheme', `the URL must use ${allowed}, not ${url.protocol.replace(/:$/, '')}`);
  }
  // They would be sent with every delivery and shown wherever the URL is.
  if (url.username || url.password) {
    throw new WebhookAddressError('bad_url', 'the URL must not contain a user name or password');
  }
  // WHATWG URL has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await resolve(host, opts.lookup ?? dnsLookup);

  if (!opts.allowPrivate) {
    for (const { address } of addresses) {
      const kind = forbiddenKind(address);
      if (kind === undefined) continue;
      const where = literal ? `the host is ${address}` : `the host resolves to ${address}`;
      throw new WebhookAddressError('forbidden_address', `${where}, ${kind}`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}

async function resolve(host: string, lookup: LookupFn): Promise<{ address: string; family: number }[]> {
  let found: { address: string; family: number }[];
  try {
    found = await lookup(host, { all: true });
  } catch {
    found = [];
  }
  if (found.length === 0) throw new WebhookAddressError('unresolvable', `the host ${host} does not resolve to any address`);
  return found;
}

/**
 * A dispatcher whose connections all go to `address`, whatever the URL's host resolves to by then.
 * The host still names the request: the Host header, TLS SNI and certificate check use it.
 *
 * Meant for one delivery: close() it once the reply is read. A kept-alive connection would be of
 * no use to the next delivery (checked again, with a new dispatcher), so idle sockets close after a
 * second even when a caller forgets.
 */
export function pinnedDispatcher(address: string, family: Family): Dispatcher {
  // net.connect calls this instead of dns.lookup when the host is a name (never for an IP literal,
  // which is then the checked address itself). With autoSelectFamily (on by default since Node 20)
  // it asks for all addresses.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return new Agent({ connect: { lookup }, keepAliveTimeout: 1000, keepAliveMaxTimeout: 1000 });
}
