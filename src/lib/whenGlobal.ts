import type { Stop } from '../core/types';

// a vendor's global, whatever shape it has: each adapter knows its own vendor's API
type Value = any;

/**
 * Calls `fn` once with the first of `names` that exists on `window`: now, or as soon as one
 * appears, checked every second for `tries` seconds (a chat widget often loads seconds after the
 * page). Returns a cancel. `fn` throwing (a vendor API that changed shape) is swallowed.
 */
export function whenGlobal(names: string | readonly string[], fn: (value: Value) => void, tries = 30): Stop {
  const found = () => {
    const name = ([] as string[]).concat(names).find((n) => (window as Value)[n]);
    if (name) {
      try {
        fn((window as Value)[name]);
      } catch {
        // the vendor's API is not what its docs say: no chat_open from it, and no error
      }
    }
    return name;
  };
  if (found()) return () => {};
  const id = setInterval(() => {
    if (found() || --tries < 1) clearInterval(id);
  }, 1000);
  return () => clearInterval(id);
}
