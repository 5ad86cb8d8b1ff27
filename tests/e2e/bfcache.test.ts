// @vitest-environment node
/**
 * The back/forward cache, on as it is for visitors (Playwright turns it off): a page with waymark
 * must be able to enter it (SPEC.md: no `unload` handler, a Web Lock held only while a flush runs),
 * and go on tracking and sending once it is back, each event once.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { watchPage, type TestBrowser } from '../helpers/browser';
import { sdkPage, sdkReady, type WaymarkWindow } from '../helpers/pages';
import type { TestServer } from '../helpers/server';
import { useBrowserSuite } from '../helpers/suite';
import { waitFor } from '../helpers/wait';

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s), { bfcache: true });

const QUIET = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };

const track = (page: Page, name: string) => page.evaluate((name) => (window as unknown as WaymarkWindow).waymark.track(name), name);

/** Records each `pageshow` (persisted: restored from the back/forward cache) for the test to read. */
const SHOWS = "window.shows = []; addEventListener('pageshow', (e) => shows.push(e.persisted));";

describe('back/forward cache', () => {
  test('a page with waymark and its worker enters it, and back from it tracks and sends on, each event once', async () => {
    server.page('/away', '<!doctype html><title>Away</title><h1>Away</h1>');
    server.page('/with-sdk', sdkPage({ site: 'bfcache', config: { capture: QUIET, flushInterval: 200 }, before: SHOWS }));
    const page = await browser.newPage();
    const log = watchPage(page);
    // why Chromium did not keep the page, if it did not: the failure says it
    const cdp = await page.context().newCDPSession(page);
    const refused: string[] = [];
    cdp.on('Page.backForwardCacheNotUsed', (e) => refused.push(...e.notRestoredExplanations.map((x) => x.reason)));
    await cdp.send('Page.enable');

    await page.goto(`${server.url}/with-sdk`);
    await sdkReady(page);
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    const before = Array.from({ length: 300 }, (_, i) => `before-${i}`);
    await page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name)), before);
    await server.waitForEvents(before, 10_000);

    // left and back: restored from the cache, not loaded again
    await track(page, 'leaving');
    await page.goto(`${server.url}/away`);
    await page.goBack({ waitUntil: 'commit' });
    await waitFor(async () => (await page.evaluate(() => (window as unknown as { shows: boolean[] }).shows)).length === 2, 5_000, 'pageshow', () => `not kept: ${refused.join(', ')}`);
    expect(await page.evaluate(() => (window as unknown as { shows: boolean[] }).shows), `not kept: ${refused.join(', ')}`).toEqual([false, true]);

    await track(page, 'back');
    await server.waitForEvents(['leaving', 'back'], 10_000);
    expect(server.events().filter((e) => e.type === 'custom').map((e) => e.name)).toEqual([...before, 'leaving', 'back']);
    expect(server.collector.duplicates()).toBe(0);
    expect(log.errors).toEqual([]);
  });
});
