// A real browser for the console's tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser), and the console built the way `npm run build` builds it.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Test } from 'tap';
// @ts-expect-error: a plain ES module script without types
import { buildConsole } from '../../scripts/build-console.mjs';

export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses; as root it needs --no-sandbox.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** Where the test run writes its screenshots (test-output/ is not committed). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'console');

/**
 * Why the browser tests cannot run here, or null when they can. In CI (.ci/run installs Chromium)
 * a missing browser is a failure, not a skip.
 */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return null;
  return `no ${CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the console's browser tests`;
}

export async function builtConsole(): Promise<string> {
  return (await buildConsole(await mkdtemp(join(tmpdir(), 'vcp-console-')))) as string;
}

export async function launchBrowser(t: Test): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  return browser;
}

export const PHONE = { width: 360, height: 740 };
export const LAPTOP = { width: 1280, height: 800 };
