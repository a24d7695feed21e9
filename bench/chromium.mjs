// The Debian Chromium every browser benchmark runs in, started one way (as tests/e2e/helpers.mjs
// does for the tests): headless, no sandbox, no GPU, nothing fetched in the background.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');

/** A persistent context in `profile` (a folder); `options` add to Playwright's (viewport, downloads). */
export function launchChromium(profile, options = {}) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, ...options,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
