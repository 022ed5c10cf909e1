// Runs the five fakes in their own process and prints their base URLs as one JSON line:
//   npx tsx test/fakes/run-fakes.ts [--no-limits] [--host 127.0.0.1] [--port 4100]
// With --port P the fakes listen on P…P+4 (Telegram, VK, Facebook, LinkedIn, OK) and the line printed
// is the matching environment for the service, ready to paste.
// Default credentials (see each fake): Telegram TELEGRAM_FAKE_TOKEN, VK VK_FAKE_TOKEN,
// Facebook FACEBOOK_FAKE_PAGE_ID + FACEBOOK_FAKE_TOKEN, LinkedIn LINKEDIN_FAKE_TOKEN,
// OK OK_FAKE_APP_KEY + OK_FAKE_APP_SECRET + OK_FAKE_TOKEN. Stops on SIGINT/SIGTERM.
import { startAllFakes } from './index.js';

// tap treats every file under test/ as a test; started by it, this file must not serve forever.
if (process.env.TAP === '1') process.exit(0);

const args = process.argv.slice(2);
const hostAt = args.indexOf('--host');
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : undefined;
const fakes = await startAllFakes({
  ...(args.includes('--no-limits') ? { limits: false as const } : {}),
  ...(hostAt >= 0 && args[hostAt + 1] ? { host: args[hostAt + 1] } : {}),
  ...(port
    ? { telegram: { port }, vk: { port: port + 1 }, facebook: { port: port + 2 }, linkedin: { port: port + 3 }, ok: { port: port + 4 } }
    : {}),
});
if (port) {
  const u = fakes.urls;
  process.stdout.write(
    `export TELEGRAM_API_URL=${u.telegram} VK_API_URL=${u.vk} FACEBOOK_API_URL=${u.facebook} LINKEDIN_API_URL=${u.linkedin} OK_API_URL=${u.ok}\n`,
  );
} else process.stdout.write(`${JSON.stringify(fakes.urls)}\n`);

const stop = () => void fakes.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
