// Who follows a tracked link (src/responses/visitor-kind.ts) and how a visitor is told apart without
// keeping their address (src/responses/visitor-hash.ts).
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { createVisitorHasher } from '../../src/responses/visitor-hash.js';
import { visitorKind } from '../../src/responses/visitor-kind.js';

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 YaBrowser/24.10',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];
const MACHINES = [
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Facebot',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (compatible; OdklBot/1.0 like Linux; klass@odnoklassniki.ru)',
  'WhatsApp/2.23.20.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Twitterbot/1.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'some-crawler/2.0',
  'Spider-Monkey',
  'curl/8.5.0',
];

t.test('people are people; previews, bots, HEAD and no user agent are machines', async (t) => {
  for (const ua of BROWSERS) t.equal(visitorKind('GET', ua), 'person', ua.slice(0, 60));
  for (const ua of MACHINES) t.equal(visitorKind('GET', ua), 'machine', ua.slice(0, 60));
  t.equal(visitorKind('HEAD', BROWSERS[0]), 'machine', 'HEAD reads no page');
  t.equal(visitorKind('GET', undefined), 'machine', 'no user agent');
  t.equal(visitorKind('GET', '  '), 'machine', 'a blank user agent');
});

t.test('a visitor hash: the same within a day, different across days, keys and people, and never the address', async (t) => {
  const key = randomBytes(32);
  const hash = createVisitorHasher(key);
  const morning = new Date('2026-11-30T06:00:00Z');
  const evening = new Date('2026-11-30T23:59:59Z');
  const nextDay = new Date('2026-12-01T00:00:01Z');
  const a = hash('203.0.113.5', BROWSERS[0]!, morning);
  t.match(a, /^[A-Za-z0-9_-]{22}$/);
  t.equal(hash('203.0.113.5', BROWSERS[0]!, evening), a, 'same person, same UTC day');
  t.not(hash('203.0.113.5', BROWSERS[0]!, nextDay), a, 'the next day cannot be joined to this one');
  t.not(hash('203.0.113.6', BROWSERS[0]!, morning), a, 'another address');
  t.not(hash('203.0.113.5', BROWSERS[1]!, morning), a, 'another browser');
  t.not(createVisitorHasher(randomBytes(32))('203.0.113.5', BROWSERS[0]!, morning), a, 'another secrets key: nobody without it can test an address');
  t.equal(createVisitorHasher(key)('203.0.113.5', BROWSERS[0]!, morning), a, 'every process with the key agrees');
  t.notOk(a.includes('203') || Buffer.from(a, 'base64url').toString('latin1').includes('203.0.113.5'), 'the address is not in it');
});
