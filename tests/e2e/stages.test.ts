// @vitest-environment node
/**
 * Journey stages in a real browser (SPEC.md, Journey stages): the default model moved by real
 * navigations and form submits, what the page shows for each stage, the stage kept across reloads
 * and shared by two tabs, and a model from config.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { StageChange } from '../../src/journey';
import { watchPage, type PageLog, type TestBrowser } from '../helpers/browser';
import { SNIPPET, sdkPage, sdkReady, type SdkPageOptions, type WaymarkWindow } from '../helpers/pages';
import type { TestServer } from '../helpers/server';
import { useBrowserSuite } from '../helpers/suite';
import { sleep, waitFor } from '../helpers/wait';

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s));

/** No Web Vitals (they come on hide and would add events at every navigation); a quick send. */
const CONFIG = { flushInterval: 200, capture: { vitals: false } };

/**
 * Elements that follow the stage, with a record of the stage `<html>` had when the body began to
 * parse and of what the elements showed at the first frame (no flash of another stage's content).
 */
const SHOW = `
  <script>window.stageAtParse = document.documentElement.getAttribute('data-waymark-stage');</script>
  <div id="for-consideration" data-waymark-show="consideration conversion">Talk to sales</div>
  <div id="for-conversion" data-waymark-show="conversion">Welcome aboard</div>
  <div id="always">For everyone</div>
  <script>
    requestAnimationFrame(() => {
      const shown = (id) => getComputedStyle(document.getElementById(id)).display !== 'none';
      window.firstFrame = { consideration: shown('for-consideration'), conversion: shown('for-conversion') };
    });
  </script>`;
const SIGNUP = `<form id="signup" onsubmit="event.preventDefault()"><input name="email" type="email"><button>Sign up</button></form>`;
/** A router that sets the title 20 ms after the URL changed. */
const ROUTER = `window.go = (path, title) => { history.pushState({}, '', path); setTimeout(() => { document.title = title; }, 20); };`;

const page = (options: SdkPageOptions) => sdkPage({ config: CONFIG, ...options });

async function open(path: string, html: string): Promise<{ page: Page; log: PageLog }> {
  server.page(path, html);
  const tab = await browser.newPage();
  const log = watchPage(tab);
  await tab.goto(server.url + path);
  await sdkReady(tab);
  return { page: tab, log };
}

const changes = () => server.events().filter((e) => e.type === 'stage_change');
const changesTo = (stage: string) => changes().filter((e) => e.name === stage);
const waitForStage = (stage: string, timeoutMs = 5_000) =>
  waitFor(() => changesTo(stage).length > 0, timeoutMs, `a stage_change to ${stage}`, server.describe);
const byId = (id: unknown) => server.events().find((e) => e.id === id);

/** What the page shows now: its stage as the SDK, `<html>` and the data-waymark-show elements see it. */
const view = (tab: Page) =>
  tab.evaluate(() => {
    const shown = (id: string) => {
      const el = document.getElementById(id);
      return !!el && getComputedStyle(el).display !== 'none';
    };
    return {
      stage: (window as unknown as WaymarkWindow).waymark.stage,
      html: document.documentElement.getAttribute('data-waymark-stage'),
      consideration: shown('for-consideration'),
      conversion: shown('for-conversion'),
      always: shown('always'),
    };
  });

const expectView = async (tab: Page, stage: string, consideration: boolean, conversion: boolean, timeoutMs = 2_000) => {
  const want = { stage, html: stage, consideration, conversion, always: true };
  let last: unknown;
  await waitFor(
    async () => JSON.stringify((last = await view(tab))) === JSON.stringify(want),
    timeoutMs,
    `the page to show stage ${stage}`,
    () => `saw ${JSON.stringify(last)}`,
    50,
  );
};

/** What the data-waymark-show elements showed at the page's first animation frame. */
const firstFrame = async (tab: Page) => {
  await tab.waitForFunction(() => 'firstFrame' in window, undefined, { timeout: 2_000 });
  return tab.evaluate(() => (window as unknown as { firstFrame: unknown }).firstFrame);
};

const RANK = ['awareness', 'interest', 'consideration', 'conversion', 'retention', 'advocacy'];

describe('stages', () => {
  test('a pricing visit: awareness then consideration, then a signup converts; the page follows the stage live', async () => {
    const { page: tab, log } = await open('/', page({ site: 'pricing', title: 'Home', before: ROUTER, body: SHOW + SIGNUP }));
    await waitForStage('awareness');
    await expectView(tab, 'awareness', false, false);

    await tab.evaluate(() => (window as unknown as { go(p: string, t: string): void }).go('/pricing', 'Pricing'));
    await waitForStage('consideration');
    await expectView(tab, 'consideration', true, false);

    await tab.fill('#signup [name=email]', 'someone@example.org');
    await tab.click('#signup button');
    await waitForStage('conversion');
    await expectView(tab, 'conversion', true, true);
    // an element added later follows the stage too
    expect(
      await tab.evaluate(() => {
        const el = document.createElement('p');
        el.setAttribute('data-waymark-show', 'awareness');
        el.textContent = 'New here?';
        document.body.append(el);
        return new Promise<string>((resolve) => requestAnimationFrame(() => resolve(getComputedStyle(el).display)));
      }),
    ).toBe('none');
    await sleep(300);

    const events = server.events();
    const views = events.filter((e) => e.type === 'page_view');
    expect(views.map((e) => [e.props.path, e.name, e.stage])).toEqual([
      ['/', 'Home', 'awareness'],
      ['/pricing', 'Pricing', 'consideration'],
    ]);
    const submit = events.find((e) => e.type === 'form_submit' && e.name === 'signup')!;
    expect(submit.stage).toBe('conversion');
    expect(changes().map((e) => [e.name, e.props])).toEqual([
      ['awareness', { from: null, to: 'awareness', trigger: views[0]!.id, rule: 'first-touchpoint' }],
      ['consideration', { from: 'awareness', to: 'consideration', trigger: views[1]!.id, rule: 'pricing-page' }],
      ['conversion', { from: 'consideration', to: 'conversion', trigger: submit.id, rule: 'conversion-form' }],
    ]);
    // every event carries the stage after it, and stages only go up, in the order tracked
    for (const e of events) expect(RANK, `${e.type} ${e.name}`).toContain(e.stage);
    const ranks = events.map((e) => RANK.indexOf(e.stage!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // a stage_change comes right after the touchpoint that moved the stage, and carries the new stage
    for (const change of changes()) {
      expect(change.stage).toBe(change.name);
      expect(byId(change.props.trigger)!.stage).toBe(change.name);
      expect(change.id > (change.props.trigger as string)).toBe(true);
    }
    expect(log.errors).toEqual([]);
  });

  test('across reloads: the stage is restored before the first touchpoint of each new page, and explain() says why', async () => {
    server.page('/pricing.html', page({ site: 'reload', title: 'Pricing', body: SHOW + '<a href="/about">About</a>' }));
    server.page('/about', page({ site: 'reload', title: 'About', body: SHOW }));
    const { page: tab, log } = await open('/', page({ site: 'reload', title: 'Home', body: SHOW + '<a href="/pricing.html">Pricing</a>' }));
    await waitForStage('awareness');

    // a real page load of /pricing.html
    await Promise.all([tab.waitForURL((url) => url.pathname === '/pricing.html'), tab.click('a[href="/pricing.html"]')]);
    await sdkReady(tab);
    await waitForStage('consideration');
    await expectView(tab, 'consideration', true, false);
    const pricing = server.events().find((e) => e.type === 'page_view' && e.page.path === '/pricing.html')!;

    await tab.reload();
    await sdkReady(tab);
    expect(await tab.evaluate(() => (window as unknown as { stageAtParse: string | null }).stageAtParse)).toBe('consideration');
    expect(await firstFrame(tab)).toEqual({ consideration: true, conversion: false });
    await waitFor(() => server.events().filter((e) => e.type === 'page_view' && e.page.path === '/pricing.html').length === 2, 5_000, 'the page view of the reload', server.describe);

    // a page that moves nothing: only a restored stage can be on its first page view
    await Promise.all([tab.waitForURL((url) => url.pathname === '/about'), tab.click('a[href="/about"]')]);
    await sdkReady(tab);
    expect(await tab.evaluate(() => (window as unknown as { stageAtParse: string | null }).stageAtParse)).toBe('consideration');
    expect(await firstFrame(tab)).toEqual({ consideration: true, conversion: false });
    await expectView(tab, 'consideration', true, false);
    await waitFor(() => server.events().some((e) => e.type === 'page_view' && e.page.path === '/about'), 5_000, 'the page view of /about', server.describe);
    const explained = await tab.evaluate(() => (window as unknown as WaymarkWindow).waymark.explain());
    await sleep(400);

    const views = server.events().filter((e) => e.type === 'page_view');
    expect(views.map((e) => [e.page.path, e.stage])).toEqual([
      ['/', 'awareness'],
      ['/pricing.html', 'consideration'],
      ['/pricing.html', 'consideration'],
      ['/about', 'consideration'],
    ]);
    // the first event of each new page already carries the stage
    for (const path of ['/about']) {
      const first = server.events().find((e) => e.page.path === path)!;
      expect(first.stage, `the first event on ${path}`).toBe('consideration');
    }
    // no second stage_change for a stage already reached
    expect(changes().map((e) => e.name)).toEqual(['awareness', 'consideration']);
    expect(explained).toEqual({ stage: 'consideration', rule: 'pricing-page', trigger: pricing.id, since: pricing.time });
    expect(log.errors).toEqual([]);
  });

  test('across two tabs: tab A converts, tab B follows within a second, and the collector sees one stage_change', async () => {
    const html = (title: string) => page({ site: 'tabs', title, body: SHOW + SIGNUP });
    const a = await open('/a', html('Tab A'));
    await waitForStage('awareness');
    const b = await open('/b', html('Tab B'));
    await b.page.evaluate(() => {
      const w = window as unknown as WaymarkWindow & { heard: Array<{ from: string | null; to: string; event: unknown }> };
      w.heard = [];
      w.waymark.on('stage', ({ from, to, event }: StageChange) => w.heard.push({ from, to, event }));
    });
    await expectView(b.page, 'awareness', false, false);

    await a.page.fill('#signup [name=email]', 'someone@example.org');
    await a.page.click('#signup button');
    await expectView(a.page, 'conversion', true, true);
    // tab B: its journey, <html> and its elements, within a second of tab A's change
    await expectView(b.page, 'conversion', true, true, 1_000);
    expect(await b.page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([{ from: 'awareness', to: 'conversion', event: null }]);

    // tab B's next event carries the stage, and moves nothing
    await b.page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('tab-b-after'));
    await server.waitForEvents(['tab-b-after']);
    expect(server.eventsNamed('tab-b-after')[0]!.stage).toBe('conversion');
    // both tabs leave: whatever either still held goes out by beacon
    for (const { page: tab } of [a, b]) await tab.evaluate(() => void (location.href = 'about:blank'));
    await sleep(1_000);

    expect(changes().map((e) => `${e.props.from} -> ${e.name} (${e.page.path})`)).toEqual(['null -> awareness (/a)', 'awareness -> conversion (/a)']);
    expect(new Set(server.events().map((e) => e.anonymousId)).size).toBe(1);
    expect(a.log.errors).toEqual([]);
    expect(b.log.errors).toEqual([]);
  });

  test('a model from config is applied; a bad rule gives one [waymark] warning naming the field, and no page error', async () => {
    const config = {
      ...CONFIG,
      stages: [
        { id: 'visitor', rules: [{ id: 'any-touch', count: 1 }] },
        { id: 'engaged', rules: [{ id: 'two-pages', type: 'page_view', count: 2 }] },
        { id: 'lead', rules: [] },
      ],
      rules: [{ stage: 'lead', id: 'newsletter-form', type: 'form_submit', name: 'newsletter*' }],
    };
    const body = `
      <div id="for-lead" data-waymark-show="lead">Thanks for subscribing</div>
      <div id="for-consideration" data-waymark-show="consideration">Talk to sales</div>
      <form data-waymark-form="newsletter-footer" onsubmit="event.preventDefault()"><input name="email"><button>Subscribe</button></form>`;
    // /pricing would be consideration in the default model: this model has no such stage
    const { page: tab, log } = await open('/pricing', sdkPage({ site: 'custom', title: 'Pricing', config, before: ROUTER, body }));
    await waitForStage('visitor');
    await tab.evaluate(() => (window as unknown as { go(p: string, t: string): void }).go('/plans', 'Plans'));
    await waitForStage('engaged');
    await tab.click('form button');
    await waitForStage('lead');
    const state = await tab.evaluate(() => ({
      stage: (window as unknown as WaymarkWindow).waymark.stage,
      html: document.documentElement.getAttribute('data-waymark-stage'),
      lead: getComputedStyle(document.getElementById('for-lead')!).display,
      consideration: getComputedStyle(document.getElementById('for-consideration')!).display,
      explained: (window as unknown as WaymarkWindow).waymark.explain(),
    }));
    await sleep(300);
    const submit = server.events().find((e) => e.type === 'form_submit')!;
    expect(changes().map((e) => [e.props.from, e.name, e.props.rule])).toEqual([
      [null, 'visitor', 'any-touch'],
      ['visitor', 'engaged', 'two-pages'],
      ['engaged', 'lead', 'newsletter-form'],
    ]);
    expect(state).toMatchObject({ stage: 'lead', html: 'lead', consideration: 'none', explained: { stage: 'lead', rule: 'newsletter-form', trigger: submit.id } });
    expect(state.lead).not.toBe('none');
    expect(server.events().every((e) => ['visitor', 'engaged', 'lead'].includes(e.stage as string))).toBe(true);
    expect(log.errors).toEqual([]);
    expect(log.waymarkWarnings()).toEqual([]);

    // a rule for a stage the model does not have: the config is refused, said once, and the page goes on
    const bad = await (async () => {
      const badConfig = { ...CONFIG, rules: [{ stage: 'vip', type: 'custom', name: 'big-spender' }] };
      server.page('/bad', sdkPage({ site: 'custom-bad', config: badConfig, before: SNIPPET }));
      const t = await browser.newPage();
      const l = watchPage(t);
      await t.goto(server.url + '/bad');
      return { page: t, log: l };
    })();
    const before = server.requests.length;
    expect(await bad.page.evaluate(() => {
      try {
        (window as unknown as WaymarkWindow).waymark.track('after-bad-rule');
        return 'ok';
      } catch (error) {
        return String(error);
      }
    })).toBe('ok');
    await sleep(1_000);
    const warnings = bad.log.console.filter((m) => m.type() === 'warning').map((m) => m.text());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[waymark\] /);
    expect(warnings[0]).toMatch(/rules\.0\.stage/);
    expect(warnings[0]).toMatch(/vip/);
    expect(bad.log.errors).toEqual([]);
    expect(bad.log.console.filter((m) => m.type() === 'error').map((m) => m.text())).toEqual([]);
    expect(server.requests.slice(before).filter((r) => r.body?.site === 'custom-bad' || r.events.some((e) => e.name === 'after-bad-rule'))).toEqual([]);
  });
});
