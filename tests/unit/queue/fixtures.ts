import { toQueued, type Queued, type Store } from '../../../src/queue/store';
import { uuid7 } from '../../../src/core/id';
import type { WaymarkEvent } from '../../../src/core/types';

/** A queued event as the journey makes it, made at `time` (ms). */
export function makeEvent(name = 'e', time = Date.now(), props = {}): WaymarkEvent {
  return {
    id: uuid7(time),
    type: 'custom',
    name,
    time: new Date(time).toISOString(),
    anonymousId: 'a',
    userId: null,
    sessionId: 's',
    stage: null,
    page: { url: 'https://a.test/', path: '/', title: 'A', referrer: '' },
    props,
    context: { gpc: false, dnt: false },
  };
}

/** The same, as the queue keeps it. */
export const queued = (name = 'e', time = Date.now(), props = {}): Queued => toQueued(makeEvent(name, time, props));

/** The name of a queued event. */
export const nameOf = (q: Queued): string => (JSON.parse(q.json) as WaymarkEvent).name;

/** Every event a store holds, oldest record first. */
export const stored = async (store: Store): Promise<Queued[]> => (await store.head(Infinity)).flat();

/** The names of every event a store holds. */
export const storedNames = async (store: Store): Promise<string[]> => (await stored(store)).map(nameOf);
