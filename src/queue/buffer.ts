import { uuid7Floor } from '../core/id';
import type { WaymarkEvent } from '../core/types';
import { toQueued, type Store } from './store';

export interface BufferOptions {
  /** ms an event may wait in memory before it is written (SPEC: at most 1 s). */
  delay: number;
  maxQueue: number;
  maxAgeMs: number;
  /** Called after each write, with how many old events the bounds pushed out. */
  onPersisted: (dropped: number) => void;
  onError: (error: unknown) => void;
  now?: () => number;
}

export interface Buffer {
  /** Keeps an event in memory and makes sure it is written within `delay`; no storage work here. */
  add(event: WaymarkEvent): void;
  /** Writes what waits, in one transaction, and applies the bounds. */
  persist(): Promise<void>;
  /** Takes what waits out of the buffer, unwritten (for a hand-over on page hide). */
  take(): WaymarkEvent[];
  /** Forgets what waits (consent denied). */
  clear(): void;
  stop(): void;
}

/**
 * Coalesces tracked events into few IndexedDB transactions: a burst of 10,000 events costs a
 * handful of writes, not 10,000, and track() itself never touches storage.
 */
/** Events per write: a burst of 10,000 is ten transactions of ~10 ms each. */
const SLICE = 1000;

export function createBuffer(store: Store, o: BufferOptions): Buffer {
  const now = o.now ?? Date.now;
  let waiting: WaymarkEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const persist = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const events = waiting;
    waiting = [];
    // writes are chained so that a bound check never races the write before it
    writing = writing.then(async () => {
      if (!events.length) return;
      try {
        // slices, each its own task: serialising and storing a burst in one go would be a long task
        for (let i = 0; i < events.length; i += SLICE) await store.put(events.slice(i, i + SLICE).map(toQueued));
        o.onPersisted(await store.trim(o.maxQueue, uuid7Floor(now() - o.maxAgeMs)));
      } catch (error) {
        o.onError(error);
      }
    });
    return writing;
  };

  return {
    add(event) {
      waiting.push(event);
      timer ??= setTimeout(persist, o.delay);
    },
    persist,
    take() {
      const events = waiting;
      waiting = [];
      return events;
    },
    clear() {
      waiting = [];
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
