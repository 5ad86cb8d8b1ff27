import { uuid7Floor } from '../core/id';
import type { WaymarkEvent } from '../core/types';
import { splitBatches } from '../transport/batch';
import { toQueued, type Store } from './store';

export interface BufferOptions {
  /** ms an event may wait in memory before it is written (SPEC: at most 1 s). */
  delay: number;
  /** Stores a slice of events (`writeEvents`, here or in the worker that sends them); resolves once they are stored. */
  write: (events: WaymarkEvent[]) => Promise<unknown>;
  /**
   * Events per write, each its own task (250 by default): serialising and storing a burst at once,
   * or handing it to the worker in one message, would be a long task (1,000 took up to 90 ms
   * before the code was compiled; 10,000 in one message, 80 ms).
   */
  slice?: () => number;
  maxQueue: number;
  maxAgeMs: number;
  /**
   * Whether delivery is draining the queue. While it is, a write does not apply the bounds: a
   * burst larger than `maxQueue` reaches a collector that answers. They apply to what waits
   * because it cannot go (`bound()`, offline, consent pending, a failing collector).
   */
  draining: () => boolean;
  /** Called after each write, with how many old events the bounds pushed out. */
  onPersisted: (dropped: number) => void;
  onError: (error: unknown) => void;
  now?: () => number;
}

export interface Buffer {
  /** Keeps an event in memory and makes sure it is written within `delay`; no storage work here. */
  add(event: WaymarkEvent): void;
  /** Writes what waits, in few transactions, and applies the bounds unless delivery is draining. */
  persist(): Promise<void>;
  /** Applies the bounds to what is stored (delivery has stalled). */
  bound(): Promise<void>;
  /** Takes what waits out of the buffer, unwritten (for a hand-over on page hide). */
  take(): WaymarkEvent[];
  /** Forgets what waits, and empties the store once the writes under way are done (consent denied). */
  clear(): Promise<void>;
  stop(): void;
}

/** Serialises events and stores them in one transaction, as records about one batch long (`batchSize` events at most). */
export const writeEvents = (store: Store, events: readonly WaymarkEvent[], batchSize: number): Promise<void> =>
  store.put(splitBatches(events.map(toQueued), batchSize));

/**
 * Coalesces tracked events into few IndexedDB transactions of few records: a burst of 10,000
 * events is forty transactions of three records, not 10,000 writes, and track() itself
 * never serialises nor touches storage.
 */
export function createBuffer(store: Store, o: BufferOptions): Buffer {
  const now = o.now ?? Date.now;
  let waiting: WaymarkEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  // writes are chained so that a bound check never races the write before it
  const chain = (step: () => Promise<void>) => (writing = writing.then(step).catch(o.onError));

  const trim = async () => o.onPersisted(await store.trim(o.maxQueue, uuid7Floor(now() - o.maxAgeMs)));

  const persist = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const events = waiting;
    waiting = [];
    return chain(async () => {
      if (!events.length) return;
      const n = o.slice?.() ?? 250;
      for (let i = 0; i < events.length; i += n) await o.write(events.slice(i, i + n));
      if (o.draining()) o.onPersisted(0);
      else await trim();
    });
  };

  return {
    add(event) {
      waiting.push(event);
      timer ??= setTimeout(persist, o.delay);
    },
    persist,
    bound: () => chain(trim),
    take() {
      const events = waiting;
      waiting = [];
      return events;
    },
    clear() {
      waiting = [];
      // after the writes under way: one of them landing later would keep what was to be erased
      return chain(store.clear);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
