import { beforeEach, describe, expect, it, vi } from 'vitest';
import { uuid7Floor } from '../../../src/core/id';
import { idbStore } from '../../../src/queue/idb';
import { memoryStore } from '../../../src/queue/memory';
import { resilientStore } from '../../../src/queue/resilient';
import type { Store } from '../../../src/queue/store';
import { nameOf, queued } from './fixtures';

let n = 0;
const kinds: [string, () => Store][] = [
  ['memory', memoryStore],
  ['IndexedDB', () => idbStore(`test-${++n}`)],
];

describe.each(kinds)('%s store', (_, make) => {
  let store: Store;
  beforeEach(() => {
    store = make();
  });

  it('gives the oldest events first, up to a count', async () => {
    const t = Date.now();
    const events = [queued('a', t), queued('b', t + 1), queued('c', t + 2)];
    await store.put([events[2]!]);
    await store.put([events[0]!, events[1]!]);
    expect((await store.head(2)).map(nameOf)).toEqual(['a', 'b']);
  });

  it('keeps one event per id when an event is put again', async () => {
    const a = queued('a');
    await store.put([a, queued('b')]);
    await store.put([a]);
    expect((await store.head(10)).map(nameOf)).toEqual(['a', 'b']);
  });

  it('removes events by id', async () => {
    const events = [queued('a'), queued('b'), queued('c')];
    await store.put(events);
    await store.remove([events[0]!.id, events[2]!.id]);
    expect((await store.head(10)).map(nameOf)).toEqual(['b']);
  });

  it('drops what is past the age bound and the oldest past the count bound, and counts them', async () => {
    const now = Date.now();
    const old = [queued('old1', now - 9 * 86_400_000), queued('old2', now - 8 * 86_400_000)];
    const fresh = Array.from({ length: 6 }, (_, i) => queued(`f${i}`, now + i));
    await store.put([...old, ...fresh]);
    expect(await store.trim(4, uuid7Floor(now - 7 * 86_400_000))).toBe(4);
    expect((await store.head(10)).map(nameOf)).toEqual(['f2', 'f3', 'f4', 'f5']);
    expect(await store.trim(4, uuid7Floor(now - 7 * 86_400_000))).toBe(0);
  });

  it('clears', async () => {
    await store.put([queued()]);
    await store.clear();
    expect(await store.head(10)).toEqual([]);
  });
});

describe('IndexedDB store', () => {
  it('shares one queue between two instances of the same database (two tabs)', async () => {
    const tabA = idbStore('shared');
    const tabB = idbStore('shared');
    await tabA.put([queued('from-a')]);
    expect((await tabB.head(10)).map(nameOf)).toEqual(['from-a']);
  });

  it('writes a burst in one transaction', async () => {
    const store = idbStore('burst');
    await store.head(1); // opens the database: its upgrade is a transaction of its own
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.put(Array.from({ length: 10_000 }, (_, i) => queued(`e${i}`)));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(await store.head(20_000)).toHaveLength(10_000);
  });
});

describe('resilientStore', () => {
  const broken = (): Store => {
    const fail = () => Promise.reject(new Error('QuotaExceededError'));
    return { put: fail, head: fail, remove: fail, trim: fail, clear: fail };
  };

  it('falls back to memory when the primary fails, says so once, and loses nothing', async () => {
    const onFail = vi.fn();
    const store = resilientStore(broken(), memoryStore(), onFail);
    await store.put([queued('a')]);
    await store.put([queued('b')]);
    expect((await store.head(10)).map(nameOf)).toEqual(['a', 'b']);
    expect(onFail).toHaveBeenCalledOnce();
  });

  it('uses memory in a browser without IndexedDB', async () => {
    const idb = globalThis.indexedDB;
    Reflect.deleteProperty(globalThis, 'indexedDB');
    try {
      const onFail = vi.fn();
      const store = resilientStore(idbStore('none'), memoryStore(), onFail);
      await store.put([queued('a')]);
      expect(await store.head(1)).toHaveLength(1);
      expect(onFail).toHaveBeenCalledOnce();
    } finally {
      globalThis.indexedDB = idb;
    }
  });
});
