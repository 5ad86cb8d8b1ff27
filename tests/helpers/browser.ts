import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type ConsoleMessage, type Page } from 'playwright-core';
import { withTimeout } from './wait';

/** Debian's Chromium; CHROMIUM_PATH overrides it on other machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Quiet on a closed network: without the background-networking flags Chromium keeps calling Google.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  /** A persistent context: its pages share IndexedDB, Web Locks and BroadcastChannel, like tabs of one profile. */
  context: BrowserContext;
  /** Opens a page (a tab); it is closed by `closePages`. */
  newPage(): Promise<Page>;
  /** Closes every page opened so far (afterEach). */
  closePages(): Promise<void>;
  /** Closes the browser and deletes its user-data dir (afterAll). */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium on a fresh user-data dir. Throws, never skips, when the browser is
 * missing: CI must fail rather than pass without having run a real browser. Playwright turns the
 * back/forward cache off; `bfcache` leaves it on, as it is for visitors.
 */
export async function launchBrowser({ bfcache = false } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The real-browser tests need it: install Debian's "chromium" package ` +
        `(apt-get install chromium) or set CHROMIUM_PATH. Do not run "npx playwright install".`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'waymark-e2e-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      ...(bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const pages = new Set<Page>();
  const closePages = async () => {
    const open = [...pages];
    pages.clear();
    // a crashed page may never answer close(): do not let it hold the suite
    await Promise.all(open.map((p) => withTimeout(p.close(), 5_000, 'page.close()').catch(() => {})));
  };
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      pages.add(page);
      return page;
    },
    closePages,
    async close() {
      await closePages();
      await withTimeout(context.close(), 10_000, 'context.close()').catch(() => {});
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export interface PageLog {
  /** Uncaught errors and unhandled rejections thrown into the page. */
  errors: Error[];
  /** Every console message, as `type: text`. */
  console: ConsoleMessage[];
  /** Console warnings whose text starts with `[waymark]`. */
  waymarkWarnings(): string[];
}

/** Records what a page throws and prints, from now on. */
export function watchPage(page: Page): PageLog {
  const log: PageLog = {
    errors: [],
    console: [],
    waymarkWarnings: () => log.console.filter((m) => m.type() === 'warning' && m.text().startsWith('[waymark]')).map((m) => m.text()),
  };
  page.on('pageerror', (error) => log.errors.push(error));
  page.on('console', (message) => log.console.push(message));
  return log;
}

/**
 * Crashes the page's renderer, as a tab crash would: no pagehide, no visibilitychange, so only what
 * is already in IndexedDB survives. `Page.crash` never answers, so it is raced with a timeout.
 */
export async function crash(context: BrowserContext, page: Page): Promise<void> {
  const cdp: CDPSession = await context.newCDPSession(page);
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  cdp.send('Page.crash').catch(() => {});
  await withTimeout(crashed, 5_000, 'the page to crash');
}
