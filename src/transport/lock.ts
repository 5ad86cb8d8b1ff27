/** Runs `task` only if no other tab of this site is running one under the same name; resolves with whether it ran. */
export type TabLock = (task: () => Promise<void>) => Promise<boolean>;

const LEASE_MS = 30_000;

/**
 * One sender at a time across tabs: a Web Lock, requested with `ifAvailable` so that a tab never
 * waits on it, and held only while the task runs (a held or awaited lock keeps a page out of the
 * back/forward cache). Where Web Locks are missing, a lease in localStorage does the same job
 * less strictly.
 */
export function tabLock(name: string, locks: LockManager | undefined = globalThis.navigator?.locks): TabLock {
  if (locks?.request) {
    return async (task) => {
      let ran = false;
      await locks.request(name, { ifAvailable: true }, async (lock) => {
        if (lock) await task();
        ran = !!lock;
      });
      return ran;
    };
  }
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
