/** Runs `task` only if no other tab of this site is running one under the same name; resolves with whether it ran. */
export type TabLock = (task: () => Promise<void>) => Promise<boolean>;

/** Where Web Locks are missing: the lease of `lease.ts`, a part loaded only there. */
export type LoadLease = () => Promise<{ leaseLock: (name: string) => TabLock }>;

/**
 * One sender at a time across tabs: a Web Lock, requested with `ifAvailable` so that a tab never
 * waits on it, and held only while the task runs (a held or awaited lock keeps a page out of the
 * back/forward cache). Where Web Locks are missing (Safari before 15.4), a lease in localStorage,
 * loaded on first use, does the same job less strictly; should it not load, the tab sends on its
 * own (the collector deduplicates by id).
 */
export function tabLock(name: string, locks: LockManager | undefined = globalThis.navigator?.locks, lease?: LoadLease): TabLock {
  if (locks?.request)
    return async (task) => {
      let ran = false;
      await locks.request(name, { ifAvailable: true }, async (lock) => {
        if (lock) await task();
        ran = !!lock;
      });
      return ran;
    };
  let loaded: Promise<TabLock> | undefined;
  const alone: TabLock = (task) => task().then(() => true);
  return async (task) => (await (loaded ??= (lease?.() ?? Promise.reject()).then((m) => m.leaseLock(name), () => alone)))(task);
}
