import type { Stop } from '../core/types';

/**
 * Calls `fn` once with `window[name]`: now if it exists, else as soon as it appears, checked every
 * second for `tries` seconds (a chat widget often loads seconds after the page). Returns a cancel.
 * `fn` throwing (a vendor API that changed shape) is swallowed.
 */
export function whenGlobal(name: string, fn: (value: any) => void, tries = 30): Stop {
  const found = () => {
    const value = (window as any)[name];
    if (value) {
      try {
        fn(value);
      } catch {
        // the vendor's API is not what its docs say: no chat_open from it, and no error
      }
    }
    return value;
  };
  if (found()) return () => {};
  const id = setInterval(() => {
    if (found() || --tries < 1) clearInterval(id);
  }, 1000);
  return () => clearInterval(id);
}
