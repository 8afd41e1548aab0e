import { existsSync } from 'node:fs';

// Flags for a headless Chromium as root on a machine with a closed network:
// without the background-networking ones it keeps trying to reach Google.
const COMMON_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
// The packaged build's defaults are made for one-shot scraping: two would hide
// the same-origin and mixed-content rules the tests rely on, and in a single
// process closing one test's browser context takes the whole browser down.
const UNSAFE_PACKAGED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * A Chromium without installing anything by hand: CHROMIUM_PATH, else a system
 * one, else the build inside the @sparticuz/chromium devDependency (unpacked
 * into the temporary folder on first use; the global set-up does that once, so
 * parallel test files never unpack it at the same time).
 */
export async function findChromium(): Promise<ChromiumLaunch> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv, args: COMMON_ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: COMMON_ARGS, source: 'system' };
  const packaged = (await import('@sparticuz/chromium')).default;
  const executablePath = await packaged.executablePath();
  const own = packaged.args.filter((a) => !UNSAFE_PACKAGED_ARGS.has(a));
  const hasHeadless = own.some((a) => a.startsWith('--headless'));
  const extra = COMMON_ARGS.filter((a) => !own.includes(a) && !(hasHeadless && a === '--headless'));
  return { executablePath, args: [...own, ...extra], source: '@sparticuz/chromium' };
}
