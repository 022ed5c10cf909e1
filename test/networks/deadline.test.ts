// The call deadline counts the network's slowness, not this process being blocked, and still has a
// hard bound (MAX_STRETCH × the timeout) whatever happens.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { MAX_STRETCH, startDeadline } from '../../src/networks/deadline.js';
import { exchange } from '../../src/networks/http.js';

// Holds the thread like a long synchronous query would.
function block(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('an idle process: the deadline fires at the timeout', async (t) => {
  const started = performance.now();
  const d = startDeadline(300);
  await d.expired;
  const ms = performance.now() - started;
  t.ok(ms >= 300 && ms < 300 + 1000, `fired after ${Math.round(ms)} ms`);
  t.ok(d.signal.aborted);
});

t.test('a blocked stretch is not charged to the network in full', async (t) => {
  const started = performance.now();
  const d = startDeadline(400);
  await sleep(50);
  // Past the timeout by the wall clock: a plain timer would fire the moment the block ends.
  block(400);
  const unblocked = performance.now() - started;
  await d.expired;
  const ms = performance.now() - started;
  t.ok(ms - unblocked >= 150, `fired ${Math.round(ms - unblocked)} ms after the block ended (${Math.round(ms)} ms in all): the block counted as far less than 400 ms`);
  t.ok(ms <= 400 * MAX_STRETCH + 1000, 'and within the hard bound');
});

t.test('a process blocked again and again still gets its answer by MAX_STRETCH × the timeout', async (t) => {
  // 200 ms blocks, each charged as two 25 ms ticks: uncapped, 300 ms would take six blocks (1200 ms).
  const started = performance.now();
  const d = startDeadline(300);
  let fired = false;
  void d.expired.then(() => (fired = true));
  while (!fired && performance.now() - started < 5000) {
    block(200);
    await new Promise((r) => setImmediate(r));
  }
  const ms = performance.now() - started;
  t.ok(fired, 'fired');
  t.ok(ms >= 300 * MAX_STRETCH && ms < 1100, `fired after ${Math.round(ms)} ms: at the ${300 * MAX_STRETCH} ms bound, at the end of the block running then`);
});

t.test('cancel: nothing fires', async (t) => {
  const d = startDeadline(50);
  d.cancel();
  await sleep(200);
  t.notOk(d.signal.aborted);
});

t.test('a reply that arrived while this process was blocked is read, not taken for a timeout', async (t) => {
  // The server runs on its own thread, so it answers while this one is blocked.
  const worker = new Worker(
    `const http = require('node:http');
     const { parentPort } = require('node:worker_threads');
     const server = http.createServer((req, res) => {
       req.resume();
       req.on('end', () => setTimeout(() => res.end('{"ok":true}'), 50));
     });
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true },
  );
  t.teardown(() => worker.terminate());
  const port = await new Promise<number>((r) => worker.once('message', r));
  const call = exchange({ baseUrl: '', timeoutMs: 300 }, { method: 'POST', url: `http://127.0.0.1:${port}/x`, body: 'x' });
  await sleep(30);
  block(900);
  const out = await call;
  t.match(out, { ok: true, res: { status: 200, json: { ok: true } } });
});
