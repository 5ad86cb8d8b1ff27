import { describe, expect, it, vi } from 'vitest';
import { leaseLock } from '../../../src/transport/lease';
import { tabLock } from '../../../src/transport/lock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tabLock', () => {
  it('with Web Locks, skips a task while another holds the lock, and releases it after', async () => {
    const held = new Set<string>();
    const locks = {
      request: async (name: string, _o: unknown, cb: (lock: unknown) => Promise<unknown>) => {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
    } as unknown as LockManager;
    const a = tabLock('q', locks);
    const b = tabLock('q', locks);
    const ran: string[] = [];
    await Promise.all([a(async () => void (await sleep(20), ran.push('a'))), b(async () => void ran.push('b'))]);
    expect(ran).toEqual(['a']);
    await b(async () => void ran.push('b'));
    expect(ran).toEqual(['a', 'b']);
  });

  it('without Web Locks, leases through localStorage, loaded on first use', async () => {
    const noLocks = {} as LockManager;
    const lease = vi.fn(async () => ({ leaseLock }));
    const a = tabLock('lease', noLocks, lease);
    const b = tabLock('lease', noLocks, lease);
    const ran: string[] = [];
    await Promise.all([a(async () => void (await sleep(20), ran.push('a'))), b(async () => void ran.push('b'))]);
    expect(ran).toEqual(['a']);
    expect(localStorage.getItem('lease')).toBeNull();
    await b(async () => void ran.push('b'));
    expect(ran).toEqual(['a', 'b']);
    expect(lease).toHaveBeenCalledTimes(2);
  });

  it('sends on its own when neither Web Locks nor the lease are there', async () => {
    const alone = tabLock('alone', {} as LockManager, () => Promise.reject(new Error('offline')));
    const ran: string[] = [];
    expect(await alone(async () => void ran.push('a'))).toBe(true);
    expect(await tabLock('none', {} as LockManager)(async () => void ran.push('b'))).toBe(true);
    expect(ran).toEqual(['a', 'b']);
  });
});
