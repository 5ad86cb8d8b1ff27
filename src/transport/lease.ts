import type { TabLock } from './lock';

const LEASE_MS = 30_000;

/** A lease in localStorage: one sender at a time across tabs where Web Locks are missing. */
export function leaseLock(name: string): TabLock {
  const me = Math.random().toString(36).slice(2);
  return async (task) => {
    let storage: Storage | undefined;
    try {
      storage = globalThis.localStorage;
    } catch {
      // storage blocked: this tab cannot see the others, so it sends on its own
    }
    if (!storage) return task().then(() => true);
    const now = Date.now();
    const [owner, until] = (storage.getItem(name) ?? '').split(' ');
    if (owner && owner !== me && Number(until) > now) return false;
    storage.setItem(name, `${me} ${now + LEASE_MS}`);
    try {
      await task();
      return true;
    } finally {
      if (storage.getItem(name)?.startsWith(me)) storage.removeItem(name);
    }
  };
}
