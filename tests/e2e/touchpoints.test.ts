// @vitest-environment node
/**
 * Autocapture in a real browser: each touchpoint of SPEC.md (Touchpoints) is caused by a real
 * action in Chromium (a click, typing, a navigation, a chat widget opening) and checked in what
 * the collector received, beacons included. Privacy (SPEC.md, Privacy): no value typed into a form
 * ever appears in any request body.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { WaymarkEvent } from '../../src/core/types';
import { watchPage, type PageLog, type TestBrowser } from '../helpers/browser';
import { sdkPage, sdkReady, type SdkPageOptions, type WaymarkWindow } from '../helpers/pages';
import { watchRequests, type RequestLog } from '../helpers/requests';
import type { TestServer } from '../helpers/server';
import { useBrowserSuite } from '../helpers/suite';
import { sleep, waitFor } from '../helpers/wait';

let browser: TestBrowser;
let server: TestServer;
useBrowserSuite((b) => (browser = b), (s) => (server = s));

interface Opened {
  page: Page;
  log: PageLog;
  net: RequestLog;
}

/** A page without the SDK: where a link or a form leads. */
const plainPage = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

/** Serves the SDK page at `path` (its query string is not part of the route) and opens it in a new tab. */
async function open(path: string, options: SdkPageOptions, referer?: string): Promise<Opened> {
  server.page(path.split('?')[0]!, sdkPage(options));
  const page = await browser.newPage();
  const log = watchPage(page);
  const net = watchRequests(page);
  await page.goto(server.url + path, referer ? { referer } : undefined);
  await sdkReady(page);
  return { page, log, net };
}

/** Accepted events of one type, in the order they were tracked. */
const ofType = (type: WaymarkEvent['type']) => server.events().filter((e) => e.type === type);

const waitForType = (type: WaymarkEvent['type'], n = 1, timeoutMs = 5_000) =>
  waitFor(() => ofType(type).length >= n, timeoutMs, `${n} ${type} event(s)`, server.describe);

const leave = (page: Page, to = 'about:blank') =>
  page.evaluate((url) => {
    location.href = url;
  }, to);

/** Every value typed into or held by a form field in these tests contains this (never in hex ids). */
const SECRET = /zyx/i;
const EMAIL = /[\w.+-]+(@|%40)[\w-]+\.[a-z]{2,}/i;

/** No request body the collector saw (accepted or not, fetch or beacon) carries a field value. */
function expectNoValues() {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const request of server.requests) {
    expect(request.text, `request ${request.index} (${request.via}) carries a field value`).not.toMatch(SECRET);
    expect(request.text, `request ${request.index} (${request.via}) carries an e-mail address`).not.toMatch(EMAIL);
  }
}

/** Less than the rest of the SDK: only the touchpoint under test and what it needs. */
const fast = (capture: Record<string, unknown> = {}) => ({ flushInterval: 200, capture: { vitals: false, ...capture } });

describe('touchpoints', () => {
  test('page_view: on load, one per SPA navigation with the new route title; replaceState, popstate and hash changes', async () => {
    // the app renders a route 20 ms after the URL changed, as a router does, then sets the title
    const app = `
      window.titles = { '/app': 'Home', '/app/pricing': 'Pricing', '/app/docs': 'Docs' };
      const render = () => setTimeout(() => { document.title = titles[location.pathname] || 'Unknown'; }, 20);
      window.go = (path) => { history.pushState({}, '', path); render(); };
      // a router that kept pushState before waymark loaded, so that waymark's wrapper never sees its calls
      window.goUnseen = History.prototype.pushState.bind(history);
      addEventListener('popstate', render);`;
    const { page, log } = await open('/app', { site: 'spa', title: 'Home', config: fast(), before: app });
    const views = () => ofType('page_view');
    await waitForType('page_view', 1);
    expect(views()[0]).toMatchObject({ name: 'Home', props: { path: '/app' }, page: { path: '/app', title: 'Home' } });

    await page.evaluate(() => (window as unknown as { go(p: string): void }).go('/app/pricing'));
    await waitForType('page_view', 2);
    expect(views()[1]).toMatchObject({ name: 'Pricing', props: { path: '/app/pricing' }, page: { path: '/app/pricing', title: 'Pricing' } });

    // pushState then replaceState to the same path (a router adding a query): one page view
    await page.evaluate(() => {
      (window as unknown as { go(p: string): void }).go('/app/docs');
      history.replaceState({}, '', '/app/docs?tab=api');
    });
    await waitForType('page_view', 3);
    expect(views()[2]).toMatchObject({ name: 'Docs', props: { path: '/app/docs' } });

    // the back button: one popstate, one page view, titled by the app
    await page.goBack();
    await waitForType('page_view', 4);
    expect(views()[3]).toMatchObject({ name: 'Pricing', props: { path: '/app/pricing' } });

    // a hash change is not a page view by default (it also fires popstate in Chromium)
    await page.evaluate(() => {
      location.hash = '#faq';
    });
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('spa-done'));
    await server.waitForEvents(['spa-done']);
    await sleep(400);
    expect(views().map((e) => `${e.props.path} ${e.name}`)).toEqual(['/app Home', '/app/pricing Pricing', '/app/docs Docs', '/app/pricing Pricing']);

    // an event tracked in the same task as a navigation carries the new page, however pushState was called
    await page.evaluate(() => {
      const w = window as unknown as WaymarkWindow & { goUnseen(s: object, t: string, u: string): void };
      w.waymark.track('before-unseen');
      w.goUnseen({}, '', '/app/unseen?utm_source=router');
      document.title = 'Unseen';
      w.waymark.track('after-unseen');
    });
    await server.waitForEvents(['after-unseen']);
    expect(server.events().find((e) => e.name === 'before-unseen')!.page).toMatchObject({ path: '/app/pricing', title: 'Pricing' });
    expect(server.events().find((e) => e.name === 'after-unseen')!.page).toMatchObject({ path: '/app/unseen', url: expect.stringMatching(/\/app\/unseen\?utm_source=router$/), title: 'Unseen' });
    expect(log.errors).toEqual([]);
  });

  test('cta_click: buttons, data-waymark-cta, button-like links; nothing inside data-waymark-ignore; the link still navigates', async () => {
    server.page('/next', plainPage('Next'));
    const long = 'Get started with the whole platform today '.repeat(3);
    const { page, log } = await open('/ctas', {
      site: 'ctas',
      config: fast({ rageClicks: false }),
      before: `window.prevented = []; document.addEventListener('click', (e) => prevented.push(e.defaultPrevented));`,
      body: `
        <button>
            Start   free trial
        </button>
        <button id="hero-cta"><span class="icon">→</span> <span>Try it</span></button>
        <button class="long">${long}</button>
        <div data-waymark-cta="book-demo" class="card">Book a demo</div>
        <section data-waymark-ignore>
          <button id="ignored-button">Ignored button</button>
          <div><a class="btn" href="#ignored">Ignored link</a></div>
        </section>
        <p>Plain text that is not a call to action.</p>
        <a class="btn-primary" href="/next?token=zz-private&utm_source=ad&email=someone%40example.com&ref=home">Sign up now</a>`,
    });
    await page.click('text=Start free trial');
    await page.click('#hero-cta span >> nth=1');
    await page.click('button.long');
    await page.click('[data-waymark-cta]');
    await page.click('#ignored-button');
    await page.click('a.btn');
    await page.click('p');
    // page handlers that run after waymark's saw no prevented default
    expect(await page.evaluate(() => (window as unknown as { prevented: boolean[] }).prevented)).toEqual([false, false, false, false, false, false, false]);

    const started = Date.now();
    await Promise.all([page.waitForURL((url) => url.pathname === '/next', { timeout: 5_000 }), page.click('a.btn-primary')]);
    const navigationMs = Date.now() - started;
    expect(await page.title()).toBe('Next');
    // the last click rides on the beacon: the page it was made on is gone
    await waitForType('cta_click', 5);
    await sleep(500);

    const ctas = ofType('cta_click');
    expect(ctas.map((e) => e.name)).toEqual(['Start free trial', 'hero-cta', long.replace(/\s+/g, ' ').trim().slice(0, 64), 'book-demo', 'Sign up now']);
    expect(ctas[0]!.props).toEqual({ text: 'Start free trial' });
    expect(ctas[1]!.props).toEqual({ text: '→ Try it' });
    expect((ctas[2]!.props.text as string).length).toBeLessThanOrEqual(64);
    expect(ctas[2]!.name).toHaveLength(64);
    expect(ctas[3]!.props).toEqual({ text: 'Book a demo' });
    // href: absolute, only campaign parameters kept
    expect(ctas[4]!.props).toEqual({ text: 'Sign up now', href: `${server.url}/next?utm_source=ad` });
    expect(ctas[4]!.page.path).toBe('/ctas');
    expect(server.events().filter((e) => /ignored/i.test(e.name))).toEqual([]);
    for (const request of server.requests) expect(request.text).not.toMatch(/zz-private|someone/);
    expect(navigationMs, 'the click navigated at once').toBeLessThan(5_000);
    expect(log.errors).toEqual([]);
  });

  test('chat_open: a click on [data-waymark-chat] opens a chat, and is not also a cta_click', async () => {
    const { page, log } = await open('/chat-button', {
      site: 'chat-button',
      config: fast(),
      body: `<button data-waymark-chat>Chat with us</button> <a href="#" data-waymark-chat="support-desk"><span>Help</span></a>`,
    });
    await page.click('button[data-waymark-chat]');
    // openings less than 1 s apart count once (a launcher click and the vendor event it causes)
    await sleep(1_100);
    await page.click('a[data-waymark-chat] span');
    await waitForType('chat_open', 2);
    await sleep(300);
    expect(ofType('chat_open').map((e) => [e.name, e.props])).toEqual([
      ['custom', { provider: 'custom' }],
      ['support-desk', { provider: 'support-desk' }],
    ]);
    expect(ofType('cta_click')).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  test('chat_open from chat widgets that load 2 s after the page (LiveChat, Crisp); the chat part loads only where a widget is', async () => {
    // Stand-ins that follow each vendor's documented JS API.
    // LiveChat (platform.text.com/docs/extending-chat-widget/javascript-api): LiveChatWidget.on/off/call,
    // 'visibility_changed' with { visibility: 'maximized' | 'minimized' | 'hidden' }.
    server.route(
      '/vendor/livechat.js',
      `(function () {
        var handlers = {};
        window.LiveChatWidget = {
          on: function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); },
          off: function (name, fn) { handlers[name] = (handlers[name] || []).filter(function (f) { return f !== fn; }); },
          call: function (method) {
            var visibility = { maximize: 'maximized', minimize: 'minimized', hide: 'hidden' }[method];
            if (visibility) (handlers.visibility_changed || []).forEach(function (fn) { fn({ visibility: visibility }); });
          },
          get: function () { return {}; },
        };
        window.__handlers = function (name) { return (handlers[name] || []).length; };
      })();`,
      { 'content-type': 'text/javascript' },
    );
    // Crisp (docs.crisp.chat, $crisp): the snippet sets window.$crisp = [] and loads l.js, which
    // replaces the array by an object whose push runs commands, after running what was queued.
    server.route(
      '/vendor/crisp-l.js',
      `(function () {
        var handlers = {};
        var run = function (command) {
          if (command[0] === 'on') (handlers[command[1]] = handlers[command[1]] || []).push(command[2]);
          else if (command[0] === 'do' && command[1] === 'chat:open') (handlers['chat:opened'] || []).forEach(function (fn) { fn(); });
        };
        var queued = Array.isArray(window.$crisp) ? window.$crisp : [];
        window.$crisp = { push: function () { for (var i = 0; i < arguments.length; i++) run(arguments[i]); }, is: function () { return false; } };
        queued.forEach(run);
        window.__handlers = function (name) { return (handlers[name] || []).length; };
      })();`,
      { 'content-type': 'text/javascript' },
    );
    const late = (snippet: string) => `setTimeout(function () { ${snippet} }, 2000);`;
    const inject = (src: string) => `var s = document.createElement('script'); s.src = '${src}'; s.async = true; document.head.appendChild(s);`;
    const opened = await Promise.all([
      open('/livechat', { site: 'livechat', config: fast(), before: late(inject('/vendor/livechat.js')) }),
      open('/crisp', { site: 'crisp', config: fast(), before: late(`window.$crisp = []; window.CRISP_WEBSITE_ID = 'test'; ${inject('/vendor/crisp-l.js')}`) }),
      open('/no-widget', { site: 'no-widget', config: fast(), body: '<h1>No chat here</h1>' }),
    ]);
    const openedAt = Date.now();
    const [livechat, crisp, none] = opened;
    // waymark polls for the vendor's global every second, then loads its chat part and subscribes
    for (const { page } of [livechat, crisp]) {
      await waitFor(() => page.evaluate(() => (window as unknown as { __handlers?: (n: string) => number }).__handlers?.(location.pathname === '/crisp' ? 'chat:opened' : 'visibility_changed') ?? 0).then((n) => n > 0), 8_000, `waymark to subscribe on ${page.url()}`, undefined, 100);
    }
    expect(ofType('chat_open')).toEqual([]);
    await livechat.page.evaluate(() => (window as unknown as { LiveChatWidget: { call(m: string): void } }).LiveChatWidget.call('maximize'));
    await crisp.page.evaluate(() => (window as unknown as { $crisp: { push(c: unknown[]): void } }).$crisp.push(['do', 'chat:open']));
    await waitForType('chat_open', 2);
    await sleep(300);

    const opens = ofType('chat_open');
    expect(opens.map((e) => [e.page.path, e.name, e.props]).sort()).toEqual([
      ['/crisp', 'crisp', { provider: 'crisp' }],
      ['/livechat', 'livechat', { provider: 'livechat' }],
    ]);
    // chat_open is evidence of consideration in the default model
    for (const e of opens) expect(e.stage).toBe('consideration');
    // the chat part was fetched once on each widget page, after the widget's script, and never on the page without one
    for (const [{ net }, vendor] of [[livechat, '/vendor/livechat.js'], [crisp, '/vendor/crisp-l.js']] as const) {
      expect(net.count('/dist/waymark.chat.js')).toBe(1);
      const paths = net.requested.map((u) => new URL(u).pathname);
      expect(paths.indexOf('/dist/waymark.chat.js')).toBeGreaterThan(paths.indexOf(vendor));
    }
    // the page without a widget, open for 3.5 s: 3 polls found no vendor, nothing was fetched
    await sleep(Math.max(0, openedAt + 3_500 - Date.now()));
    expect(none.net.count('/dist/waymark.chat.js')).toBe(0);
    for (const { log } of opened) expect(log.errors).toEqual([]);
  });

  test('form_submit: submit button, Enter, requestSubmit() and an SPA form; names and field names, never a value', async () => {
    server.page('/sink', plainPage('Sink'));
    server.page('/thanks', sdkPage({ site: 'forms', title: 'Thanks', config: fast() }));
    const { page, log, net } = await open('/forms', {
      site: 'forms',
      config: fast(),
      body: `
        <iframe name="sink" title="sink"></iframe>
        <form id="contact-form" action="/sink" target="sink">
          <input name="name"> <input name="email" type="email"> <input type="hidden" name="token" value="zyx-hidden-contact">
          <button type="submit">Send</button>
        </form>
        <form name="quote-request" action="/sink" target="sink" method="post">
          <input name="company"> <textarea name="details"></textarea> <input type="hidden" name="ref" value="zyx-hidden-quote">
        </form>
        <form action="/api/subscribe" class="spa">
          <input name="subscriber" type="email"> <input type="checkbox" name="weekly"> <button>Subscribe</button>
        </form>
        <form data-waymark-form="newsletter" id="ignored-id" name="ignored-name" action="/thanks">
          <input name="fullname"> <input name="email" type="email"> <input name="password" type="password">
          <input type="hidden" name="csrf" value="zyx-hidden-csrf"> <textarea name="message"></textarea>
          <button type="submit">Join</button>
        </form>
        <script>
          window.spaSubmits = 0;
          document.querySelector('form.spa').addEventListener('submit', (e) => { e.preventDefault(); spaSubmits++; });
        </script>`,
    });
    const sinkLoads = () => page.frame({ name: 'sink' })?.url() ?? '';
    // form abandons are watched from here on: a submitted form must not be reported as one
    await net.loaded('/dist/waymark.interactions.js');

    // Enter in a text field (implicit submission), into the iframe
    await page.fill('#contact-form [name=name]', 'Zyx Contactname');
    await page.fill('#contact-form [name=email]', 'zyx.contact@example.org');
    await page.press('#contact-form [name=email]', 'Enter');
    await waitFor(() => /\/sink\?/.test(sinkLoads()), 5_000, 'the contact form to reach the iframe');

    // requestSubmit(), a form without a submit button
    await page.fill('[name=quote-request] [name=company]', 'Zyx Corp');
    await page.fill('[name=quote-request] [name=details]', 'zyx: 40 seats, quote please');
    await page.evaluate(() => (document.forms.namedItem('quote-request') as HTMLFormElement).requestSubmit());

    // an SPA form whose own handler prevents the navigation
    await page.fill('form.spa [name=subscriber]', 'zyx.subscriber@example.org');
    await page.check('form.spa [name=weekly]');
    await page.click('form.spa button');
    expect(await page.evaluate(() => (window as unknown as { spaSubmits: number }).spaSubmits)).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/forms');

    // a submit button, and the page navigates (GET: the values are in the next page's URL)
    await page.fill('[data-waymark-form] [name=fullname]', 'Zyx Fullname');
    await page.fill('[data-waymark-form] [name=email]', 'zyx.full@example.org');
    await page.fill('[data-waymark-form] [name=password]', 'zyx-hunter2');
    await page.fill('[data-waymark-form] [name=message]', 'zyx private note');
    await Promise.all([page.waitForURL((url) => url.pathname === '/thanks', { timeout: 5_000 }), page.click('[data-waymark-form] button')]);
    expect(page.url()).toMatch(/zyx/);
    await sdkReady(page);
    await waitFor(() => ofType('page_view').some((e) => e.page.path === '/thanks'), 5_000, 'the page view of /thanks', server.describe);
    await waitForType('form_submit', 4);
    // leaving hands whatever is left to the beacon: those bodies are checked too
    await leave(page);
    await sleep(1_000);

    const submits = ofType('form_submit');
    expect(submits.map((e) => e.name)).toEqual(['contact-form', 'quote-request', '/api/subscribe', 'newsletter']);
    expect(submits.map((e) => e.props)).toEqual([
      { fields: 2, fieldNames: ['name', 'email'] },
      { fields: 2, fieldNames: ['company', 'details'] },
      { fields: 2, fieldNames: ['subscriber', 'weekly'] },
      { fields: 4, fieldNames: ['fullname', 'email', 'password', 'message'] },
    ]);
    expect(submits.every((e) => e.page.path === '/forms')).toBe(true);
    const thanks = ofType('page_view').find((e) => e.page.path === '/thanks')!;
    expect(thanks.page.url).toBe(`${server.url}/thanks`);
    expect(thanks.page.referrer).toBe(`${server.url}/forms`);
    expectNoValues();
    expect(log.errors).toEqual([]);
    // Every form was submitted: none was abandoned. (The quote form was sent by requestSubmit()
    // while its textarea had the focus; the browser fires that textarea's `change` when the focus
    // moves on, after the submit: that is not typing into the form again.)
    expect(ofType('form_abandon').map((e) => `${e.name} ${JSON.stringify(e.props)}`)).toEqual([]);
  });

  test('form_abandon: a form typed into and left without a submit arrives by beacon, with the fields touched, never a value', async () => {
    server.page('/elsewhere', plainPage('Elsewhere'));
    const { page, net, log } = await open('/abandon', {
      site: 'abandon',
      config: { ...fast(), flushInterval: 10_000 },
      body: `
        <form id="trial-form" action="/start">
          <input name="work-email" type="email"> <input name="company"> <input name="seats" type="number">
          <select name="plan"><option>team</option><option>business</option></select> <textarea name="notes"></textarea>
          <button>Start trial</button>
        </form>
        <a id="away" href="/elsewhere">Elsewhere</a>`,
    });
    await net.loaded('/dist/waymark.interactions.js');
    await page.fill('[name=work-email]', 'zyx.abandon@example.org');
    await page.fill('[name=company]', 'Zyx Corp');
    await page.selectOption('[name=plan]', 'business');
    await Promise.all([page.waitForURL((url) => url.pathname === '/elsewhere'), page.click('#away')]);
    await waitForType('form_abandon', 1);
    await sleep(500);

    const abandons = ofType('form_abandon');
    expect(abandons).toHaveLength(1);
    expect(abandons[0]).toMatchObject({ name: 'trial-form', props: { fieldNames: ['work-email', 'company', 'plan'] }, page: { path: '/abandon' } });
    const carrier = server.requests.find((r) => r.answer === 'accepted' && r.events.some((e) => e.type === 'form_abandon'))!;
    expect(carrier.via).toBe('beacon');
    expect(ofType('form_submit')).toEqual([]);
    expectNoValues();
    expect(log.errors).toEqual([]);
  });

  test('rage_click: 4 clicks within 1 s on one spot make one rage_click', async () => {
    const { page, net, log } = await open('/rage', {
      site: 'rage',
      config: fast(),
      body: `<div id="zone" class="card hero promo" style="width: 300px; height: 200px; background: #eee">Looks clickable</div>`,
    });
    await net.loaded('/dist/waymark.interactions.js');
    const box = (await page.locator('#zone').boundingBox())!;
    const [x, y] = [box.x + 150, box.y + 100];
    for (let i = 0; i < 4; i++) {
      await page.mouse.click(x + (i % 2) * 3, y + (i % 2) * 2);
      await sleep(120);
    }
    // reported once the burst is over (1 s without another click on that spot)
    await waitForType('rage_click', 1, 4_000);
    await sleep(1_300);
    const rage = ofType('rage_click');
    expect(rage).toHaveLength(1);
    expect(rage[0]!.name).toBe('div#zone.card.hero');
    expect(rage[0]!.props.clicks).toBeGreaterThanOrEqual(3);
    expect(rage[0]!.props.clicks).toBeLessThanOrEqual(4);
    expect(log.errors).toEqual([]);
  });

  test('web_vital: LCP, FCP and TTFB (and CLS, INP when Chromium reports them) arrive once each, with value and rating', async () => {
    server.page('/bye', plainPage('Bye'));
    const text = 'A page with enough text to paint and to be the largest contentful element. '.repeat(12);
    const { page, net, log } = await open('/vitals', {
      site: 'vitals',
      config: { flushInterval: 200 },
      body: `
        <main><h1>Web Vitals</h1><p>${text}</p><button id="work">Do some work</button></main>
        <script>
          // an interaction that takes the main thread for 80 ms: an INP worth reporting
          document.getElementById('work').addEventListener('click', (e) => {
            const end = performance.now() + 80;
            while (performance.now() < end);
            e.target.textContent = 'Done';
          });
          // a late banner that pushes the content down: a layout shift
          setTimeout(() => {
            const banner = document.createElement('div');
            banner.style.height = '150px';
            banner.textContent = 'Banner';
            document.body.prepend(banner);
          }, 300);
        </script>`,
    });
    // Web Vitals load when the page is idle
    await net.loaded('/dist/waymark.vitals.js', 8_000, 400);
    await page.click('#work');
    await sleep(300);
    await leave(page, server.url + '/bye');
    await waitFor(
      () => ['LCP', 'FCP', 'TTFB'].every((name) => ofType('web_vital').some((e) => e.name === name)),
      5_000,
      'LCP, FCP and TTFB',
      server.describe,
    );
    await sleep(800);

    const vitals = ofType('web_vital');
    const names = vitals.map((e) => e.name);
    for (const name of ['LCP', 'FCP', 'TTFB']) expect(names.filter((n) => n === name), `${name} once; got ${names.join(',')}`).toHaveLength(1);
    for (const name of ['CLS', 'INP']) expect(names.filter((n) => n === name).length, `${name} at most once`).toBeLessThanOrEqual(1);
    expect(names.every((n) => ['LCP', 'FCP', 'TTFB', 'CLS', 'INP'].includes(n))).toBe(true);
    for (const e of vitals) {
      expect(typeof e.props.value, `${e.name} value`).toBe('number');
      expect(e.props.value as number).toBeGreaterThanOrEqual(0);
      expect(['good', 'needs-improvement', 'poor']).toContain(e.props.rating);
      expect(e.page.path).toBe('/vitals');
    }
    const cls = vitals.find((e) => e.name === 'CLS');
    if (cls) expect(cls.props.value as number).toBeGreaterThan(0);
    const inp = vitals.find((e) => e.name === 'INP');
    if (inp) expect(inp.props.value as number).toBeGreaterThanOrEqual(40);
    console.info(`[touchpoints] web vitals reported by Chromium: ${vitals.map((e) => `${e.name}=${e.props.value} (${e.props.rating})`).join(', ')}`);
    expect(log.errors).toEqual([]);
  });

  test('attribution: a campaign landing with a referrer gives first and last touch, kept through an internal navigation', async () => {
    server.page('/features', sdkPage({ site: 'attribution', title: 'Features', config: fast() }));
    const referer = 'http://news.example.net/issue-42?subscriber=zz-1';
    const { page, log } = await open(
      '/?utm_source=newsletter&utm_medium=email&utm_campaign=launch&session=zz-private',
      { site: 'attribution', title: 'Home', config: fast(), body: '<a href="/features">Features</a>' },
      referer,
    );
    const seen = await page.evaluate(() => document.referrer);
    expect(seen).toMatch(/^http:\/\/news\.example\.net\//);
    await waitForType('page_view', 1);
    await Promise.all([page.waitForURL((url) => url.pathname === '/features'), page.click('a[href="/features"]')]);
    await sdkReady(page);
    await waitForType('page_view', 2);

    const [landing, internal] = ofType('page_view');
    const touch = {
      channel: 'email',
      source: 'newsletter',
      medium: 'email',
      campaign: 'launch',
      landing: `${server.url}/?utm_source=newsletter&utm_medium=email&utm_campaign=launch`,
      referrer: expect.stringMatching(/^http:\/\/news\.example\.net\//),
    };
    expect(landing!.context.attribution).toMatchObject({ first: touch, last: touch });
    expect(landing!.context.attribution!.first!.referrer).not.toMatch(/zz-1/);
    expect(internal!.page.path).toBe('/features');
    // an internal navigation is not a new touch
    expect(internal!.context.attribution).toEqual(landing!.context.attribution);
    expect(internal!.sessionId).toBe(landing!.sessionId);
    for (const request of server.requests) expect(request.text).not.toMatch(/zz-private|zz-1/);
    expect(log.errors).toEqual([]);
  });

  test('capture.ctas: false turns CTA clicks off, and the rest stays on', async () => {
    const { page, log } = await open('/no-ctas', {
      site: 'no-ctas',
      config: { flushInterval: 200, capture: { ctas: false, vitals: false } },
      body: `<button id="buy">Buy</button> <a class="btn-primary" href="#top">Top</a> <div data-waymark-cta="book-demo">Book a demo</div>`,
    });
    await page.click('#buy');
    await page.click('a.btn-primary');
    await page.click('[data-waymark-cta]');
    await page.evaluate(() => (window as unknown as WaymarkWindow).waymark.track('ctas-off-done'));
    await server.waitForEvents(['ctas-off-done']);
    await sleep(400);
    expect(ofType('cta_click')).toEqual([]);
    expect(ofType('page_view')).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });
});
