import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WaymarkEvent } from '../../src/core/types';
import { createJourney } from '../../src/entries/npm';
import type { Journey, JourneyDeps } from '../../src/journey';
import type { Flusher } from '../../src/transport/flusher';
import { memoryStore } from '../../src/queue/memory';
import { stored, storedNames } from './queue/fixtures';
import type { Store } from '../../src/queue/store';
import type { Answer } from '../../src/transport/send';

type Body = { events: WaymarkEvent[]; dropped: number; site: string | null; sdk: { name: string } };

let journeys: Journey[] = [];
let n = 0;

/** A journey whose collector is a mock: `bodies` holds what it received, `status` what it answers. */
function setup(config: Record<string, unknown> = {}, deps: JourneyDeps = {}) {
  const bodies: Body[] = [];
  const beacons: Body[] = [];
  const answer = { status: 200 };
  const store: Store = deps.store ?? memoryStore();
  const journey = createJourney(
    // autocapture is covered on its own below; here each test sees only what it tracks
    { endpoint: '/collect', site: `t${++n}`, flushInterval: 60_000, capture: { pageViews: false }, ...config },
    {
      store,
      fetch: async (_url, body): Promise<Answer> => {
        bodies.push(JSON.parse(body) as Body);
        return { ...answer };
      },
      beacon: (_url, body) => {
        beacons.push(JSON.parse(body) as Body);
        return true;
      },
      ...deps,
    },
  );
  journeys.push(journey);
  const all = () => bodies.flatMap((b) => b.events);
  // stage changes have tests of their own; the others look only at the touchpoints they track
  const sent = () => all().filter((e) => e.type !== 'stage_change');
  return { journey, bodies, beacons, answer, store, sent, all };
}

describe('createJourney', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '/pricing?utm_source=news&email=jo@mail.com&token=s3cret');
    document.title = 'Pricing';
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    journeys.forEach((j) => j.shutdown());
    journeys = [];
    warn.mockRestore();
  });

  it('sends a tracked touchpoint in the wire format, with the page cleaned', async () => {
    const { journey, bodies } = setup();
    journey.track('webinar_signup', { topic: 'pricing' });
    await journey.flush();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ site: `t${n}`, dropped: 0, sdk: { name: 'waymark' } });
    const [event] = bodies[0]!.events;
    expect(event).toMatchObject({
      type: 'custom',
      name: 'webinar_signup',
      props: { topic: 'pricing' },
      userId: null,
      page: { url: `${location.origin}/pricing?utm_source=news`, path: '/pricing', title: 'Pricing' },
      context: { gpc: false, dnt: false, locale: navigator.language },
    });
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(bodies)).not.toMatch(/s3cret|jo@mail/);
  });

  it('captures the landing page view, with the channel of the visit', async () => {
    const { journey, sent } = setup({ capture: {} });
    await journey.flush();
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatchObject({ type: 'page_view', name: 'Pricing', props: { path: '/pricing' } });
    expect(sent()[0]!.context.attribution).toMatchObject({ first: { source: 'news' }, last: { source: 'news' } });
  });

  it('starts a new session when a visit comes from a new campaign', async () => {
    const first = setup({ site: 'campaign' });
    first.journey.track('a');
    await first.journey.flush();
    first.journey.shutdown();
    history.replaceState(null, '', '/?utm_source=newsletter&utm_campaign=black-friday');
    const second = setup({ site: 'campaign' });
    second.journey.track('b');
    await second.journey.flush();
    expect(second.sent()[0]!.sessionId).not.toBe(first.sent()[0]!.sessionId);
    expect(second.sent()[0]!.context.attribution).toMatchObject({ first: { source: 'news' }, last: { campaign: 'black-friday' } });
  });

  it('refuses a bad config with an error that names the field', () => {
    expect(() => createJourney({ endpoint: 42 } as never)).toThrow('[waymark] invalid config: config.endpoint: must be a string');
  });

  it('never throws into the page, whatever track() is given, and warns once per call', async () => {
    const { journey, sent } = setup();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const calls: unknown[][] = [[undefined], [42], [''], ['ok', cyclic], ['ok', { big: 10n, fn: () => 1 }], ['ok', 'not props'], ['long', { s: 'x'.repeat(100_000) }]];
    for (const args of calls) expect(() => (journey.track as (...a: unknown[]) => void)(...args)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(calls.length);
    for (const [message] of warn.mock.calls) expect(String(message)).toMatch(/^\[waymark\] /);
    await journey.flush();
    expect(sent().map((e) => e.props)).toEqual([{ a: 1 }, { big: '10' }, {}, { s: 'x'.repeat(8000) }]);
    for (const event of sent()) expect(JSON.stringify(event).length).toBeLessThan(32_000);
  });

  it('keeps an event under 32 KB however many long values it has', async () => {
    const { journey, sent } = setup();
    const props = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'y'.repeat(5000)]));
    journey.track('wide', props);
    journey.track('long', { list: Array.from({ length: 100_000 }, (_, i) => i) });
    await journey.flush();
    expect(sent().map((e) => e.name)).toEqual(['wide', 'long']);
    for (const event of sent()) expect(JSON.stringify(event).length).toBeLessThan(32_000);
  });

  it('attaches the user id after identify()', async () => {
    const { journey, sent } = setup();
    journey.identify('user-42', { plan: 'pro' });
    journey.track('after');
    await journey.flush();
    expect(sent().map((e) => [e.type, e.name, e.userId])).toEqual([
      ['identify', 'user-42', 'user-42'],
      ['custom', 'after', 'user-42'],
    ]);
    expect(sent()[0]!.props).toEqual({ plan: 'pro' });
  });

  it('sends nothing while consent is pending, all of it once granted', async () => {
    const { journey, bodies, sent } = setup({ consent: 'pending' });
    journey.track('a');
    await journey.flush();
    expect(bodies).toHaveLength(0);
    journey.consent('granted');
    await vi.waitFor(() => expect(sent().map((e) => e.name)).toEqual(['a']));
  });

  it('erases what waits when consent is denied, and then tracks nothing', async () => {
    const { journey, bodies, store } = setup({ consent: 'pending' });
    journey.track('a');
    await journey.flush();
    journey.consent('denied');
    journey.track('b');
    journey.consent('granted');
    await journey.flush();
    expect(bodies.flatMap((b) => b.events).map((e) => e.name)).toEqual([]);
    expect(await store.head(10)).toEqual([]);
  });

  it('remembers an explicit consent choice across pages', async () => {
    setup({ site: 'consent' }).journey.consent('denied');
    const next = setup({ site: 'consent' });
    next.journey.track('a');
    await next.journey.flush();
    expect(next.bodies).toHaveLength(0);
  });

  it("treats a GPC visitor as denied under privacy.gpc 'deny', and flags it otherwise", async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const denied = setup({ privacy: { gpc: 'deny' } });
      denied.journey.track('a');
      await denied.journey.flush();
      expect(denied.bodies).toHaveLength(0);
      const flagged = setup();
      flagged.journey.track('a');
      await flagged.journey.flush();
      expect(flagged.sent()[0]!.context).toMatchObject({ gpc: true });
    } finally {
      Reflect.deleteProperty(navigator, 'globalPrivacyControl');
    }
  });

  it('keeps the anonymous and session ids across a reload, and reset() forgets the visitor', async () => {
    const first = setup({ site: 'reload' });
    first.journey.track('a');
    await first.journey.flush();
    first.journey.shutdown();
    const second = setup({ site: 'reload' });
    second.journey.track('b');
    await second.journey.flush();
    const [a] = first.sent();
    const [b] = second.sent();
    expect(b!.anonymousId).toBe(a!.anonymousId);
    expect(b!.sessionId).toBe(a!.sessionId);
    second.journey.reset();
    second.journey.track('c');
    await second.journey.flush();
    const c = second.sent()[1]!;
    expect(c.anonymousId).not.toBe(a!.anonymousId);
    expect(c.userId).toBeNull();
  });

  it('starts a new session after 30 minutes without activity', async () => {
    let now = Date.now();
    const { journey, sent } = setup({}, { now: () => now });
    journey.track('a');
    now += 29 * 60_000;
    journey.track('b');
    now += 31 * 60_000;
    journey.track('c');
    await journey.flush();
    const [a, b, c] = sent();
    expect(b!.sessionId).toBe(a!.sessionId);
    expect(c!.sessionId).not.toBe(b!.sessionId);
  });

  it('hands unsent events to the beacon on page hide, and never sends them again', async () => {
    const { journey, beacons, bodies } = setup();
    journey.track('leaving');
    dispatchEvent(new Event('pagehide'));
    expect(beacons.flatMap((b) => b.events).map((e) => e.name)).toEqual(['leaving', 'awareness']);
    await journey.flush();
    expect(bodies).toHaveLength(0);
  });

  it('hands events already written but not yet sent to the beacon too, and takes them out of the queue', async () => {
    const { journey, beacons, bodies, store } = setup();
    await journey.flush();
    journey.track('written');
    await vi.waitFor(async () => expect(await stored(store)).toHaveLength(2));
    journey.track('fresh');
    dispatchEvent(new Event('pagehide'));
    expect(beacons.flatMap((b) => b.events).map((e) => e.name)).toEqual(['written', 'awareness', 'fresh']);
    // the next flush, of this tab or another, takes what was handed over out of the queue first
    await journey.flush();
    expect(bodies).toHaveLength(0);
    expect(await store.head(10)).toEqual([]);
  });

  it('keeps what it could not send as the page goes away in sessionStorage, and the next page queues it once', async () => {
    sessionStorage.clear();
    const first = setup({ site: 'kept', consent: 'pending' });
    first.journey.track('written');
    await vi.waitFor(async () => expect(await storedNames(first.store)).toContain('written'));
    first.journey.track('fresh');
    dispatchEvent(new Event('pagehide'));
    first.journey.shutdown();
    expect((JSON.parse(sessionStorage.getItem('waymark:kept:/collect:kept')!) as WaymarkEvent[]).map((e) => e.name)).toEqual(['written', 'awareness', 'fresh']);
    // the next page of the tab: a copy that reached IndexedDB (here all of them) is replaced, not doubled
    await vi.waitFor(async () => expect(await storedNames(first.store)).toContain('fresh'));
    const next = setup({ site: 'kept', consent: 'pending' }, { store: first.store });
    await vi.waitFor(async () => expect((await storedNames(next.store)).sort()).toEqual(['awareness', 'fresh', 'written']));
    expect(sessionStorage.getItem('waymark:kept:/collect:kept')).toBeNull();
    next.journey.consent('granted');
    await next.journey.flush();
    expect(next.sent().map((e) => e.name).sort()).toEqual(['fresh', 'written']);
  });

  it('does not hand over what another tab has sent', async () => {
    const tabA = setup({ site: 'handover' });
    const tabB = setup({ site: 'handover' }, { store: tabA.store });
    await Promise.all([tabA.journey.flush(), tabB.journey.flush()]);
    tabA.journey.track('a');
    await vi.waitFor(async () => expect(await stored(tabA.store)).toHaveLength(2));
    await tabB.journey.flush();
    expect(tabB.sent().map((e) => e.name)).toEqual(['a']);
    await new Promise((r) => setTimeout(r, 20));
    dispatchEvent(new Event('pagehide'));
    expect(tabA.beacons.flatMap((b) => b.events).map((e) => e.name)).not.toContain('a');
  });

  it("makes a burst's events after the caller's task, 250 per task, and all of them before its state is read", async () => {
    const { journey } = setup();
    await journey.flush(); // the flush a journey starts with, which would make them all at once
    const made: string[] = [];
    journey.on('event', (e) => void (e.type === 'custom' && made.push(e.name)));
    for (let i = 0; i < 2500; i++) journey.track(`e${i}`, { i });
    expect(made).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(made).toHaveLength(250);
    expect(journey.stage).toBe('awareness');
    expect(made).toEqual(Array.from({ length: 2500 }, (_, i) => `e${i}`));
  });

  it('keeps the order of events when a listener reads the stage while they are made', async () => {
    const { journey } = setup();
    await journey.flush();
    const made: string[] = [];
    journey.on('event', (e) => {
      if (e.type !== 'custom') return;
      made.push(e.name);
      void journey.stage;
    });
    for (let i = 0; i < 600; i++) journey.track(`e${i}`);
    await new Promise((r) => setTimeout(r, 0));
    expect(made).toEqual(Array.from({ length: 600 }, (_, i) => `e${i}`));
  });

  it('delivers a burst larger than maxQueue whole to a collector that answers', async () => {
    const { journey, sent, bodies } = setup({ maxQueue: 10 });
    for (let i = 0; i < 30; i++) journey.track(`e${i}`);
    await journey.flush();
    expect(sent().map((e) => e.name)).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`));
    expect(bodies.every((b) => b.dropped === 0)).toBe(true);
  });

  it('holds what a failing collector leaves waiting to maxQueue, and reports the oldest it dropped', async () => {
    const { journey, answer, bodies, store } = setup({ maxQueue: 10 });
    answer.status = 503;
    for (let i = 0; i < 30; i++) journey.track(`e${i}`);
    await journey.flush();
    await vi.waitFor(async () => expect(await stored(store)).toHaveLength(10));
    const refused = bodies.length;
    answer.status = 200;
    dispatchEvent(new Event('online'));
    await vi.waitFor(async () => expect(await stored(store)).toHaveLength(0));
    const accepted = bodies.slice(refused);
    // 31 events were tracked: the 30 and the stage change to awareness
    expect(accepted.flatMap((b) => b.events.map((e) => e.name))).toEqual(Array.from({ length: 10 }, (_, i) => `e${i + 20}`));
    expect(accepted[0]!.dropped).toBe(21);
  });

  it('keeps events for the next page when the collector was failing at page hide', async () => {
    const { journey, beacons, answer, store } = setup();
    answer.status = 503;
    journey.track('a');
    await journey.flush();
    journey.track('b');
    dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(0);
    await vi.waitFor(async () => expect(await storedNames(store)).toEqual(['a', 'awareness', 'b']));
  });

  it("sends the Segment batch shape with format: 'segment', through transform()", async () => {
    const { journey, bodies } = setup({ format: 'segment', transform: (body: object) => ({ ...body, writeKey: 'k' }) });
    journey.track('signup');
    // the Segment shape loads on demand: the batch leaves once it is there
    await vi.waitFor(() =>
      expect(bodies[0]).toMatchObject({ writeKey: 'k', batch: [{ type: 'track', event: 'signup' }, { type: 'track', event: 'stage_change' }] }),
    );
  });

  it('sends the waymark body through transform(), once the part that reshapes batches has loaded', async () => {
    let loaded!: () => void;
    const gate = new Promise<void>((resolve) => (loaded = resolve));
    const reshape = async () => (await gate, import('../../src/transport/payload'));
    const { journey, bodies } = setup({ transform: (body: { events: unknown[] }) => ({ n: body.events.length, ...body }) }, { lazy: { reshape } });
    journey.track('signup');
    await journey.flush();
    expect(bodies).toHaveLength(0);
    loaded();
    await vi.waitFor(() => expect(bodies[0]).toMatchObject({ n: 2, sdk: { name: 'waymark' }, events: [{ name: 'signup' }, { type: 'stage_change' }] }));
  });

  it('waits for a worker still starting before it writes, for 750 ms at most (a write is due within 1 s)', async () => {
    // a worker is started only where Web Locks share the queue
    Object.defineProperty(navigator, 'locks', { value: { request: async () => {} }, configurable: true });
    const made = (ready: Promise<void>) => {
      const written: string[] = [];
      const remoteFlusher = async () => {
        await ready;
        const flusher: Flusher = { flush: async () => {}, schedule() {}, handOver: () => [], healthy: () => true, sending: { has: () => false }, release: () => [], drop() {}, reset() {}, stop() {} };
        return { ...flusher, write: async (events: readonly WaymarkEvent[]) => void written.push(...events.map((e) => e.name)) };
      };
      return { written, lazy: { worker: () => ({}) as Worker, remote: async () => ({ remoteFlusher: remoteFlusher as never }) } };
    };
    vi.useFakeTimers();
    try {
      // the worker answers 400 ms after start: the write of 250 ms waits, and goes to it
      let answer!: () => void;
      const slow = made(new Promise((resolve) => (answer = resolve)));
      const a = setup({}, { lazy: slow.lazy });
      a.journey.track('waited');
      await vi.advanceTimersByTimeAsync(300);
      expect(await storedNames(a.store)).toEqual([]);
      answer();
      await vi.advanceTimersByTimeAsync(100);
      expect(slow.written).toContain('waited');
      expect(await storedNames(a.store)).toEqual([]);

      // a worker that does not answer: the page writes itself, 250 + 750 ms after the event
      const silent = made(new Promise(() => {}));
      const b = setup({}, { lazy: silent.lazy });
      b.journey.track('not-waited-for-ever');
      await vi.advanceTimersByTimeAsync(999);
      expect(await storedNames(b.store)).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(async () => expect(await storedNames(b.store)).toContain('not-waited-for-ever'));
    } finally {
      vi.useRealTimers();
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('stops after shutdown()', async () => {
    const { journey, bodies } = setup();
    journey.shutdown();
    journey.track('late');
    await journey.flush();
    expect(bodies).toHaveLength(0);
  });

  it('falls back to memory, with one warning, when IndexedDB fails', async () => {
    const fail = () => Promise.reject(new Error('no idb'));
    const broken: Store = { put: fail, head: fail, remove: fail, trim: fail, clear: fail };
    const { journey, sent } = setup({}, { store: broken });
    journey.track('a');
    journey.track('b');
    await journey.flush();
    expect(sent().map((e) => e.name)).toEqual(['a', 'b']);
    expect(warn.mock.calls.filter((call: unknown[]) => String(call[0]).includes('IndexedDB'))).toHaveLength(1);
  });
});

describe('journey stages', () => {
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '/');
    document.body.innerHTML = '';
  });
  afterEach(() => {
    journeys.forEach((j) => j.shutdown());
    journeys = [];
  });

  it('moves the stage, reports it, and stamps every event with the stage after it', async () => {
    const { journey, all } = setup();
    const moves: [string | null, string, string | undefined][] = [];
    journey.on('stage', ({ from, to, event }) => moves.push([from, to, event?.type]));
    journey.track('browse');
    expect(journey.stage).toBe('awareness');
    history.pushState(null, '', '/pricing');
    journey.page();
    journey.track('signup');
    await journey.flush();
    expect(moves).toEqual([
      [null, 'awareness', 'stage_change'],
      ['awareness', 'consideration', 'stage_change'],
      ['consideration', 'conversion', 'stage_change'],
    ]);
    const events = all();
    expect(events.map((e) => [e.type, e.name, e.stage])).toEqual([
      ['custom', 'browse', 'awareness'],
      ['stage_change', 'awareness', 'awareness'],
      ['page_view', document.title, 'consideration'],
      ['stage_change', 'consideration', 'consideration'],
      ['custom', 'signup', 'conversion'],
      ['stage_change', 'conversion', 'conversion'],
    ]);
    const change = events[5]!;
    expect(change.props).toEqual({ from: 'consideration', to: 'conversion', trigger: events[4]!.id, rule: 'conversion-event' });
    expect(journey.explain()).toEqual({ stage: 'conversion', rule: 'conversion-event', trigger: events[4]!.id, since: events[4]!.time });
  });

  it('keeps the stage across a reload, without a second stage_change', async () => {
    const first = setup({ site: 'stay' });
    first.journey.track('signup');
    await first.journey.flush();
    first.journey.shutdown();
    const second = setup({ site: 'stay' });
    expect(second.journey.stage).toBe('conversion');
    second.journey.track('signup');
    await second.journey.flush();
    expect(second.all().map((e) => e.type)).toEqual(['custom']);
    second.journey.reset();
    expect(second.journey.stage).toBeNull();
  });

  it('shows [data-waymark-show] elements only in their stages, and tags <html>', async () => {
    document.body.innerHTML = '<p id="pitch" data-waymark-show="awareness interest">Learn</p><p id="offer" data-waymark-show="conversion">Offer</p>';
    const { journey } = setup();
    const pitch = document.getElementById('pitch')!;
    const offer = document.getElementById('offer')!;
    expect([pitch.style.display, offer.style.display]).toEqual(['none', 'none']);
    // the page follows the stage once the touchpoint's event is made, in a task of its own
    journey.track('hello');
    await new Promise((r) => setTimeout(r, 0));
    expect(document.documentElement.getAttribute('data-waymark-stage')).toBe('awareness');
    expect([pitch.style.display, offer.style.display]).toEqual(['', 'none']);
    journey.track('purchase');
    await new Promise((r) => setTimeout(r, 0));
    expect([pitch.style.display, offer.style.display]).toEqual(['none', '']);
    document.body.insertAdjacentHTML('beforeend', '<p id="late" data-waymark-show="awareness">Late</p>');
    await new Promise((r) => setTimeout(r, 0));
    expect(document.getElementById('late')!.style.display).toBe('none');
  });

  it('uses the stages and rules of the config', async () => {
    const stages = [
      { id: 'visitor', rules: [{ count: 1 }] },
      { id: 'lead', rules: [{ type: 'form_submit', name: 'newsletter*' }] },
    ];
    const { journey } = setup({ stages, rules: [{ stage: 'lead', type: 'custom', name: 'ebook_download', props: { pages: { gte: 10 } } }] });
    journey.track('ebook_download', { pages: 3 });
    expect(journey.stage).toBe('visitor');
    journey.track('ebook_download', { pages: 12 });
    expect(journey.stage).toBe('lead');
  });

  it('refuses rules that name an unknown stage, saying where', () => {
    expect(() => createJourney({ endpoint: '/c', rules: [{ stage: 'vip', type: 'custom' }] } as never)).toThrow(
      '[waymark] invalid config: config.rules.0.stage: names an unknown stage "vip"',
    );
    expect(() => createJourney({ endpoint: '/c', stages: [{ id: 'a', rules: [{ count: 0 }] }] } as never)).toThrow(
      'config.stages.0.rules.0.count: must be at least 1',
    );
  });

  it('takes a stage another tab reached, without a stage_change of its own', async () => {
    const tabA = setup({ site: 'tabs' });
    const tabB = setup({ site: 'tabs' });
    const heard: (string | null)[] = [];
    tabB.journey.on('stage', ({ to, event }) => heard.push(`${to}:${event === null ? 'remote' : 'local'}`));
    tabA.journey.track('purchase');
    await vi.waitFor(() => expect(tabB.journey.stage).toBe('conversion'));
    expect(heard).toEqual(['conversion:remote']);
    tabB.journey.track('purchase');
    await tabB.journey.flush();
    expect(tabB.all().map((e) => e.type)).toEqual(['custom']);
  });
});

describe('debug', () => {
  it('prints each event and each accepted batch with debug: true', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { journey } = setup({ debug: true });
    journey.track('signup');
    await journey.flush();
    const lines = info.mock.calls.map(([m]) => String(m));
    expect(lines).toContain('[waymark] custom signup (stage conversion)');
    expect(lines.some((l) => /^\[waymark\] sent \d+ event\(s\)$/.test(l))).toBe(true);
    journey.shutdown();
    info.mockRestore();
  });
});
