// @vitest-environment node
/**
 * The delivery pipeline in a real browser: dist/waymark.iife.js in a page served on 127.0.0.1,
 * against the demo collector with injected faults (SPEC.md, Delivery guarantees).
 * Each test gets its own server, so its own origin: queues, locks and storage never leak between tests.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { WaymarkEvent } from '../../src/core/types';
import { crash, watchPage, type PageLog, type TestBrowser } from '../helpers/browser';
import { sdkPage, sdkReady, type SdkPageOptions, type WaymarkWindow } from '../helpers/pages';
import type { TestServer } from '../helpers/server';
import { useBrowserSuite } from '../helpers/suite';
import { sleep, waitFor } from '../helpers/wait';

/** These tests are about delivery: autocapture off, so that only what a test tracks is queued. */
const QUIET = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };
const config = (extra: Record<string, unknown>) => ({ capture: QUIET, ...extra });

/** The events a test tracked itself (a stage change or any other automatic event is left out). */
const custom = (events: readonly WaymarkEvent[]) => events.filter((e) => e.type === 'custom');

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s));

/** Serves an SDK page at `path` and opens it in a new tab, once the journey has started. */
async function open(options: SdkPageOptions, path = '/p'): Promise<{ page: Page; log: PageLog }> {
  server.page(path, sdkPage(options));
  const page = await browser.newPage();
  const log = watchPage(page);
  await page.goto(server.url + path);
  await sdkReady(page);
  return { page, log };
}

const track = (page: Page, names: string[]) =>
  page.evaluate((list) => list.forEach((name, i) => (window as unknown as WaymarkWindow).waymark.track(name, { i })), names);

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** Each name accepted exactly once, and the collector saw no event twice. */
function expectEachOnce(list: readonly string[]) {
  const counts = new Map<string, number>();
  for (const request of server.requests) {
    if (request.answer !== 'accepted') continue;
    for (const e of request.events) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  }
  for (const name of list) expect(counts.get(name) ?? 0, `${name} accepted once; ${server.describe()}`).toBe(1);
  expect(server.collector.duplicates()).toBe(0);
}

describe('delivery', () => {
  test('a batch arrives, in the wire format', async () => {
    const { page, log } = await open({ site: 'batch', config: config({ flushInterval: 200 }) });
    await page.evaluate(() => {
      const { waymark } = window as unknown as WaymarkWindow;
      waymark.track('webinar_signup', { topic: 'pricing' });
      waymark.track('download', { file: 'guide.pdf', pages: 12 });
      waymark.track('purchase', { plan: 'pro', seats: 3, trial: false });
    });
    await server.waitForEvents(['webinar_signup', 'download', 'purchase']);

    const accepted = server.requests.filter((r) => r.answer === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    const { body, via, text } = accepted[0]!;
    expect(via).toBe('fetch');
    expect(body).toMatchObject({ site: 'batch', sdk: { name: 'waymark', version: expect.any(String) }, dropped: 0 });
    expect(new Date(body!.sentAt).toISOString()).toBe(body!.sentAt);
    expect(text.length).toBeLessThan(64 * 1024);
    // a CORS-simple request: no preflight ever reached the collector
    expect(server.collector.batches[0]!.headers['content-type']).toMatch(/^text\/plain/);

    const events = custom(server.events());
    expect(events.map((e) => e.name)).toEqual(['webinar_signup', 'download', 'purchase']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1);
    expect(events[0]).toMatchObject({
      type: 'custom',
      props: { topic: 'pricing' },
      userId: null,
      page: { url: `${server.url}/p`, path: '/p', title: 'waymark e2e' },
    });
    expect(events[2]!.props).toEqual({ plan: 'pro', seats: 3, trial: false });
    expect(server.collector.duplicates()).toBe(0);
    expect(log.errors).toEqual([]);
  });

  test('the landing page view arrives with no other activity on the page', async () => {
    // The page view is captured while the journey starts, in the same task as its first flush
    // (default flushInterval, 1 s; the write to IndexedDB comes 250 ms after the event). A flush
    // that reads the queue before that write must not leave the page view behind. On a very
    // loaded machine the read can come late enough to hide the problem: a false pass, never a false fail.
    const { log } = await open({ site: 'landing', config: config({ capture: { ...QUIET, pageViews: true } }) });
    await waitFor(() => server.events().some((e) => e.type === 'page_view'), 3_000, 'the landing page view', server.describe);
    expect(server.events().filter((e) => e.type === 'page_view')).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });

  test('a burst larger than maxQueue reaches a collector that answers whole, each event once, and leaves nothing queued', async () => {
    const { page, log } = await open({ site: 'burst', config: config({ flushInterval: 200, maxQueue: 300 }) });
    const list = names('burst', 2000);
    await track(page, list);
    await server.waitForEvents(list, 15_000);
    expectEachOnce(list);
    const accepted = server.requests.filter((r) => r.answer === 'accepted');
    for (const r of accepted) expect(r.text.length, `request ${r.index}`).toBeLessThan(64 * 1024);
    expect(accepted.map((r) => r.body!.dropped)).toEqual(accepted.map(() => 0));

    // what was accepted left IndexedDB: the next page has nothing of it to send
    await page.reload();
    await sdkReady(page);
    const before = server.requests.length;
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.flush());
    await sleep(300);
    expect(custom(server.requests.slice(before).flatMap((r) => r.events))).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  test('events survive a reload during an outage, and arrive once the collector is back', async () => {
    const { page, log } = await open({ site: 'outage', config: config({ flushInterval: 200 }) });
    server.fault = () => 'destroy';
    const list = names('outage', 5);
    await track(page, list);
    // the SDK has tried once and seen the connection drop: it now knows the collector is down
    await waitFor(() => server.requests.some((r) => r.answer === 'destroyed' && custom(r.events).length === 5), 5_000, 'a failed send', server.describe);
    const ids = custom(server.requests.find((r) => custom(r.events).length === 5)!.events).map((e) => e.id);
    await sleep(300);

    await page.reload();
    await sdkReady(page);
    const before = server.requests.length;
    // the new page finds the events in IndexedDB and tries again, with the same ids
    await waitFor(() => server.requests.slice(before).some((r) => custom(r.events).length === 5), 5_000, 'a send after the reload', server.describe);
    expect(custom(server.requests.slice(before).find((r) => custom(r.events).length === 5)!.events).map((e) => e.id)).toEqual(ids);
    expect(server.collector.events.size).toBe(0);

    // back online: the collector answers again, and the browser says so
    server.fault = undefined;
    await browser.context.setOffline(true);
    await browser.context.setOffline(false);
    await server.waitForEvents(list, 5_000);
    expectEachOnce(list);
    expect(custom(server.events()).map((e) => e.id)).toEqual(ids);
    expect(log.errors).toEqual([]);
  });

  test('events tracked while consent is pending, just before each of several reloads, are kept and sent once consent is granted', async () => {
    // nothing goes by beacon while consent is pending, and an IndexedDB write begun as a page goes
    // away may never commit: what the page has not sent, the next page of the tab puts back
    const { page, log } = await open({ site: 'pending', config: config({ consent: 'pending' }) });
    const rounds = [0, 1, 2].map((round) => names(`pending-${round}`, 20));
    for (const list of rounds) {
      await track(page, list);
      await page.reload();
      await sdkReady(page);
    }
    await sleep(300);
    expect(server.requests).toHaveLength(0);
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.consent('granted'));
    await server.waitForEvents(rounds.flat(), 5_000);
    expectEachOnce(rounds.flat());
    expect(log.errors).toEqual([]);
  });

  test('a tab crash 1 s after tracking loses nothing', async () => {
    // the collector accepts nothing before the crash, so only IndexedDB can save the events
    const options = { site: 'crash', config: config({ flushInterval: 60_000 }) };
    server.fault = () => ({ status: 503 });
    const { page } = await open(options);
    const list = names('crash', 20);
    await track(page, list);
    await sleep(1_000);
    await crash(browser.context, page);
    server.fault = undefined;

    // the visitor comes back: the new page sends what the crashed one left queued
    const { log } = await open(options);
    await server.waitForEvents(list, 5_000);
    expectEachOnce(list);
    expect(log.errors).toEqual([]);
  });

  test('503 answers are retried with backoff, and nothing is lost', async () => {
    const { page, log } = await open({ site: 'retry-503', config: config({ flushInterval: 200 }) });
    server.fault = ({ index }) => (index < 2 ? { status: 503 } : undefined);
    const list = names('busy', 5);
    await track(page, list);
    await server.waitForEvents(list, 8_000);

    const [first, second, third] = server.requests;
    expect(first!.answer).toBe(503);
    expect(second!.answer).toBe(503);
    expect(third!.answer).toBe('accepted');
    // backoff: the first retry waits at least half of the 1 s base, the second longer
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(450);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(900);
    // the same events, with the same ids, in every attempt
    const ids = custom(first!.events).map((e) => e.id);
    expect(ids).toHaveLength(5);
    expect(custom(second!.events).map((e) => e.id)).toEqual(ids);
    expect(custom(third!.events).map((e) => e.id)).toEqual(ids);
    expectEachOnce(list);
    expect(log.errors).toEqual([]);
  });

  test('429 answers are retried after Retry-After, and nothing is lost', async () => {
    const { page, log } = await open({ site: 'retry-429', config: config({ flushInterval: 200 }) });
    // Retry-After: 2 s is longer than any first backoff step (at most 1 s): only honouring it explains the wait
    server.fault = ({ index }) => (index === 0 ? { status: 429, headers: { 'Retry-After': '2' } } : undefined);
    const list = names('slow-down', 5);
    await track(page, list);
    await server.waitForEvents(list, 8_000);

    const [first, second] = server.requests;
    expect(first!.answer).toBe(429);
    expect(second!.answer).toBe('accepted');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_900);
    expect(second!.at - first!.at).toBeLessThan(4_000);
    expectEachOnce(list);
    expect(log.errors).toEqual([]);
  });

  test('Retry-After holds even when an event is tracked while the refused request is in flight', async () => {
    // A slow collector (2 s) answers the first send with 429 and Retry-After: 3. An event tracked
    // while that send is in flight sets a flush timer that would fire 0.5 s after the 429.
    const { page, log } = await open({ site: 'retry-in-flight', config: config({ flushInterval: 1_000 }) });
    server.latency = 2_000;
    server.fault = ({ index }) => (index === 0 ? { status: 429, headers: { 'Retry-After': '3' } } : undefined);
    await track(page, ['before-429']);
    // the send has reached the collector, which answers 2 s later: track while it is in flight
    await waitFor(() => server.arrived > 0, 5_000, 'the first send', server.describe);
    await track(page, ['during-429']);
    await waitFor(() => server.requests.length > 0, 5_000, 'the 429', server.describe);
    server.latency = 0;
    await server.waitForEvents(['before-429', 'during-429'], 8_000);

    const [first, second] = server.requests;
    expect(first!.answer).toBe(429);
    expect(second!.at - first!.at, server.describe()).toBeGreaterThanOrEqual(2_900);
    expectEachOnce(['before-429', 'during-429']);
    expect(log.errors).toEqual([]);
  });

  test('a 400 drops the batch, is not retried, and the next batch counts it as dropped', async () => {
    const { page, log } = await open({ site: 'refused', config: config({ flushInterval: 200 }) });
    server.fault = () => ({ status: 400 });
    await track(page, names('refused', 3));
    await waitFor(() => server.requests.length > 0, 5_000, 'the first send', server.describe);
    await sleep(3_000);
    // one request, never again: a 400 will not get better by sending the same body
    expect(server.requests.map((r) => r.answer)).toEqual([400]);
    const refused = server.requests[0]!.events;
    expect(custom(refused)).toHaveLength(3);
    expect(log.waymarkWarnings().some((w) => /400/.test(w))).toBe(true);

    server.fault = undefined;
    await track(page, ['after-refusal']);
    await server.waitForEvents(['after-refusal']);
    expect(server.requests.length).toBe(2);
    expect(server.requests[1]!.body!.dropped).toBe(refused.length);
    expect(custom(server.requests[1]!.events).map((e) => e.name)).toEqual(['after-refusal']);
    expect(server.events().filter((e) => e.name.startsWith('refused'))).toEqual([]);

    // once reported, the count goes back to 0
    await track(page, ['later']);
    await server.waitForEvents(['later']);
    expect(server.requests.at(-1)!.body!.dropped).toBe(0);
    expect(log.errors).toEqual([]);
  });

  test('two tabs tracking at once deliver each event exactly once', async () => {
    const options = { site: 'tabs', config: config({ flushInterval: 200 }) };
    const a = await open(options);
    const b = await open(options);
    const perTab = 100;
    // bursts with pauses, so that both tabs write and flush while the other holds the lock
    const burst = (page: Page, prefix: string) =>
      page.evaluate(
        async ({ prefix, perTab }) => {
          const { waymark } = window as unknown as WaymarkWindow;
          for (let i = 0; i < perTab; i++) {
            waymark.track(`${prefix}-${i}`, { i });
            if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 40));
          }
        },
        { prefix, perTab },
      );
    await Promise.all([burst(a.page, 'tab-a'), burst(b.page, 'tab-b')]);
    const list = [...names('tab-a', perTab), ...names('tab-b', perTab)];
    await server.waitForEvents(list, 10_000);
    // time for a late duplicate to show up
    await sleep(1_500);

    expectEachOnce(list);
    const sent = server.requests.filter((r) => r.answer === 'accepted').flatMap((r) => custom(r.events).map((e) => e.id));
    expect(sent).toHaveLength(2 * perTab);
    expect(new Set(sent).size).toBe(2 * perTab);
    expect(a.log.errors).toEqual([]);
    expect(b.log.errors).toEqual([]);
  });

  test('a tab whose flush found the lock taken still delivers after the sending tab is closed', async () => {
    // SPEC.md: "Several tabs of one site share one queue; one tab at a time sends".
    // Tab A's send is slow and answered 503; meanwhile tab B tracks, finds the lock taken and
    // skips its flush. A is closed during its backoff: B is now the only tab, and must send.
    const options = { site: 'handoff', config: config({ flushInterval: 200 }) };
    const a = await open(options);
    const b = await open(options);
    server.latency = 1_000;
    server.fault = ({ index }) => (index === 0 ? { status: 503 } : undefined);
    await track(a.page, ['from-tab-a']);
    await sleep(400);
    await track(b.page, ['from-tab-b']);
    await waitFor(() => server.requests.length > 0, 5_000, 'the slow 503', server.describe);
    expect(custom(server.requests[0]!.events).map((e) => e.name)).toEqual(['from-tab-a']);
    // A backs off for at least 500 ms: close it before its retry
    await sleep(100);
    await a.page.close();
    server.latency = 0;

    await server.waitForEvents(['from-tab-a', 'from-tab-b'], 6_000);
    expectEachOnce(['from-tab-a', 'from-tab-b']);
    expect(b.log.errors).toEqual([]);
  });

  test('events tracked just before navigating away arrive by beacon', async () => {
    // a long flushInterval: the regular send cannot carry them, only the hand-over on pagehide
    const { page, log } = await open({ site: 'leave', config: config({ flushInterval: 10_000 }) });
    await page.evaluate(() => {
      const { waymark } = window as unknown as WaymarkWindow;
      waymark.track('leaving-1', { at: 'exit' });
      waymark.track('leaving-2');
      location.href = 'about:blank';
    });
    await server.beaconCountIs(1);
    await server.waitForEvents(['leaving-1', 'leaving-2']);
    const carriers = server.requests.filter((r) => r.events.some((e) => e.name.startsWith('leaving')));
    expect(carriers.map((r) => r.via)).toEqual(['beacon']);
    expect(carriers[0]!.body).toMatchObject({ site: 'leave', dropped: 0 });
    expect(server.eventsNamed('leaving-1')[0]!.props).toEqual({ at: 'exit' });
    expectEachOnce(['leaving-1', 'leaving-2']);
    expect(log.errors).toEqual([]);
  });

  test('events already written to IndexedDB but not yet sent also leave by beacon on navigating away', async () => {
    // SPEC.md: "On visibilitychange to hidden and on pagehide the queue is handed to navigator.sendBeacon".
    // 600 ms: past the 250 ms write to IndexedDB, well before the 10 s flushInterval
    const { page, log } = await open({ site: 'leave-stored', config: config({ flushInterval: 10_000 }) });
    // the flush every page starts with is over before the event is tracked
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.flush());
    await track(page, ['stored-then-left']);
    await sleep(600);
    expect(server.requests).toEqual([]);
    await page.evaluate(() => {
      location.href = 'about:blank';
    });
    await server.waitForEvents(['stored-then-left'], 3_000);
    expect(server.requests.map((r) => r.via)).toEqual(['beacon']);
    expectEachOnce(['stored-then-left']);
    expect(log.errors).toEqual([]);
  });

  test('hidden while a burst is being sent: the read under way stays with the worker, what came after it goes by beacon, nothing twice', async () => {
    // the worker has read a burst of several batches and sends them one by one, slowly; the page
    // is hidden meanwhile: the burst is the worker's (claimed as one read), and what was tracked
    // after that read goes by beacon, and is left out when the worker reads it in turn
    const { page, log } = await open({ site: 'hide-burst', config: config({ flushInterval: 100 }) });
    server.latency = 700;
    const burst = names('hb', 300);
    const late = names('late', 5);
    const trackAll = (list: string[]) =>
      page.evaluate((list) => list.forEach((name) => (window as unknown as WaymarkWindow).waymark.track(name, { pad: 'x'.repeat(400) })), list);
    await trackAll(burst);
    await waitFor(() => server.arrived > 0, 5_000, 'the first batch of the burst');
    await trackAll(late);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await server.beaconCountIs(1);
    expect(server.beacons().flatMap((r) => r.events.map((e) => e.name))).toEqual(late);
    server.latency = 0;
    await server.waitForEvents([...burst, ...late], 10_000);
    await sleep(500);
    expectEachOnce([...burst, ...late]);
    expect(log.errors).toEqual([]);
  });

  test('a small send still in flight when the page goes away finishes without it, and the next page does not send it again', async () => {
    // a small batch goes with keepalive (made by the page for its worker): the browser finishes it
    const options = { site: 'in-flight', config: config({ flushInterval: 100 }) };
    const a = await open(options);
    server.latency = 1_000;
    await track(a.page, ['in-flight']);
    // written (100 ms), read and sent: the collector holds the request for a second
    await sleep(500);
    await a.page.evaluate(() => {
      location.href = 'about:blank';
    });
    await server.waitForEvents(['in-flight'], 5_000);
    server.latency = 0;
    const b = await open(options, '/next');
    await b.page.evaluate(() => (window as unknown as WaymarkWindow).waymark.flush());
    await sleep(500);
    expectEachOnce(['in-flight']);
    expect(a.log.errors).toEqual([]);
    expect(b.log.errors).toEqual([]);
  });
});
