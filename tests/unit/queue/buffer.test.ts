import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBuffer, writeEvents, type BufferOptions } from '../../../src/queue/buffer';
import { memoryStore } from '../../../src/queue/memory';
import type { Store } from '../../../src/queue/store';
import { makeEvent, stored, storedNames } from './fixtures';

const options: Omit<BufferOptions, 'write'> = {
  delay: 250,
  maxQueue: 5000,
  maxAgeMs: 7 * 86_400_000,
  draining: () => false,
  onPersisted: () => {},
  onError: () => {},
};

/** A buffer that writes to `store` itself, in records of 100 events at most. */
const on = (store: Store, extra: Partial<BufferOptions> = {}) =>
  createBuffer(store, { ...options, write: (events) => writeEvents(store, events, 100), ...extra });

describe('createBuffer', () => {
  afterEach(() => void vi.useRealTimers());

  it('writes a burst of 10,000 events in forty writes of records one batch long, within the delay', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const put = vi.spyOn(store, 'put');
    const buffer = on(store, { maxQueue: 20_000 });
    for (let i = 0; i < 10_000; i++) buffer.add(makeEvent(`e${i}`));
    expect(put).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(250);
    expect(put).toHaveBeenCalledTimes(40);
    expect(put.mock.calls.map(([records]) => records.map((r) => r.length))).toEqual(Array.from({ length: 40 }, () => [100, 100, 50]));
    expect(await storedNames(store)).toEqual(Array.from({ length: 10_000 }, (_, i) => `e${i}`));
  });

  it('writes as many events at a time as the writer asks for, asked again at each persist', async () => {
    const sizes: number[] = [];
    let slice = 1000;
    const buffer = createBuffer(memoryStore(), { ...options, maxQueue: 20_000, write: async (events) => void sizes.push(events.length), slice: () => slice });
    for (let i = 0; i < 2500; i++) buffer.add(makeEvent(`e${i}`));
    await buffer.persist();
    expect(sizes).toEqual([1000, 1000, 500]);
    slice = 250;
    for (let i = 0; i < 500; i++) buffer.add(makeEvent(`f${i}`));
    await buffer.persist();
    expect(sizes.slice(3)).toEqual([250, 250]);
  });

  it('bounds the queue after a write, and reports what the bounds pushed out', async () => {
    const onPersisted = vi.fn();
    const store = memoryStore();
    const buffer = on(store, { maxQueue: 3, onPersisted });
    for (let i = 0; i < 5; i++) buffer.add(makeEvent(`e${i}`));
    await buffer.persist();
    expect(onPersisted).toHaveBeenCalledWith(2);
    expect(await storedNames(store)).toEqual(['e2', 'e3', 'e4']);
  });

  it('leaves a burst larger than the bound whole while delivery drains the queue, and bounds it once delivery stalls', async () => {
    const onPersisted = vi.fn();
    const store = memoryStore();
    let draining = true;
    const buffer = on(store, { maxQueue: 3, onPersisted, draining: () => draining });
    for (let i = 0; i < 5; i++) buffer.add(makeEvent(`e${i}`));
    await buffer.persist();
    expect(onPersisted).toHaveBeenLastCalledWith(0);
    expect(await stored(store)).toHaveLength(5);
    draining = false;
    await buffer.bound();
    expect(onPersisted).toHaveBeenLastCalledWith(2);
    expect(await storedNames(store)).toEqual(['e2', 'e3', 'e4']);
  });

  it('hands out what waits, unwritten, for a send on page hide', async () => {
    const store = memoryStore();
    const buffer = on(store);
    buffer.add(makeEvent('a'));
    expect(buffer.take().map((e) => e.name)).toEqual(['a']);
    await buffer.persist();
    expect(await store.head(10)).toEqual([]);
  });

  it('empties the store on clear only once the write under way is done: nothing written then is kept', async () => {
    const store = memoryStore();
    let land!: () => void;
    const landed = new Promise<void>((resolve) => (land = resolve));
    // a write that lands late, as one handed to the worker does
    const buffer = on(store, { draining: () => true, write: async (events) => (await landed, writeEvents(store, events, 100)) });
    buffer.add(makeEvent('a'));
    const writing = buffer.persist();
    buffer.add(makeEvent('b'));
    const cleared = buffer.clear();
    land();
    await Promise.all([writing, cleared]);
    expect(await stored(store)).toEqual([]);
    await buffer.persist();
    expect(await stored(store)).toEqual([]);
  });

  it('reports a failed write and keeps writing later ones', async () => {
    const onError = vi.fn();
    const store = memoryStore();
    const failing: Store = { ...store, put: vi.fn().mockRejectedValueOnce(new Error('disk')).mockImplementation(store.put) };
    const buffer = on(failing, { onError });
    buffer.add(makeEvent('a'));
    await buffer.persist();
    buffer.add(makeEvent('b'));
    await buffer.persist();
    expect(onError).toHaveBeenCalledOnce();
    expect(await storedNames(store)).toEqual(['b']);
  });
});
