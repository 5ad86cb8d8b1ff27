import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { uuid7Floor } from '../../../src/core/id';
import { idbStore } from '../../../src/queue/idb';
import { memoryStore } from '../../../src/queue/memory';
import { resilientStore } from '../../../src/queue/resilient';
import type { Queued, Store } from '../../../src/queue/store';
import { nameOf, queued, stored, storedNames } from './fixtures';

let n = 0;
const kinds: [string, () => Store][] = [
  ['memory', memoryStore],
  ['IndexedDB', () => idbStore(`test-${++n}`)],
];
const DAY = 86_400_000;

describe.each(kinds)('%s store', (_, make) => {
  let store: Store;
  beforeEach(() => {
    store = make();
  });

  it('gives the oldest records first, whole, until they hold the count asked for', async () => {
    const t = Date.now();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name, i) => queued(name, t + i));
    await store.put([[c!, d!]]);
    await store.put([[a!], [b!]]);
    expect((await store.head(1)).map((r) => r.map(nameOf))).toEqual([['a']]);
    expect((await store.head(2)).map((r) => r.map(nameOf))).toEqual([['a'], ['b']]);
    expect((await store.head(3)).map((r) => r.map(nameOf))).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('removes records sent whole by key, and a record another tab changed since by id', async () => {
    const t = Date.now();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name, i) => queued(name, t + i));
    await store.put([[a!, b!], [c!, d!]]);
    const records = await store.head(4);
    await store.remove([c!.id]); // another tab: c was handed over
    await store.remove([a!.id, b!.id, c!.id, d!.id], records);
    expect(await stored(store)).toEqual([]);
  });

  it('removes events by id, from whole records and from parts of them', async () => {
    const t = Date.now();
    const events = ['a', 'b', 'c', 'd', 'e'].map((name, i) => queued(name, t + i));
    await store.put([events.slice(0, 2), events.slice(2)]);
    await store.remove([events[0]!.id, events[1]!.id, events[3]!.id]);
    expect((await store.head(10)).map((r) => r.map(nameOf))).toEqual([['c', 'e']]);
    await store.remove(['no-such-id']);
    expect(await storedNames(store)).toEqual(['c', 'e']);
  });

  it('drops what is past the age bound, a record straddling it in part, and the oldest past the count bound', async () => {
    const now = Date.now();
    const old = [queued('old1', now - 9 * DAY), queued('old2', now - 8 * DAY)];
    const straddling = [queued('old3', now - 8 * DAY + 1), queued('f0', now)];
    const fresh = Array.from({ length: 5 }, (_, i) => queued(`f${i + 1}`, now + i + 1));
    await store.put([old, straddling, fresh.slice(0, 3), fresh.slice(3)]);
    expect(await store.trim(4, uuid7Floor(now - 7 * DAY))).toBe(5);
    expect(await storedNames(store)).toEqual(['f2', 'f3', 'f4', 'f5']);
    expect(await store.trim(4, uuid7Floor(now - 7 * DAY))).toBe(0);
    expect(await store.trim(1, uuid7Floor(now - 7 * DAY))).toBe(3);
    expect(await storedNames(store)).toEqual(['f5']);
  });

  it('clears', async () => {
    await store.put([[queued()]]);
    await store.clear();
    expect(await store.head(10)).toEqual([]);
  });
});

describe('IndexedDB store', () => {
  it('shares one queue between two instances of the same database (two tabs)', async () => {
    const tabA = idbStore('shared');
    const tabB = idbStore('shared');
    await tabA.put([[queued('from-a')]]);
    await tabB.put([[queued('from-b')]]);
    expect(await storedNames(tabB)).toEqual(['from-a', 'from-b']);
    await tabB.remove((await stored(tabA)).map((e) => e.id));
    expect(await stored(tabA)).toEqual([]);
  });

  it('writes a burst of 10,000 events as records in one transaction of one request per record', async () => {
    const store = idbStore('burst');
    await store.head(1); // opens the database: its upgrade is a transaction of its own
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const t = Date.now();
    const events = Array.from({ length: 10_000 }, (_, i) => queued(`e${i}`, t + i));
    await store.put(Array.from({ length: 100 }, (_, i) => events.slice(i * 100, i * 100 + 100)));
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(put).toHaveBeenCalledTimes(100);
    transaction.mockRestore();
    put.mockRestore();
    expect(await stored(store)).toHaveLength(10_000);
  });
});

describe('IndexedDB store, delivery', () => {
  it('removes a batch sent whole without reading its records', async () => {
    const store = idbStore('sent-whole');
    const t = Date.now();
    await store.put([Array.from({ length: 50 }, (_, i) => queued(`a${i}`, t + i)), Array.from({ length: 50 }, (_, i) => queued(`b${i}`, t + 50 + i))]);
    const records = await store.head(100);
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    await store.remove(records.flat().map((e) => e.id), records);
    expect(get).not.toHaveBeenCalled();
    expect(getAll).not.toHaveBeenCalled();
    get.mockRestore();
    getAll.mockRestore();
    expect(await stored(store)).toEqual([]);
  });

  it('opens no transaction to take nothing out (each flush asks to remove what was handed over)', async () => {
    const store = idbStore('remove-nothing');
    await store.head(1);
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.remove([]);
    expect(transaction).not.toHaveBeenCalled();
    transaction.mockRestore();
  });
});

describe('resilientStore', () => {
  const broken = (): Store => {
    const fail = () => Promise.reject(new Error('QuotaExceededError'));
    return { put: fail, head: fail, remove: fail, trim: fail, clear: fail };
  };

  it('falls back to memory when the primary fails, says so once, and loses nothing', async () => {
    const onFail = vi.fn();
    const store = resilientStore(broken(), async () => memoryStore(), onFail);
    await store.put([[queued('a')]]);
    await store.put([[queued('b')]]);
    expect(await storedNames(store)).toEqual(['a', 'b']);
    expect(onFail).toHaveBeenCalledOnce();
  });

  it('uses memory in a browser without IndexedDB', async () => {
    const idb = globalThis.indexedDB;
    Reflect.deleteProperty(globalThis, 'indexedDB');
    try {
      const onFail = vi.fn();
      const store = resilientStore(idbStore('none'), async () => memoryStore(), onFail);
      await store.put([[queued('a')]]);
      expect(await stored(store)).toHaveLength(1);
      expect(onFail).toHaveBeenCalledOnce();
    } finally {
      globalThis.indexedDB = idb;
    }
  });
});

describe.each(kinds)('%s store, against a plain list of events', (_, make) => {
  type Op = { put: number[] } | { again: number[] } | { remove: number[] } | { sent: number } | { trim: [count: number, ageIndex: number] };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ put: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }) }),
    fc.record({ again: fc.array(fc.nat(40), { maxLength: 4 }) }),
    fc.record({ remove: fc.array(fc.nat(40), { maxLength: 6 }) }),
    fc.record({ sent: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ trim: fc.tuple(fc.nat(12), fc.nat(40)) }),
  );

  it('holds exactly the events put and not removed, and bounds them as asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        const store = make();
        const t0 = Date.now();
        const made: Queued[] = [];
        const model = new Map<string, Queued>();
        for (const step of ops) {
          if ('put' in step) {
            const records = step.put.map((size) =>
              Array.from({ length: size }, () => {
                const event = queued(`e${made.length}`, t0 + made.length);
                made.push(event);
                return event;
              }),
            );
            await store.put(records);
            records.flat().forEach((e) => model.set(e.id, e));
          } else if ('again' in step) {
            // as the flusher queues a released batch again: out, then in
            const events = step.again.map((i) => made[i]).filter((e): e is Queued => !!e);
            await store.remove(events.map((e) => e.id));
            await store.put([[...new Map(events.map((e) => [e.id, e])).values()]]);
            events.forEach((e) => model.set(e.id, e));
          } else if ('sent' in step) {
            // as the flusher does after a 2xx: the oldest records, sent whole
            const records = await store.head(step.sent);
            const ids = records.flat().map((e) => e.id);
            await store.remove(ids, records);
            ids.forEach((id) => model.delete(id));
          } else if ('remove' in step) {
            const ids = step.remove.map((i) => made[i]?.id).filter((id): id is string => !!id);
            await store.remove(ids);
            ids.forEach((id) => model.delete(id));
          } else {
            const [max, age] = step.trim;
            const floor = made[age]?.id ?? '';
            const young = [...model.keys()].filter((id) => id >= floor);
            const dropped = await store.trim(max, floor);
            expect(dropped).toBe(model.size - Math.min(young.length, max));
            const left = new Set((await stored(store)).map((e) => e.id));
            expect(left.size).toBe(Math.min(young.length, max));
            for (const id of [...model.keys()]) if (!left.has(id)) model.delete(id);
            expect([...left].every((id) => id >= floor && model.has(id))).toBe(true);
          }
          const ids = (await stored(store)).map((e) => e.id);
          expect(ids.length).toBe(new Set(ids).size);
          expect(ids.sort()).toEqual([...model.keys()].sort());
        }
      }),
      { numRuns: 60 },
    );
  });
});
