import { recordStore, type Key, type Run } from './records';
import type { Queued, Store } from './store';

/**
 * The queue's records in this page's memory: the fallback where IndexedDB is missing or fails. The
 * script-tag build loads it only there; `recordStore` (in every page already) makes it a store.
 */
export function memoryRun(): Run {
  let records: { key: Key; events: Queued[] }[] = [];
  const at = (key: Key) => records.findIndex((r) => `${r.key}` === `${key}`);
  return async (_, fn) =>
    fn({
      keys: async () => records.map((r) => r.key),
      first: async (n) => records.slice(0, n).map((r) => r.events),
      get: async (key) => records[at(key)]?.events,
      add(events, key) {
        const i = records.findIndex((r) => r.key[0] > key[0]);
        records.splice(i < 0 ? records.length : i, 0, { key, events });
      },
      del(key) {
        const i = at(key);
        if (i >= 0) records.splice(i, 1);
      },
      clear() {
        records = [];
      },
    });
}

/** The queue in memory, as a store. */
export const memoryStore = (): Store => recordStore(memoryRun());
