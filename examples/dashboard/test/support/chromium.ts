/** Launches Debian's Chromium headless through puppeteer-core, with a fresh profile and download directory. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where CI installs Chromium (`apt-get install -y chromium`); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in a container without a GPU, and keep the browser off the network. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running headless Chromium. */
export interface TestBrowser {
  readonly browser: Browser;
  /** Where the browser saves downloads. */
  readonly downloadDir: string;
  /** Closes the browser and removes its profile and downloads. */
  close(): Promise<void>;
}

/** Launches Chromium; throws, saying how to install it, when it is missing. */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` ` +
        '(.ci/run does) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  const profileDir = await mkdtemp(path.join(tmpdir(), 'dashboard-chromium-'));
  const downloadDir = path.join(profileDir, 'downloads');
  const browser = await puppeteer
    .launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      userDataDir: path.join(profileDir, 'profile'),
      args: FLAGS,
      downloadBehavior: { policy: 'allow', downloadPath: downloadDir },
      timeout: 30_000,
    })
    .catch(async (error: unknown) => {
      await rm(profileDir, { recursive: true, force: true });
      throw error;
    });
  return {
    browser,
    downloadDir,
    close: async () => {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
