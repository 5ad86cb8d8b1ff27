import { createStore, promisifyRequest } from 'idb-keyval';
import type { Queued, Store } from './store';

/**
 * A Store in IndexedDB, in a database of its own (idb-keyval's `createStore`), keyed by event id. Writes resolve when their transaction completes: with
 * Chrome's relaxed durability that is when the data is with the operating system.
 */
export function idbStore(dbName: string): Store {
  let opened: ReturnType<typeof createStore> | undefined;
  // opened on first use, inside a promise: a browser without IndexedDB gets a rejection, not a throw
  const use: ReturnType<typeof createStore> = (mode, fn) => (opened ??= createStore(dbName, 'events'))(mode, fn);
  const write = (fn: (s: IDBObjectStore) => void) =>
    use('readwrite', (s) => {
      fn(s);
      return promisifyRequest(s.transaction);
    }).then(() => undefined);
  return {
    put: (events) => write((s) => events.forEach((e) => s.put(e.json, e.id))),
    head: (max) =>
      use('readonly', async (s) => {
        // keys and values of one range, read in one transaction, come in the same order
        const [ids, jsons] = await Promise.all([promisifyRequest(s.getAllKeys(null, max)), promisifyRequest(s.getAll(null, max) as IDBRequest<string[]>)]);
        return ids.map((id, i): Queued => ({ id: id as string, json: jsons[i]! }));
      }),
    remove: (ids) => write((s) => ids.forEach((id) => s.delete(id))),
    trim: (maxCount, floorId) =>
      use('readwrite', async (s) => {
        const old = IDBKeyRange.upperBound(floorId, true);
        const stale = await promisifyRequest(s.count(old));
        if (stale) s.delete(old);
        const excess = (await promisifyRequest(s.count())) - stale - maxCount;
        if (excess > 0) {
          const keys = await promisifyRequest(s.getAllKeys(IDBKeyRange.lowerBound(floorId), excess));
          s.delete(IDBKeyRange.bound(keys[0]!, keys[keys.length - 1]!));
        }
        await promisifyRequest(s.transaction);
        return stale + Math.max(0, excess);
      }),
    clear: () => write((s) => s.clear()),
  };
}
