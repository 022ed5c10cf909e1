import t from 'tap';
import { createLogThrottle } from '../../src/lib/log-throttle.js';

t.test('the same error is logged once per interval, then with the count held back', async (t) => {
  let now = 0;
  const throttle = createLogThrottle({ intervalMs: 10_000, now: () => now });
  const logged: { text: string; repeats: number }[] = [];
  const log = (text: string) => throttle(text, (repeats) => logged.push({ text, repeats }));

  log('PGlite is closed');
  for (let i = 0; i < 40; i++) log('PGlite is closed');
  log('connect ECONNREFUSED 127.0.0.1:5432'); // another error is not held back by the first
  t.same(logged, [{ text: 'PGlite is closed', repeats: 0 }, { text: 'connect ECONNREFUSED 127.0.0.1:5432', repeats: 0 }]);

  now = 10_000;
  log('PGlite is closed');
  t.same(logged.at(-1), { text: 'PGlite is closed', repeats: 40 }, 'the next line says how many were held back');
  now = 25_000;
  log('PGlite is closed');
  t.same(logged.at(-1), { text: 'PGlite is closed', repeats: 0 });
});

t.test('messages differing only by ids and numbers are the same error', async (t) => {
  const throttle = createLogThrottle({ now: () => 0 });
  let lines = 0;
  throttle('x (Worker: 5c8df2f4-0cfb-4f8c-81ac-2249d997ad13) after 12 ms', () => lines++);
  throttle('x (Worker: e25fbfbf-41fe-4081-abda-e07e26b8a6af) after 7 ms', () => lines++);
  t.equal(lines, 1);
});

t.test('the number of remembered errors is bounded', async (t) => {
  let now = 0;
  const throttle = createLogThrottle({ maxKeys: 3, now: () => now });
  let lines = 0;
  for (const text of ['a', 'b', 'c', 'd']) throttle(text, () => lines++);
  throttle('a', () => lines++); // forgotten (oldest), so logged again
  throttle('d', () => lines++); // remembered, held back
  t.equal(lines, 5);
});
