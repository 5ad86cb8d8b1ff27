import { describe, expect, it } from 'vitest';
import { wireBatch } from '../../../src/schema/wire';
import { toQueued } from '../../../src/queue/store';
import { segmentBody, waymarkBody, waymarkJson } from '../../../src/transport/payload';
import { makeEvent } from '../queue/fixtures';

const sentAt = '2026-11-29T10:00:00.000Z';

describe('waymarkBody', () => {
  it('is the wire format that the schema accepts', () => {
    const body = waymarkBody([makeEvent('signup', Date.now(), { plan: 'pro' })], 'acme', 3, sentAt);
    expect(wireBatch.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
    expect(body).toMatchObject({ site: 'acme', dropped: 3, sdk: { name: 'waymark' } });
  });
});

describe('waymarkJson', () => {
  it('is the JSON of waymarkBody, made from the queued strings', () => {
    const events = [makeEvent('a', Date.now(), { q: 'x"y' }), makeEvent('b')];
    for (const [site, dropped] of [['acme', 2], [null, 0]] as const)
      expect(waymarkJson(events.map(toQueued), site, dropped, sentAt)).toBe(JSON.stringify(waymarkBody(events, site, dropped, sentAt)));
    expect(JSON.parse(waymarkJson([], 'acme', 0, sentAt))).toMatchObject({ events: [] });
  });
});

describe('segmentBody', () => {
  it('maps page views, identifies and tracks onto the Segment batch shape', () => {
    const page = { ...makeEvent('Pricing'), type: 'page_view' as const, props: { path: '/pricing' } };
    const who = { ...makeEvent('user-42'), type: 'identify' as const, userId: 'user-42', props: { plan: 'pro' } };
    const custom = makeEvent('webinar_signup', Date.now(), { topic: 'x' });
    const cta = { ...makeEvent('book-demo'), type: 'cta_click' as const };
    const { batch, sentAt: at } = segmentBody([page, who, custom, cta], 'acme', 0, sentAt);
    expect(at).toBe(sentAt);
    expect(batch.map((m) => [m.type, 'event' in m ? m.event : undefined])).toEqual([
      ['page', undefined],
      ['identify', undefined],
      ['track', 'webinar_signup'],
      ['track', 'cta_click'],
    ]);
    expect(batch[0]).toMatchObject({ name: 'Pricing', messageId: page.id, properties: { path: '/', url: 'https://a.test/' } });
    expect(batch[1]).toMatchObject({ userId: 'user-42', traits: { plan: 'pro' } });
    expect(batch[2]).toMatchObject({ anonymousId: 'a', timestamp: custom.time, properties: { topic: 'x' }, context: { library: { name: 'waymark' } } });
  });
});
