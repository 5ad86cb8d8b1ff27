import type { Queued, Store } from './store';

/** A Store in this page's memory: the fallback where IndexedDB is missing or fails. */
export function memoryStore(): Store {
  let events: Queued[] = [];
  const sort = () => events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    async put(added) {
      const last = events[events.length - 1];
      // the common case appends new ids in order; an id put again replaces its event, as a key does in IndexedDB
      if (last && added[0] && added[0].id <= last.id) {
        const ids = new Set(added.map((e) => e.id));
        events = events.filter((e) => !ids.has(e.id));
        events.push(...added);
        sort();
      } else events.push(...added);
    },
    async head(max) {
      return events.slice(0, max);
    },
    async remove(ids) {
      const gone = new Set(ids);
      events = events.filter((e) => !gone.has(e.id));
    },
    async trim(maxCount, floorId) {
      const before = events.length;
      events = events.filter((e) => e.id >= floorId);
      if (events.length > maxCount) events = events.slice(events.length - maxCount);
      return before - events.length;
    },
    async clear() {
      events = [];
    },
  };
}
