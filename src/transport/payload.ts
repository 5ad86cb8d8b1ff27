import type { Json, WaymarkEvent } from '../core/types';
import type { Queued } from '../queue/store';

export const SDK = { name: 'waymark', version: '0.1.0' };

export type Format = 'waymark' | 'segment';

/** The body of one POST (SPEC.md, Wire format), for `transform`. */
export function waymarkBody(events: readonly WaymarkEvent[], site: string | null, dropped: number, sentAt: string) {
  return { sentAt, site, sdk: SDK, dropped, events };
}

/** The same body as JSON, made from events already serialised: JSON.stringify(waymarkBody(…)), without parsing them back. */
export const waymarkJson = (events: readonly Queued[], site: string | null, dropped: number, sentAt: string): string =>
  `${JSON.stringify(waymarkBody([], site, dropped, sentAt)).slice(0, -2)}${events.map((e) => e.json).join(',')}]}`;

/**
 * The encoder of a batch in another shape than the queued JSON (`format: 'segment'`, a `transform`):
 * the events are parsed back, shaped, and serialised again. The script-tag build loads it on demand.
 */
export const reshape =
  (format: Format | undefined, transform: ((body: object) => unknown) | undefined) =>
  (events: readonly Queued[], site: string | null, dropped: number, sentAt: string): string => {
    const made = (format === 'segment' ? segmentBody : waymarkBody)(JSON.parse(`[${events.map((e) => e.json).join(',')}]`) as WaymarkEvent[], site, dropped, sentAt);
    return JSON.stringify(transform ? transform(made) : made);
  };

const segmentType = (e: WaymarkEvent) => (e.type === 'page_view' ? 'page' : e.type === 'identify' ? 'identify' : 'track');

/**
 * The Segment HTTP API batch shape, which Segment, RudderStack and Jitsu accept. Custom
 * touchpoints keep their own name as the event; the others are named after their type.
 */
export function segmentBody(events: readonly WaymarkEvent[], site: string | null, dropped: number, sentAt: string) {
  return {
    sentAt,
    batch: events.map((e) => {
      const type = segmentType(e);
      const props: Record<string, Json> = { ...e.props, stage: e.stage };
      return {
        type,
        messageId: e.id,
        anonymousId: e.anonymousId,
        userId: e.userId,
        timestamp: e.time,
        ...(type === 'track' ? { event: e.type === 'custom' ? e.name : e.type, properties: { ...props, name: e.name } } : {}),
        ...(type === 'page' ? { name: e.name, properties: { ...props, ...e.page } } : {}),
        ...(type === 'identify' ? { traits: e.props } : {}),
        context: {
          ...e.context,
          page: e.page,
          library: SDK,
          sessionId: e.sessionId,
          site,
          ...(dropped ? { dropped } : {}),
        },
      };
    }),
  };
}
