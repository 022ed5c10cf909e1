// How /console is served: its three files under a strict Content-Security-Policy, cached by ETag,
// nothing else under /console/assets, and a clear 503 when `npm run build` has not made it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { CONSOLE_CSP } from '../../src/console/console-routes.js';
import { builtConsole } from '../helpers/browser.js';
import { buildTestApp } from '../helpers/test-app.js';

t.test('the built console', async (t) => {
  const { app } = await buildTestApp(t, {}, { consoleDir: await builtConsole() });
  const page = await app.inject({ method: 'GET', url: '/console' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.equal(page.headers['content-security-policy'], CONSOLE_CSP);
  t.match(CONSOLE_CSP, /default-src 'none'/);
  t.notMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval|https?:/, 'no inline code, no eval, no other host');
  t.equal(page.headers['x-frame-options'], 'DENY');
  t.match(page.body, /<script type="module" src="\/console\/assets\/app.js"><\/script>/);
  t.notMatch(page.body, /<script>|style=/, 'no inline script or style in the page');
  t.notMatch(page.body, /https?:\/\//, 'the page names no other host');

  const script = await app.inject({ method: 'GET', url: '/console/assets/app.js' });
  t.equal(script.statusCode, 200);
  t.match(script.headers['content-type'], /^text\/javascript/);
  t.ok(script.body.length > 10_000, 'Preact is bundled into the script');
  t.notMatch(script.body, /\bnew Function\(|\beval\(/, 'nothing the CSP would refuse');
  const again = await app.inject({ method: 'GET', url: '/console/assets/app.js', headers: { 'if-none-match': String(script.headers.etag) } });
  t.equal(again.statusCode, 304, 'an unchanged file is not sent again');
  t.equal((await app.inject({ method: 'GET', url: '/console/assets/app.css' })).headers['content-type'], 'text/css; charset=utf-8');

  for (const url of ['/console/assets/index.html', '/console/assets/..%2fpackage.json', '/console/assets/app.js.map', '/console/assets/constructor', '/console/assets/__proto__', '/console/assets/toString']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, url);
    t.match(res.headers['content-type'], /application\/problem\+json/);
  }
});

t.test('a console not built yet answers 503 with what to do', async (t) => {
  const { app } = await buildTestApp(t, {}, { consoleDir: join(await mkdtemp(join(tmpdir(), 'vcp-empty-')), 'nothing') });
  const res = await app.inject({ method: 'GET', url: '/console' });
  t.equal(res.statusCode, 503);
  t.match(res.json(), { detail: /npm run build/ });
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the API is not affected');
});
