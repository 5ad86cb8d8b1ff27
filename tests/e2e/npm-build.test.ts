// @vitest-environment node
/**
 * The npm build as a single-page app ships it: bundled by the app's bundler, which emits the
 * sending worker from `new Worker(new URL('./worker.mjs', import.meta.url))` (Vite, webpack and
 * Parcel do; here rollup bundles the app and the worker file is put beside it, as they would).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import type { Page } from 'playwright-core';
import { rollup } from 'rollup';
import { beforeAll, describe, expect, test } from 'vitest';
import { watchPage, type PageLog, type TestBrowser } from '../helpers/browser';
import type { TestServer } from '../helpers/server';
import { COUNT_PUTS, collectFetches, pagePuts } from '../helpers/pages';
import { useBrowserSuite } from '../helpers/suite';
import { waitFor } from '../helpers/wait';

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s));

const QUIET = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };
const APP = `
import { createJourney } from ${JSON.stringify(join(process.cwd(), 'dist/index.mjs'))};
window.journey = createJourney({ endpoint: '/collect', site: 'spa', capture: ${JSON.stringify(QUIET)} });`;

// the app as its bundler writes it: file name to code
let app: Map<string, string>;
beforeAll(async () => {
  const bundle = await rollup({
    input: 'app',
    plugins: [{ name: 'app', resolveId: (id) => (id === 'app' ? id : null), load: (id) => (id === 'app' ? APP : null) }, nodeResolve({ browser: true })],
  });
  const { output } = await bundle.generate({ format: 'es', entryFileNames: 'app.js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  app = new Map(output.map((o) => [o.fileName, o.type === 'chunk' ? o.code : String(o.source)]));
});

/** Opens the app; `worker`: whether its bundler emitted the worker beside it. */
async function openApp(path: string, worker: boolean): Promise<{ page: Page; log: PageLog }> {
  for (const [name, code] of app) server.route(`/app/${name}`, code, { 'content-type': 'text/javascript' });
  if (worker) server.route('/app/worker.mjs', readFileSync(join(process.cwd(), 'dist/chunks/worker.mjs'), 'utf8'), { 'content-type': 'text/javascript' });
  server.page(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>
<script>${COUNT_PUTS}</script>
<script type="module" src="/app/app.js"></script></head><body><h1>App</h1></body></html>`,
  );
  const page = await browser.newPage();
  const log = watchPage(page);
  await page.goto(server.url + path);
  await waitFor(() => page.evaluate(() => 'journey' in window), 5_000, 'the app to start');
  return { page, log };
}

type AppWindow = Window & { journey: { track(name: string, props?: object): void } };

describe('npm build', () => {
  test('bundled into an app, it stores and sends from the worker its bundler emitted, each event once', async () => {
    const { page, log } = await openApp('/spa', true);
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    const names = Array.from({ length: 300 }, (_, i) => `spa-${i}`);
    await page.evaluate((names) => names.forEach((name) => (window as unknown as AppWindow).journey.track(name, { pad: 'x'.repeat(200) })), names);
    await server.waitForEvents(names, 10_000);
    expect(server.events().filter((e) => e.name.startsWith('spa-'))).toHaveLength(300);
    expect(await collectFetches(page.workers()[0]!)).toBeGreaterThanOrEqual(1);
    expect(await pagePuts(page)).toBe(0);
    expect(log.errors).toEqual([]);
  });

  test('where the bundler did not emit the worker, the page stores and sends itself, at once', async () => {
    const { page, log } = await openApp('/spa-without-worker', false);
    const started = Date.now();
    await page.evaluate(() => (window as unknown as AppWindow).journey.track('sent-by-page'));
    await server.waitForEvents(['sent-by-page'], 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.eventsNamed('sent-by-page')).toHaveLength(1);
    expect(await pagePuts(page)).toBeGreaterThan(0);
    expect(page.workers()).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
