// The outcome table (README, "Posts and their states") row by row, against a network at its worst:
// each row points all five real adapters at a hostile wire server and checks the outcome kind, its
// reason, that the call ended within its deadline's bound, and, from the server's own log, what
// happened on the wire.
import t, { type Test } from 'tap';
import { Agent, buildConnector } from 'undici';
import { MAX_STRETCH } from '../../src/networks/deadline.js';
import { MAX_REPLY_BYTES } from '../../src/networks/http.js';
import { adapterFor, createAdapters, type Credentials, type NetworkName, type PublishOutcome } from '../../src/networks/index.js';
import { nextMidnight } from '../../src/networks/time.js';
import { htmlPage, startHostileServer, textReply, type HostileServer, type Scenario } from '../fakes/hostile-server.js';
import { assertNoSecret } from './helpers.js';

const TIMEOUT = 800;
// A call lasts at most MAX_STRETCH × its timeout (when this process is blocked, deadline.ts); the
// second on top is for a busy machine. The point is "not five minutes".
const SLACK = 1000;

const creds: Record<NetworkName, Credentials> = {
  telegram: { network: 'telegram', botToken: '123456789:AAHostileTestTokenxxxxxxxxxxxxxxxx' },
  vk: { network: 'vk', userToken: 'vk1.a.hostile-test-token-xxxxxxxx' },
  facebook: { network: 'facebook', pageId: '1001', pageToken: 'EAAHostileTestPageToken' },
  linkedin: { network: 'linkedin', accessToken: 'AQHostileTestAccessToken', authorUrn: 'urn:li:organization:42' },
  ok: { network: 'ok', applicationKey: 'CBAHOSTILE', applicationSecretKey: 'hostile-secret-key', accessToken: 'tkn1hostile-token' },
};
const address: Record<NetworkName, string> = { telegram: '-1001234567', vk: '123', facebook: '1001', linkedin: 'urn:li:organization:42', ok: '53038939046008' };
const names = Object.keys(creds) as NetworkName[];
const SECRET_FIELDS = ['botToken', 'userToken', 'pageToken', 'accessToken', 'applicationSecretKey'];
const secrets = (c: Credentials) => Object.entries(c).filter(([k]) => SECRET_FIELDS.includes(k)).map(([, v]) => String(v));

interface Result {
  network: NetworkName;
  out: PublishOutcome;
  ms: number;
}

// One publish per network against a fresh server playing `scenario`; all five at once.
async function publishAll(t: Test, scenario: Scenario, opts: { dispatcher?: Agent; timeoutMs?: number } = {}): Promise<{ results: Result[]; server: HostileServer }> {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT;
  const server = await startHostileServer(scenario);
  t.teardown(() => server.close());
  const adapters = createAdapters({
    timeoutMs,
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    telegram: { baseUrl: server.url },
    vk: { baseUrl: `${server.url}/method` },
    facebook: { baseUrl: `${server.url}/v21.0` },
    linkedin: { baseUrl: server.url },
    ok: { baseUrl: `${server.url}/fb.do` },
  });
  const results = await Promise.all(
    names.map(async (network) => {
      const started = performance.now();
      const out = await adapterFor(adapters, creds[network]).publish({
        target: { address: address[network], mode: 'api' },
        text: 'Vacancy',
        applyUrl: 'https://jobs.example/1',
      });
      return { network, out, ms: performance.now() - started };
    }),
  );
  for (const r of results) {
    t.ok(r.ms < timeoutMs * MAX_STRETCH + SLACK, `${r.network}: returned in ${Math.round(r.ms)} ms (deadline ${timeoutMs} ms)`);
    assertNoSecret(t, r.out, secrets(creds[r.network]));
  }
  return { results, server };
}

function expectAll(t: Test, results: Result[], expected: object | ((n: NetworkName) => object)) {
  for (const r of results) t.match(r.out, typeof expected === 'function' ? expected(r.network) : expected, r.network);
}

// The connections that carried a request. After an abandoned call undici may open a spare connection
// to the same server; it carries nothing (the deadline test checks exactly that) and is left out here.
const carrying = (server: HostileServer) => server.connections.filter((c) => c.requestBytes > 0);
const wireClosed = (server: HostileServer) => Promise.all(carrying(server).map((c) => c.closed));

t.test('hang: the request arrives, no reply → unknown at the deadline', async (t) => {
  const { results, server } = await publishAll(t, { kind: 'hang' });
  expectAll(t, results, { kind: 'unknown', reason: `no reply within ${TIMEOUT} ms (NETWORK_TIMEOUT_MS): the request may have taken effect` });
  for (const r of results) t.ok(r.ms >= TIMEOUT - 20, `${r.network}: waited the deadline (${Math.round(r.ms)} ms)`);
  await wireClosed(server);
  t.equal(carrying(server).length, 5, 'one request per adapter');
  t.ok(carrying(server).every((c) => c.requestComplete && c.clientHungUp), 'every request arrived whole, and the client hung up');
});

t.test('trickle: headers, then a byte every 100 ms → unknown at the deadline for the WHOLE call', async (t) => {
  // undici's per-phase timers would each restart here (headers came fast, every byte comes fast).
  const { results, server } = await publishAll(t, { kind: 'trickle', everyMs: 100, length: 1000 });
  expectAll(t, results, { kind: 'unknown', reason: new RegExp(`^no complete reply within ${TIMEOUT} ms \\(NETWORK_TIMEOUT_MS\\) \\(HTTP 200, \\d+ bytes of body read\\): the request may have taken effect$`) });
  for (const r of results) {
    const read = Number(/(\d+) bytes of body read/.exec(r.out.kind === 'unknown' ? r.out.reason : '')?.[1]);
    t.ok(read >= 1 && read < 20, `${r.network}: part of the body came (${read} bytes) before the deadline ended the call`);
  }
  await wireClosed(server);
  t.equal(carrying(server).length, 5);
  t.ok(carrying(server).every((c) => c.clientHungUp && c.replyBytesSent < 1000), 'the client hung up mid-body');
});

t.test('trickle behind a 503 status: the status already proves the call was not processed', async (t) => {
  const { results } = await publishAll(t, { kind: 'trickle', status: 503, everyMs: 100 });
  expectAll(t, results, { kind: 'retry_after', scope: 'account', seconds: 30, code: 503, reason: /^HTTP 503: the network did not process the call \(no complete reply within 800 ms/ });
});

t.test('garbage with a 200, and an empty 200 → unknown (the post may be live)', async (t) => {
  const garbage = await publishAll(t, textReply(200, '\u0000\u00ff<b>half a page'));
  expectAll(t, garbage.results, (n) => ({ kind: 'unknown', reason: n === 'linkedin' ? /^LinkedIn 200 .*half a page/ : /unreadable reply HTTP 200: .*half a page/ }));
  const empty = await publishAll(t, textReply(200, ''));
  // LinkedIn reads its answer from the status and a header, not the body: a 200 instead of 201 is still unknown.
  expectAll(t, empty.results, (n) => ({ kind: 'unknown', reason: n === 'linkedin' ? /^LinkedIn 200 no message/ : /unreadable reply HTTP 200: \(empty body\)/ }));
});

t.test('bytes that are not HTTP at all → unknown (the request had been sent)', async (t) => {
  const { results, server } = await publishAll(t, { kind: 'not_http' });
  expectAll(t, results, { kind: 'unknown', reason: /^no reliable reply, the request may have taken effect \(Response does not match the HTTP\/1.1 protocol/ });
  t.equal(carrying(server).length, 5);
  t.ok(carrying(server).every((c) => c.requestComplete));
});

for (const status of [500, 502, 504]) {
  t.test(`HTML ${status} page → unknown: the server or the gateway may have acted on it`, async (t) => {
    const { results } = await publishAll(t, htmlPage(status));
    expectAll(t, results, (n) => ({ kind: 'unknown', reason: n === 'linkedin' ? new RegExp(`LinkedIn ${status} .*nginx`) : new RegExp(`unreadable reply HTTP ${status}: <html>`) }));
  });
}

t.test('HTML 503 page → retry_after: not processed; Retry-After honoured when sent', async (t) => {
  const plain = await publishAll(t, htmlPage(503));
  expectAll(t, plain.results, { kind: 'retry_after', scope: 'account', seconds: 30, code: 503, reason: /503/ });
  const told = await publishAll(t, htmlPage(503, { 'retry-after': '120' }));
  expectAll(t, told.results, { kind: 'retry_after', scope: 'account', seconds: 120, code: 503 });
});

t.test('429 with a text body → retry_after, with or without Retry-After (seconds or an HTTP date)', async (t) => {
  const bare = await publishAll(t, textReply(429, 'rate limited, slow down'));
  const untilUtcMidnight = (nextMidnight(new Date(), 0).getTime() - Date.now()) / 1000;
  // LinkedIn's 429s are its daily limits, which reset at midnight UTC; everywhere else a minute.
  for (const r of bare.results) {
    t.match(r.out, { kind: 'retry_after', scope: 'account', code: 429, reason: /429.*rate limited, slow down/ }, r.network);
    const seconds = r.out.kind === 'retry_after' ? r.out.seconds : NaN;
    if (r.network === 'linkedin') t.ok(Math.abs(seconds - untilUtcMidnight) <= 2, `linkedin waits for UTC midnight (${seconds} s)`);
    else t.equal(seconds, 60, `${r.network}: the default wait`);
  }
  const seconds = await publishAll(t, textReply(429, 'slow down', { 'retry-after': '7' }));
  expectAll(t, seconds.results, { kind: 'retry_after', scope: 'account', seconds: 7, code: 429 });
  const date = await publishAll(t, textReply(429, 'slow down', { 'retry-after': new Date(Date.now() + 90_000).toUTCString() }));
  for (const r of date.results) {
    const s = r.out.kind === 'retry_after' ? r.out.seconds : NaN;
    t.ok(s >= 88 && s <= 91, `${r.network}: Retry-After as a date → ${s} s`);
  }
  const absurd = await publishAll(t, textReply(429, 'slow down', { 'retry-after': String(10 * 365 * 86_400) }));
  expectAll(t, absurd.results, { kind: 'retry_after', seconds: 86_400 });
});

t.test('408 → retry_after (the request never arrived whole); HTML 403 from a proxy and 413 → permanent', async (t) => {
  const timeout = await publishAll(t, textReply(408, 'request timeout'));
  expectAll(t, timeout.results, { kind: 'retry_after', seconds: 10, scope: 'account', code: 408 });
  const forbidden = await publishAll(t, htmlPage(403));
  expectAll(t, forbidden.results, { kind: 'permanent', code: 403, reason: /403/ });
  const tooLarge = await publishAll(t, htmlPage(413));
  expectAll(t, tooLarge.results, { kind: 'permanent', code: 413 });
});

t.test('connection reset mid-reply → unknown; behind a 503 status → retry_after', async (t) => {
  const ok = await publishAll(t, { kind: 'reset_mid_reply' });
  expectAll(t, ok.results, { kind: 'unknown', reason: /^connection lost mid-reply \(HTTP 200, \d+ bytes of body read\): no reliable reply, the request may have taken effect/ });
  const refused = await publishAll(t, { kind: 'reset_mid_reply', status: 503 });
  expectAll(t, refused.results, { kind: 'retry_after', code: 503, reason: /reply cut off/ });
});

t.test('request read, connection closed without a reply → unknown', async (t) => {
  const { results, server } = await publishAll(t, { kind: 'drop' });
  expectAll(t, results, { kind: 'unknown', reason: /no reliable reply, the request may have taken effect \(UND_ERR_SOCKET/ });
  t.equal(carrying(server).length, 5);
  t.ok(carrying(server).every((c) => c.requestComplete), 'the requests had arrived');
});

t.test('connection accepted then closed before any reply → unknown (the request may have been read)', async (t) => {
  const { results } = await publishAll(t, { kind: 'close_on_accept' });
  expectAll(t, results, { kind: 'unknown', reason: /no reliable reply, the request may have taken effect/ });
});

t.test('a 20 MB reply is not read: unknown, the connection is closed at the cap', async (t) => {
  const TWENTY_MB = 20 * 1024 * 1024;
  // A deadline long enough that only the cap can end these calls, even on a busy machine.
  const timeoutMs = 10_000;
  // Declared size: refused from the headers, before any of the body is read.
  const declared = await publishAll(t, { kind: 'huge', bytes: TWENTY_MB }, { timeoutMs });
  expectAll(t, declared.results, { kind: 'unknown', reason: `reply over the ${MAX_REPLY_BYTES}-byte cap (HTTP 200): connection closed after 0 bytes of body: the request may have taken effect` });
  await wireClosed(declared.server);
  t.equal(carrying(declared.server).length, 5);
  for (const c of carrying(declared.server)) t.ok(c.clientHungUp && c.replyBytesSent < TWENTY_MB / 2, `client hung up after ${c.replyBytesSent} bytes were sent`);

  // Chunked: the size shows only while reading; reading stops at the cap.
  const chunked = await publishAll(t, { kind: 'huge', bytes: TWENTY_MB, chunked: true }, { timeoutMs });
  for (const r of chunked.results) {
    t.match(r.out, { kind: 'unknown', reason: /^reply over the 1048576-byte cap \(HTTP 200\): connection closed after \d+ bytes of body/ }, r.network);
    const read = Number(/after (\d+) bytes/.exec(r.out.kind === 'unknown' ? r.out.reason : '')?.[1]);
    t.ok(read > MAX_REPLY_BYTES && read <= MAX_REPLY_BYTES + 128 * 1024, `${r.network}: read ${read} bytes, one chunk past the cap at most`);
  }
  await wireClosed(chunked.server);
  t.equal(carrying(chunked.server).length, 5);
  for (const c of carrying(chunked.server)) t.ok(c.clientHungUp && c.replyBytesSent < TWENTY_MB / 2, `client hung up after ${c.replyBytesSent} bytes were sent`);
});

t.test('the deadline passing before a connection exists → retry_after, and the late connection carries nothing', async (t) => {
  // A connector that takes longer than the deadline, then connects for real.
  const connect = buildConnector({});
  const slow = new Agent({ connect: (opts, cb) => void setTimeout(() => connect(opts, cb), TIMEOUT + 200) });
  t.teardown(() => slow.close());
  const { results, server } = await publishAll(t, textReply(200, '{"ok":true,"result":{"message_id":1}}'), { dispatcher: slow });
  expectAll(t, results, { kind: 'retry_after', scope: 'account', seconds: 30, reason: `no connection within ${TIMEOUT} ms (NETWORK_TIMEOUT_MS): the request was not sent` });
  await new Promise((r) => setTimeout(r, 600));
  t.ok(server.connections.length > 0, `the connections came after the deadline (${server.connections.length})`);
  t.same(server.connections.map((c) => c.requestBytes), server.connections.map(() => 0), 'and not one byte of a request went over them');
});

t.test("a network's clean 'failed midway' error behind a 503 → retry_after; behind a 500 → unknown as before", async (t) => {
  const clean: Partial<Record<NetworkName, string>> = {
    vk: JSON.stringify({ error: { error_code: 10, error_msg: 'Internal server error' } }),
    facebook: JSON.stringify({ error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } }),
    ok: JSON.stringify({ error_code: 2, error_msg: 'SERVICE : Service temporary unavailable' }),
  };
  for (const [network, body] of Object.entries(clean) as Array<[NetworkName, string]>) {
    const a503 = await publishAll(t, { kind: 'reply', status: 503, body, headers: { 'content-type': 'application/json' } });
    t.match(a503.results.find((r) => r.network === network)!.out, { kind: 'retry_after', scope: 'account' }, `${network} behind 503`);
    const a500 = await publishAll(t, { kind: 'reply', status: 500, body, headers: { 'content-type': 'application/json' } });
    // VK's own rule (unchanged): a clean VK error behind any 5xx is a refusal.
    t.match(a500.results.find((r) => r.network === network)!.out, { kind: network === 'vk' ? 'retry_after' : 'unknown' }, `${network} behind 500`);
  }
});

t.test('account checks read the same table; a proxy page neither confirms nor refutes the credentials', async (t) => {
  const server = await startHostileServer(htmlPage(403));
  const busy = await startHostileServer(textReply(429, 'slow down', { 'retry-after': '5' }));
  t.teardown(() => Promise.all([server.close(), busy.close()]));
  const at = (url: string) =>
    createAdapters({
      timeoutMs: TIMEOUT,
      telegram: { baseUrl: url },
      vk: { baseUrl: `${url}/method` },
      facebook: { baseUrl: `${url}/v21.0` },
      linkedin: { baseUrl: url },
      ok: { baseUrl: `${url}/fb.do` },
    });
  for (const network of names) {
    // 'unknown' leaves the account's status as it was; 'permanent' would mark it needs_reauth.
    t.match(await adapterFor(at(server.url), creds[network]).checkCredentials(), { ok: false, kind: 'unknown', code: 403, reason: /403/ }, `${network}: HTML 403`);
    t.match(await adapterFor(at(busy.url), creds[network]).checkCredentials(), { ok: false, kind: 'retry_after', seconds: 5, code: 429 }, `${network}: 429`);
  }
});
