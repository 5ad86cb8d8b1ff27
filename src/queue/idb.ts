import { createStore, promisifyRequest } from 'idb-keyval';
import { recordStore, type Key, type Tx } from './records';
import type { Queued, Store } from './store';

/**
 * The queue in IndexedDB, in a database of its own (idb-keyval's `createStore`), as records keyed
 * by their id range. Writes resolve when their transaction completes: with Chrome's relaxed
 * durability that is when the data is with the operating system.
 */
export function idbStore(dbName: string): Store {
  let opened: ReturnType<typeof createStore> | undefined;
  return recordStore((write, fn) =>
    // opened on first use, inside a promise: a browser without IndexedDB gets a rejection, not a throw
    (opened ??= createStore(dbName, 'events'))(write ? 'readwrite' : 'readonly', async (s) => {
      const tx: Tx = {
        keys: () => promisifyRequest(s.getAllKeys()) as Promise<unknown> as Promise<Key[]>,
        first: (n) => promisifyRequest(s.getAll(null, n) as IDBRequest<Queued[][]>),
        get: (key) => promisifyRequest(s.get(key) as IDBRequest<Queued[] | undefined>),
        add: (events, key) => s.put(events, key),
        del: (key) => s.delete(key),
        clear: () => s.clear(),
      };
      const result = await fn(tx);
      // a write resolves once its transaction has committed, not when its last request is done
      if (write) await promisifyRequest(s.transaction);
      return result;
    }),
  );
}
