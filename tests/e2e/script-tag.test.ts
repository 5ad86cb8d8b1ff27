// @vitest-environment node
/**
 * The script-tag build as a site owner uses it: privacy of what leaves the page, the pre-load
 * snippet, hostile arguments, a bad config and a strict CSP (SPEC.md, Script tag, Privacy).
 * Autocapture stays on here: everything the page sends is checked, not only what a test tracks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { WaymarkEvent } from '../../src/core/types';
import { watchPage, type PageLog, type TestBrowser } from '../helpers/browser';
import { COUNT_PUTS, SNIPPET, collectFetches, pagePuts, sdkPage, sdkReady, sharedFetches, type SdkPageOptions, type WaymarkWindow } from '../helpers/pages';
import { startServer, type TestServer } from '../helpers/server';
import { useBrowserSuite } from '../helpers/suite';
import { sleep, waitFor } from '../helpers/wait';

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s));

async function open(path: string, html: string, headers?: Record<string, string>, referer?: string): Promise<{ page: Page; log: PageLog }> {
  server.page(path.split('?')[0]!, html, headers);
  const page = await browser.newPage();
  const log = watchPage(page);
  await page.goto(server.url + path, referer ? { referer } : undefined);
  return { page, log };
}

const openSdk = async (path: string, options: SdkPageOptions, referer?: string) => {
  const opened = await open(path, sdkPage(options), undefined, referer);
  await sdkReady(opened.page);
  return opened;
};

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Serves `module` as the worker's part in place of the built one, which it may import as ./remote-real.js. */
function replaceRemote(module: string): void {
  server.route('/dist/remote-real.js', readFileSync(join(process.cwd(), 'dist/waymark.remote.js'), 'utf8'), { 'content-type': 'text/javascript' });
  server.route('/dist/waymark.remote.js', module, { 'content-type': 'text/javascript' });
}

/** For the tests about track() itself: no page view, no Web Vitals, only what the test tracks. */
const QUIET = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };

describe('script tag', () => {
  test('nothing private leaves the page: query strings keep only campaign parameters, e-mails are redacted', async () => {
    const query = '?email=a@b.com&token=secret&utm_source=x';
    const referer = `${server.url}/from?email=c@d.com&token=secret2&utm_medium=y`;
    const { page, log } = await openSdk(
      `/private${query}`,
      {
        site: 'privacy',
        title: 'Account of a@b.com',
        config: { flushInterval: 200 },
        body: `<form id="signup" onsubmit="event.preventDefault()">
                 <input name="email" type="email"><input name="password" type="password">
                 <button type="submit">Sign up</button>
               </form>`,
      },
      referer,
    );
    // the form is typed into and submitted: its values must never be read
    await page.fill('input[name=email]', 'typed@example.com');
    await page.fill('input[name=password]', 'hunter2-secret');
    await page.click('button[type=submit]');
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('privacy-check', { plan: 'pro' }));
    await server.waitForEvents(['privacy-check']);
    const referrerSeen = await page.evaluate(() => document.referrer);
    // leaving hands the rest (Web Vitals, a pending page view) to the beacon: those bodies count too
    await page.evaluate(() => {
      location.href = 'about:blank';
    });
    await sleep(1_000);

    const event = server.eventsNamed('privacy-check')[0]!;
    expect(event.page.url).toBe(`${server.url}/private?utm_source=x`);
    expect(event.page.path).toBe('/private');
    expect(event.page.title).toBe('Account of [email]');
    // the browser gave the page the full referrer: cleaning it is the SDK's job
    expect(referrerSeen).toBe(referer);
    expect(event.page.referrer).toBe(`${server.url}/from?utm_medium=y`);
    for (const request of server.requests) {
      for (const secret of ['a@b.com', 'a%40b.com', 'c@d.com', 'c%40d.com', 'token', 'secret', 'typed@example.com', 'hunter2']) {
        expect(request.text, `request ${request.index} (${request.via}) carries "${secret}"`).not.toContain(secret);
      }
      // no e-mail address of any kind
      expect(request.text).not.toMatch(/[\w.+-]+(@|%40)[\w-]+\.[a-z]{2,}/i);
    }
    expect(server.requests.length).toBeGreaterThan(0);
    expect(log.errors).toEqual([]);
  });

  test('calls made before the script loaded are replayed in order, and sent', async () => {
    // the first queued call subscribes to every event, so the page itself can tell the replay order
    const calls = `${SNIPPET}
      window.seen = [];
      waymark.on('event', function (e) { seen.push(e.type + ':' + e.name); });
      waymark.track('first', { n: 1 });
      waymark.identify('user-7', { plan: 'pro' });
      waymark.track('second', { n: 2 });
      waymark.page();
      waymark.track('third', { n: 3 });
      window.queuedBeforeLoad = waymark.q.length;`;
    // page views off: the only page_view is the queued page() call
    const { page, log } = await openSdk('/snippet', {
      site: 'snippet',
      async: true,
      // the default flushInterval (1 s): queued events are written to IndexedDB 250 ms after the replay
      config: { capture: { pageViews: false, vitals: false } },
      before: calls,
    });
    const expected = ['custom:first', 'identify:user-7', 'custom:second', 'page_view:waymark e2e', 'custom:third'];
    const replayed = (list: readonly string[]) => list.filter((e) => /^(custom|identify|page_view):/.test(e));
    expect(await page.evaluate(() => (window as unknown as { queuedBeforeLoad: number }).queuedBeforeLoad)).toBe(6);
    expect(replayed(await page.evaluate(() => (window as unknown as { seen: string[] }).seen))).toEqual(expected);

    // no other activity on the page: the queued calls must still reach the collector
    await server.waitForEvents(['first', 'user-7', 'second', 'third'], 4_000);
    await waitFor(() => server.events().some((e) => e.type === 'page_view'), 3_000, 'the queued page view', server.describe);
    const names = (events: readonly WaymarkEvent[]) => replayed(events.map((e) => `${e.type}:${e.name}`));
    // in the order tracked (ids are time-ordered) and in the order they went over the wire
    expect(names(server.events())).toEqual(expected);
    expect(names(server.requests.filter((r) => r.answer === 'accepted').flatMap((r) => r.events))).toEqual(expected);
    expect(server.eventsNamed('first')[0]!.userId).toBeNull();
    expect(server.eventsNamed('third')[0]).toMatchObject({ userId: 'user-7', props: { n: 3 } });
    expect(server.eventsNamed('user-7')[0]!.props).toEqual({ plan: 'pro' });
    expect(log.errors).toEqual([]);
    expect(log.waymarkWarnings()).toEqual([]);
  });

  test('track() with hostile input never throws into the page, and the event arrives cleaned', async () => {
    const { page, log } = await openSdk('/hostile', { site: 'hostile', config: { flushInterval: 200, capture: QUIET } });
    const outcomes = await page.evaluate(() => {
      const { waymark } = window as unknown as WaymarkWindow;
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      let deep: Record<string, unknown> = { bottom: true };
      for (let i = 0; i < 50; i++) deep = { deep };
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const props: Record<string, unknown> = {
        cyclic,
        big: BigInt(10),
        fn() {},
        sym: Symbol('s'),
        undef: undefined,
        nan: NaN,
        date: new Date(0),
        long: 'x'.repeat(100_000),
        deep,
        ok: 'yes',
      };
      props.me = props;
      const track = waymark.track as (...args: unknown[]) => void;
      const identify = waymark.identify as (...args: unknown[]) => void;
      const calls: Array<[string, () => void]> = [
        ['hostile', () => track('hostile', props)],
        ['long name', () => track('n'.repeat(100_000), { ok: true })],
        ['many long strings', () => track('many-long', { a: 'a'.repeat(100_000), b: 'b'.repeat(100_000), c: 'c'.repeat(100_000), d: 'd'.repeat(100_000) })],
        ['throwing getter', () => track('getter', { fine: 1, get boom() { throw new Error('boom'); } })],
        ['revoked proxy', () => track('revoked', revoked.proxy)],
        ['array props', () => track('array-props', [1, 2, 3])],
        ['bigint props', () => track('bigint-props', BigInt(1))],
        ['no name', () => track()],
        ['number name', () => track(42)],
        ['empty name', () => track('   ')],
        ['object name', () => track({ toString() { throw new Error('nope'); } })],
        ['identify object', () => identify({})],
        ['identify cyclic traits', () => identify('user-h', cyclic)],
      ];
      return calls.map(([what, call]) => {
        try {
          call();
          return `${what}: ok`;
        } catch (error) {
          return `${what}: threw ${String(error)}`;
        }
      });
    });
    expect(outcomes.every((o) => o.endsWith(': ok')), outcomes.join('\n')).toBe(true);
    const longName = 'n'.repeat(256);
    await server.waitForEvents(['hostile', longName, 'many-long', 'getter', 'revoked', 'array-props', 'bigint-props', 'user-h'], 5_000);
    await sleep(300);

    const hostile = server.eventsNamed('hostile')[0]!;
    expect(hostile.props).toMatchObject({ cyclic: { a: 1 }, big: '10', nan: null, date: '1970-01-01T00:00:00.000Z', ok: 'yes' });
    for (const gone of ['fn', 'sym', 'undef', 'me']) expect(hostile.props, gone).not.toHaveProperty(gone);
    expect((hostile.props.cyclic as Record<string, unknown>).self).toBeUndefined();
    const long = hostile.props.long as string;
    expect(long.length).toBeGreaterThan(0);
    expect(long.length).toBeLessThan(100_000);
    expect(long).toBe('x'.repeat(long.length));
    expect(server.eventsNamed('many-long')[0]!.props).toBeDefined();
    // a getter that throws is dropped (with its siblings or not), never read twice into an error
    expect(server.eventsNamed('getter')[0]!.props).not.toHaveProperty('boom');
    expect(server.eventsNamed('revoked')[0]!.props).toEqual({});
    expect(server.eventsNamed('array-props')[0]!.props).toEqual({});
    expect(server.eventsNamed('user-h')[0]!.props).toEqual({ a: 1 });
    // nothing named after a bad name was tracked
    expect(server.events().filter((e) => e.type === 'custom').map((e) => e.name).sort()).toEqual(
      ['array-props', 'bigint-props', 'getter', 'hostile', 'many-long', 'revoked', longName].sort(),
    );
    for (const e of server.events()) expect(bytes(e), `${e.name.slice(0, 20)} is at most 32 KB`).toBeLessThanOrEqual(32 * 1024);
    for (const r of server.requests) expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(64 * 1024);

    expect(log.errors).toEqual([]);
    // what was dropped or cut was said, in the console, by waymark
    const warnings = log.console.filter((m) => m.type() === 'warning').map((m) => m.text());
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).toMatch(/^\[waymark\] /);
    expect(log.console.filter((m) => m.type() === 'error').map((m) => m.text())).toEqual([]);
  });

  test('an event with a huge array in its props is kept under 32 KB', async () => {
    // SPEC.md: "An event is at most 32 KB". Numbers are not strings: nothing in them is "cut".
    const { page, log } = await openSdk('/huge-array', { site: 'huge-array', config: { flushInterval: 200, capture: QUIET } });
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('huge-array', { list: Array.from({ length: 100_000 }, (_, i) => i) }));
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('after-huge-array'));
    await server.waitForEvents(['after-huge-array']);
    await sleep(300);
    for (const e of server.events()) expect(bytes(e), `${e.name} is at most 32 KB`).toBeLessThanOrEqual(32 * 1024);
    for (const r of server.requests) expect(Buffer.byteLength(r.text), `request ${r.index} is at most 64 KiB`).toBeLessThanOrEqual(64 * 1024);
    expect(log.errors).toEqual([]);
  });

  test('a bad config gives one [waymark] warning that names the field, and no page error', async () => {
    const noEndpoint = await open('/no-endpoint', sdkPage({ site: 'bad-1', attrs: { 'data-endpoint': undefined }, before: SNIPPET }));
    const badOption = await open('/bad-option', sdkPage({ site: 'bad-2', config: { flushInterval: 'fast' }, before: SNIPPET }));
    // the snippet's stub keeps taking calls: the page's own code must not break either
    for (const { page } of [noEndpoint, badOption]) {
      expect(await page.evaluate(() => {
        try {
          (window as unknown as WaymarkWindow).waymark.track('after-bad-config');
          return 'ok';
        } catch (error) {
          return String(error);
        }
      })).toBe('ok');
    }
    await sleep(1_000);

    for (const [{ log }, field] of [
      [noEndpoint, /endpoint/],
      [badOption, /flushInterval/],
    ] as const) {
      const warnings = log.console.filter((m) => m.type() === 'warning').map((m) => m.text());
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\[waymark\] /);
      expect(warnings[0]).toMatch(field);
      expect(log.errors).toEqual([]);
      expect(log.console.filter((m) => m.type() === 'error').map((m) => m.text())).toEqual([]);
    }
    expect(server.requests).toEqual([]);
  });

  test('works under a strict CSP, configured by data-* attributes only', async () => {
    const csp = "default-src 'self'; script-src 'self'; connect-src 'self'";
    // same-origin scripts only: one records CSP violations, one uses the SDK
    server.route(
      '/csp-watch.js',
      `window.violations = [];
       document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective + ' ' + e.blockedURI));`,
      { 'content-type': 'text/javascript' },
    );
    server.route('/csp-app.js', `waymark.track('csp-ok', { strict: true });`, { 'content-type': 'text/javascript' });
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict</title>
<script src="/csp-watch.js"></script>
<script src="/dist/waymark.iife.js" data-endpoint="/collect" data-site="csp" data-consent="granted"></script>
<script src="/csp-app.js"></script>
</head><body><h1>Strict</h1>
<script>window.inlineRan = true;</script>
</body></html>`;
    const { page, log } = await open('/strict', html, { 'Content-Security-Policy': csp });
    await server.waitForEvents(['csp-ok'], 5_000);
    // the policy is in force: the inline script was refused
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    expect(violations).toEqual(['script-src-elem inline']);

    // leaving: the hand-over (a beacon) is allowed by connect-src 'self' too
    await page.evaluate(() => {
      (window as unknown as WaymarkWindow).waymark.track('csp-leave');
      location.href = 'about:blank';
    });
    await server.waitForEvents(['csp-leave'], 5_000);
    expect(server.eventsNamed('csp-ok')[0]).toMatchObject({ props: { strict: true }, page: { path: '/strict' } });
    const refused = log.console.filter((m) => /Content Security Policy/.test(m.text()) && !/inline script/.test(m.text()));
    expect(refused.map((m) => m.text())).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  test('a burst is stored and sent from a worker: its writes and requests leave the main thread, each event once', async () => {
    const { page, log } = await openSdk('/burst', { site: 'worker', config: { capture: QUIET, flushInterval: 100 }, before: COUNT_PUTS });
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    // a first event out: by then the worker has the shared worker's port (it answers in ms)
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('first'));
    await server.waitForEvents(['first'], 5_000);
    // a fetch's resource timing entry is added once its answer has ended, after the collector has
    // the body: the first event's send (one small batch, so the page's own, with keepalive) is counted
    await waitFor(async () => (await collectFetches(page)) === 1, 5_000, "the first event's send in the page's resource timing");
    const own = (url: string) => url === `${server.url}/dist/waymark.iife.js`;
    const [sharedBefore, workerBefore, pageBefore] = [await sharedFetches(page, own), await collectFetches(page.workers()[0]!), await collectFetches(page)];
    const names = Array.from({ length: 1000 }, (_, i) => `burst-${i}`);
    await page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name, { pad: 'x'.repeat(200) })), names);
    await server.waitForEvents(names, 10_000);
    expect(server.events().filter((e) => e.name.startsWith('burst-'))).toHaveLength(1000);
    // a backlog's batches (no keepalive, its small last one neither) went from the site's shared
    // worker, which the worker's script started as: a dedicated worker's requests cost the page's
    // main thread. The page sends only a read that is one small batch, with keepalive, which a
    // worker's request could not do (it ends with the page): the first event's, none of the burst's
    expect((await sharedFetches(page, own)) - sharedBefore).toBeGreaterThanOrEqual(5);
    expect(await collectFetches(page.workers()[0]!)).toBe(workerBefore);
    expect(await collectFetches(page)).toBe(pageBefore);
    // the page hands its events to the worker, which serialises and stores them
    expect(await pagePuts(page)).toBe(0);
    expect(log.errors).toEqual([]);
  });

  test('without SharedWorker (Chrome on Android), the worker makes its requests itself', async () => {
    const { page, log } = await openSdk('/no-shared', { site: 'no-shared', config: { capture: QUIET, flushInterval: 100 }, before: 'delete window.SharedWorker;' });
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    const names = Array.from({ length: 300 }, (_, i) => `alone-${i}`);
    await page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name, { pad: 'x'.repeat(200) })), names);
    await server.waitForEvents(names, 10_000);
    expect(server.events().filter((e) => e.name.startsWith('alone-'))).toHaveLength(300);
    expect(await collectFetches(page.workers()[0]!)).toBeGreaterThanOrEqual(1);
    expect(log.errors).toEqual([]);
  });

  test('where the CSP refuses workers, the page sends itself, and nothing is lost', async () => {
    const csp = "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'none'";
    server.route('/no-worker-app.js', `waymark.track('sent-by-page');`, { 'content-type': 'text/javascript' });
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No worker</title>
<script src="/dist/waymark.iife.js" data-endpoint="/collect" data-site="no-worker"></script>
<script src="/no-worker-app.js"></script>
</head><body><h1>No worker</h1></body></html>`;
    const { page, log } = await open('/no-worker', html, { 'Content-Security-Policy': csp });
    await server.waitForEvents(['sent-by-page'], 5_000);
    expect(page.workers()).toEqual([]);
    expect(server.eventsNamed('sent-by-page')).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });

  test('in a page without IndexedDB, events are kept in memory and still arrive, with one warning', async () => {
    // a browser without it has none in its workers either
    replaceRemote(`if (typeof document === 'undefined') Object.defineProperty(self, 'indexedDB', { value: undefined }); export * from './remote-real.js';`);
    const { page, log } = await openSdk('/no-idb', {
      site: 'no-idb',
      config: { capture: QUIET },
      before: `Object.defineProperty(window, 'indexedDB', { value: undefined });`,
    });
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('kept-in-memory'));
    await server.waitForEvents(['kept-in-memory'], 5_000);
    const warnings = log.console.filter((m) => m.type() === 'warning').map((m) => m.text());
    expect(warnings).toEqual([expect.stringMatching(/^\[waymark\] IndexedDB failed: events are kept in memory/)]);
    // the page sends itself and stops its worker, which could not see the page's memory; the
    // browser reports the worker's end a little after the page's own send
    await expect.poll(() => page.workers().length, { timeout: 2_000 }).toBe(0);
    expect(server.eventsNamed('kept-in-memory')).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });

  test('where the worker cannot load its part, the page sends itself at once, not after the 10 s wait', async () => {
    // the worker's part fails to load in the worker only: the page's side of it works
    replaceRemote(`if (typeof document === 'undefined') throw new Error('no part for the worker'); export * from './remote-real.js';`);
    const { page, log } = await openSdk('/no-worker-part', { site: 'no-worker-part', config: { capture: QUIET, flushInterval: 100 } });
    const started = Date.now();
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('sent-without-worker'));
    await server.waitForEvents(['sent-without-worker'], 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    await waitFor(async () => page.workers().length === 0, 2_000, 'the failed worker to be stopped');
    expect(log.errors).toEqual([]);
  });

  test("format: 'segment' loads the part that reshapes batches, and the page sends the Segment shape itself", async () => {
    const { page, log } = await openSdk('/segment', { site: 'segment', config: { capture: QUIET, flushInterval: 100, format: 'segment' } });
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('signup', { plan: 'pro' }));
    await waitFor(() => server.requests.some((r) => r.text.includes('"batch"')), 5_000, 'a Segment batch', server.describe);
    const body = JSON.parse(server.requests.find((r) => r.text.includes('"batch"'))!.text) as { batch: { type: string; event: string; properties: Record<string, unknown> }[] };
    expect(body.batch[0]).toMatchObject({ type: 'track', event: 'signup', properties: { plan: 'pro', name: 'signup' } });
    // the page's own code shapes the batches: no worker
    expect(page.workers()).toHaveLength(0);
    expect(log.errors).toEqual([]);
  });

  test('a worker that ends after it started (no error event reaches the page): the page stores and sends itself once a write goes unanswered', async () => {
    // close() ends a worker, and what the page then posts to it is dropped without a word
    replaceRemote(`import { serveFlusher as serve } from './remote-real.js';
export { remoteFlusher } from './remote-real.js';
export const serveFlusher = (port, kit) => (serve(port, kit), setTimeout(() => close(), 300));`);
    const { page, log } = await openSdk('/worker-ends', { site: 'worker-ends', config: { capture: QUIET, flushInterval: 100 } });
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    await waitFor(async () => page.workers().length === 0, 5_000, 'the worker to end');
    const names = Array.from({ length: 20 }, (_, i) => `orphan-${i}`);
    const tracked = Date.now();
    await page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name)), names);
    // unanswered for 10 s (SILENCE), the write goes to the page's own IndexedDB and out
    await server.waitForEvents(names, 15_000);
    expect(server.events().filter((e) => e.name.startsWith('orphan-'))).toHaveLength(20);
    expect(server.collector.duplicates()).toBe(0);
    expect(Date.now() - tracked).toBeGreaterThanOrEqual(10_000);
    expect(log.errors).toEqual([]);
  });

  test('loaded from a CDN (another origin), it still stores and sends from a worker; under a CSP that refuses blob: workers, the page does', async () => {
    const cdn = await startServer(server.dist);
    try {
      const names = (prefix: string) => Array.from({ length: 300 }, (_, i) => `${prefix}-${i}`);
      const html = (site: string) =>
        sdkPage({ site, config: { capture: QUIET }, before: COUNT_PUTS }).replace('src="/dist/waymark.iife.js"', `src="${cdn.url}/dist/waymark.iife.js"`);
      const track = (page: Page, names: string[]) =>
        page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name, { pad: 'x'.repeat(200) })), names);

      const { page, log } = await open('/from-cdn', html('cdn'));
      await sdkReady(page);
      await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
      await track(page, names('cdn'));
      await server.waitForEvents(names('cdn'), 10_000);
      expect(server.events().filter((e) => e.name.startsWith('cdn-'))).toHaveLength(300);
      // the shared worker that makes the requests is started from a blob: that imports the script too
      expect(await sharedFetches(page, (url) => url.startsWith('blob:'))).toBeGreaterThanOrEqual(1);
      // only a small batch, sent with keepalive, goes from the page (a worker's request ends with it)
      expect(await collectFetches(page)).toBeLessThanOrEqual(2);
      expect(await pagePuts(page)).toBe(0);
      // the worker loaded its part from the CDN, not from the page's origin
      expect(cdn.requests).toEqual([]);
      expect(log.errors).toEqual([]);
      await page.close();

      // worker-src falls back to script-src, which allows the CDN's scripts but not a blob:
      const csp = `default-src 'self'; script-src 'self' 'unsafe-inline' ${cdn.url}; connect-src 'self'`;
      const strict = await open('/from-cdn-strict', html('cdn-strict'), { 'Content-Security-Policy': csp });
      await sdkReady(strict.page);
      await track(strict.page, names('strict'));
      await server.waitForEvents(names('strict'), 10_000);
      expect(server.events().filter((e) => e.name.startsWith('strict-'))).toHaveLength(300);
      await waitFor(async () => (await collectFetches(strict.page)) >= 1, 10_000, 'the page sending itself');
      expect(strict.page.workers()).toHaveLength(0);
      expect(await pagePuts(strict.page)).toBeGreaterThan(0);
      expect(strict.log.errors).toEqual([]);
    } finally {
      await cdn.close();
    }
  });

  test('where the worker cannot store (its writes fail), the page stores, the worker still sends, and each event arrives once', async () => {
    replaceRemote(`import { serveFlusher as serve } from './remote-real.js';
export { remoteFlusher } from './remote-real.js';
export const serveFlusher = (port, kit) => serve(port, { ...kit, writeEvents: () => Promise.reject(new DOMException('full', 'QuotaExceededError')) });`);
    const { page, log } = await openSdk('/worker-cannot-store', { site: 'worker-cannot-store', config: { capture: QUIET }, before: COUNT_PUTS });
    await waitFor(async () => page.workers().length === 1, 5_000, 'the sending worker');
    const names = Array.from({ length: 300 }, (_, i) => `kept-${i}`);
    await page.evaluate((names) => names.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name, { pad: 'x'.repeat(200) })), names);
    await server.waitForEvents(names, 10_000);
    expect(server.events().filter((e) => e.name.startsWith('kept-'))).toHaveLength(300);
    expect(await pagePuts(page)).toBeGreaterThan(0);
    // the worker read what the page stored, and sent it (through the site's shared worker): not the page
    expect(await collectFetches(page)).toBe(0);
    expect(log.errors).toEqual([]);
  });
});
