import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WaymarkEvent } from '../../src/core/types';
import { createJourney, type Journey, type JourneyDeps } from '../../src/journey';
import { memoryStore } from '../../src/queue/memory';
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
    { endpoint: '/collect', site: `t${++n}`, flushInterval: 60_000, ...config },
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
  const sent = () => bodies.flatMap((b) => b.events);
  return { journey, bodies, beacons, answer, store, sent };
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

  it('refuses a bad config with an error that names the field', () => {
    expect(() => createJourney({ endpoint: 42 } as never)).toThrow('[waymark] invalid config: config.endpoint: expected string');
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
    await journey.flush();
    expect(JSON.stringify(sent()[0]).length).toBeLessThan(32_000);
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
    expect(beacons.flatMap((b) => b.events).map((e) => e.name)).toEqual(['leaving']);
    await journey.flush();
    expect(bodies).toHaveLength(0);
  });

  it('keeps events for the next page when the collector was failing at page hide', async () => {
    const { journey, beacons, answer, store } = setup();
    answer.status = 503;
    journey.track('a');
    await journey.flush();
    journey.track('b');
    dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(0);
    await vi.waitFor(async () => expect((await store.head(10)).map((e) => e.name)).toEqual(['a', 'b']));
  });

  it("sends the Segment batch shape with format: 'segment', through transform()", async () => {
    const { journey, bodies } = setup({ format: 'segment', transform: (body: object) => ({ ...body, writeKey: 'k' }) });
    journey.track('signup');
    await journey.flush();
    expect(bodies[0]).toMatchObject({ writeKey: 'k', batch: [{ type: 'track', event: 'signup' }] });
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
