import type { Store } from './store';

/**
 * Uses `primary` until one of its calls fails, then the store `fallback` makes (loaded on demand)
 * for good, so that a browser without working IndexedDB (a private window, a full disk) keeps
 * tracking from memory. `onFail` is called once, with the error. A failed call is made again on
 * the fallback, so nothing handed to the store is lost.
 */
export function resilientStore(primary: Store, fallback: () => Promise<Store>, onFail: (error: unknown) => void): Store {
  let active = primary;
  let backup: Promise<Store> | undefined;
  const call =
    <A extends unknown[], R>(pick: (s: Store) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const store = active;
      try {
        return await pick(store)(...args);
      } catch (error) {
        if (store !== primary) throw error;
        if (!backup) {
          backup = fallback();
          onFail(error);
        }
        return pick((active = await backup))(...args);
      }
    };
  return {
    put: call((s) => s.put),
    head: call((s) => s.head),
    remove: call((s) => s.remove),
    trim: call((s) => s.trim),
    clear: call((s) => s.clear),
  };
}
