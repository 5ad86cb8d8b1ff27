import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBuffer } from '../../../src/queue/buffer';
import { memoryStore } from '../../../src/queue/memory';
import type { Store } from '../../../src/queue/store';
import { makeEvent, nameOf } from './fixtures';

const options = { delay: 250, maxQueue: 5000, maxAgeMs: 7 * 86_400_000, onPersisted: () => {}, onError: () => {} };

describe('createBuffer', () => {
  afterEach(() => void vi.useRealTimers());

  it('writes a burst of 10,000 events in ten writes of 1,000, within the delay', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const put = vi.spyOn(store, 'put');
    const buffer = createBuffer(store, { ...options, maxQueue: 20_000 });
    for (let i = 0; i < 10_000; i++) buffer.add(makeEvent(`e${i}`));
    expect(put).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(250);
    expect(put).toHaveBeenCalledTimes(10);
    expect(await store.head(20_000)).toHaveLength(10_000);
  });

  it('reports what the bounds pushed out', async () => {
    const onPersisted = vi.fn();
    const store = memoryStore();
    const buffer = createBuffer(store, { ...options, maxQueue: 3, onPersisted });
    for (let i = 0; i < 5; i++) buffer.add(makeEvent(`e${i}`));
    await buffer.persist();
    expect(onPersisted).toHaveBeenCalledWith(2);
    expect((await store.head(10)).map(nameOf)).toEqual(['e2', 'e3', 'e4']);
  });

  it('hands out what waits, unwritten, for a send on page hide', async () => {
    const store = memoryStore();
    const buffer = createBuffer(store, options);
    buffer.add(makeEvent('a'));
    expect(buffer.take().map((e) => e.name)).toEqual(['a']);
    await buffer.persist();
    expect(await store.head(10)).toEqual([]);
  });

  it('reports a failed write and keeps writing later ones', async () => {
    const onError = vi.fn();
    const store = memoryStore();
    const failing: Store = { ...store, put: vi.fn().mockRejectedValueOnce(new Error('disk')).mockImplementation(store.put) };
    const buffer = createBuffer(failing, { ...options, onError });
    buffer.add(makeEvent('a'));
    await buffer.persist();
    buffer.add(makeEvent('b'));
    await buffer.persist();
    expect(onError).toHaveBeenCalledOnce();
    expect((await store.head(10)).map(nameOf)).toEqual(['b']);
  });
});
