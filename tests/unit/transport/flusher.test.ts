import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WaymarkEvent } from '../../../src/core/types';
import { memoryStore } from '../../../src/queue/memory';
import { createFlusher, type FlusherOptions } from '../../../src/transport/flusher';
import type { Answer, SendOptions } from '../../../src/transport/send';
import { makeEvent, queued, stored } from '../queue/fixtures';

type Body = { events: WaymarkEvent[]; dropped: number };

/** A flusher over a memory store whose collector answers with the given statuses, then 200s. */
async function setup(answers: (Answer | number)[] = [], count = 3, extra: Partial<FlusherOptions> = {}) {
  const store = memoryStore();
  await store.put([Array.from({ length: count }, (_, i) => queued(`e${i}`, Date.now() + i))]);
  const bodies: Body[] = [];
  const send = vi.fn(async (_url: string, body: string): Promise<Answer> => {
    bodies.push(JSON.parse(body) as Body);
    const next = answers.shift() ?? 200;
    return typeof next === 'number' ? { status: next } : next;
  });
  const flusher = createFlusher({
    store,
    lock: async (task) => (await task(), true),
    endpoint: '/collect',
    batchSize: 100,
    encode: (events, dropped) => JSON.stringify({ events: events.map((e) => JSON.parse(e.json) as WaymarkEvent), dropped }),
    canSend: () => true,
    onWarn: () => {},
    send,
    random: () => 0,
    ...extra,
  });
  const left = async () => (await stored(store)).length;
  return { store, flusher, send, bodies, left };
}

describe('createFlusher', () => {
  afterEach(() => void vi.useRealTimers());

  it('removes events after a 2xx', async () => {
    const { flusher, left, bodies } = await setup([200]);
    await flusher.flush();
    expect(await left()).toBe(0);
    expect(bodies[0]!.events.map((e) => e.name)).toEqual(['e0', 'e1', 'e2']);
  });

  it('leaves out of a batch what was handed over since it was read, and takes it out of the queue', async () => {
    let handed: string[] = [];
    const claims: string[][] = [];
    // the page answers what it handed over in the batch's range
    const claim = ([lo, hi]: string[]) => (claims.push([lo!, hi!]), handed.filter((id) => id >= lo! && id <= hi!));
    const { flusher, left, bodies, store } = await setup([200], 3, { claim });
    const queue = await stored(store);
    handed = [queue[1]!.id];
    await flusher.flush();
    expect(bodies.map((b) => b.events.map((e) => e.name))).toEqual([['e0', 'e2']]);
    expect(claims).toEqual([[queue[0]!.id, queue[2]!.id]]);
    expect(await left()).toBe(0);
  });

  it('claims a read of the queue once and reports it once, however many batches it makes; a stall comes after what was accepted', async () => {
    const calls: string[] = [];
    const answers: number[] = [];
    const { flusher, bodies, store } = await setup(answers, 0, {
      claim: ([lo, hi]) => (calls.push(`claim ${lo! < hi! ? 'range' : 'one'}`), []),
      onSent: ([lo, hi], count) => calls.push(`sent ${count} ${lo! < hi! ? 'range' : 'one'}`),
      onStall: () => calls.push('stall'),
    });
    const burst = (name: string, at: number) => [Array.from({ length: 100 }, (_, i) => queued(`${name}${i}`, at + i, { blob: 'x'.repeat(1000) }))];
    // 100 events of ~1 KB: one read, several batches under the byte cap
    await store.put(burst('e', Date.now()));
    await flusher.flush();
    expect(bodies.length).toBeGreaterThan(1);
    expect(calls).toEqual(['claim range', 'sent 100 range']);
    expect((await stored(store)).length).toBe(0);

    // its second batch refused: what the read got accepted is told first, then the stall
    calls.length = 0;
    bodies.length = 0;
    answers.push(200, 503);
    await store.put(burst('f', Date.now() + 200));
    await flusher.flush();
    expect(calls).toEqual(['claim range', `sent ${bodies[0]!.events.length} range`, 'stall']);
    expect((await stored(store)).length).toBe(100 - bodies[0]!.events.length);
    flusher.stop();
  });

  it('keeps events after a 500 and retries them with backoff until they are accepted', async () => {
    vi.useFakeTimers();
    const { flusher, left, send } = await setup([500, 503]);
    await flusher.flush();
    expect(await left()).toBe(3);
    await vi.advanceTimersByTimeAsync(499);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(send).toHaveBeenCalledTimes(3);
    expect(await left()).toBe(0);
  });

  it('honours Retry-After on a 429', async () => {
    vi.useFakeTimers();
    const { flusher, send } = await setup([{ status: 429, retryAfter: '5' }]);
    await flusher.flush();
    await vi.advanceTimersByTimeAsync(4999);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('treats a network error as a retry', async () => {
    const { flusher, left } = await setup([0]);
    await flusher.flush();
    expect(await left()).toBe(3);
    expect(flusher.healthy()).toBe(false);
  });

  it('drops a batch the collector refuses with a 400, and reports the count in the next batch', async () => {
    const { flusher, store, left, bodies, send } = await setup([400]);
    await flusher.flush();
    expect(await left()).toBe(0);
    expect(send).toHaveBeenCalledTimes(1);
    await store.put([[queued('later')]]);
    await flusher.flush();
    expect(bodies[1]).toMatchObject({ dropped: 3 });
    await store.put([[queued('after')]]);
    await flusher.flush();
    expect(bodies[2]).toMatchObject({ dropped: 0 });
  });

  it('splits a batch on 413 until the halves are accepted', async () => {
    const { flusher, bodies, left } = await setup([413, 413], 4);
    await flusher.flush();
    expect(bodies.map((b) => b.events.length)).toEqual([4, 2, 1, 1, 2]);
    expect(await left()).toBe(0);
  });

  it('sends nothing while it may not (consent pending)', async () => {
    const { flusher, send } = await setup([], 3, { canSend: () => false });
    await flusher.flush();
    expect(send).not.toHaveBeenCalled();
  });

  it('sends nothing when another tab holds the lock', async () => {
    const { flusher, send } = await setup([], 3, { lock: async () => false });
    await flusher.flush();
    expect(send).not.toHaveBeenCalled();
  });

  it('tries again soon when another tab held the lock, since that tab may stop before our events are out', async () => {
    vi.useFakeTimers();
    let busy = true;
    const { flusher, left } = await setup([], 3, { lock: async (task) => !busy && (await task(), true) });
    await flusher.flush();
    expect(await left()).toBe(3);
    busy = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(await left()).toBe(0);
  });

  it('gives a flush called during a run a run of its own, so what it brings is sent too', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { flusher, store, bodies } = await setup([], 1);
    const first = flusher.flush();
    await store.put([[queued('late', Date.now() + 10)]]);
    const second = flusher.flush();
    release();
    await Promise.all([first, second, gate]);
    expect(bodies.flatMap((b) => b.events).map((e) => e.name)).toEqual(['e0', 'late']);
  });

  it('keeps to Retry-After even when a flush was planned before the answer came', async () => {
    vi.useFakeTimers();
    const { flusher, send } = await setup([{ status: 429, retryAfter: '3' }]);
    flusher.schedule(500);
    await flusher.flush();
    flusher.schedule(500);
    await vi.advanceTimersByTimeAsync(2900);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('keeps to Retry-After when a flush is asked for while the refused send is in flight', async () => {
    vi.useFakeTimers();
    let answer!: (a: Answer) => void;
    const send = vi.fn((): Promise<Answer> => (send.mock.calls.length > 1 ? Promise.resolve({ status: 200 }) : new Promise((r) => (answer = r))));
    const { flusher } = await setup([], 3, { send });
    const first = flusher.flush();
    await vi.advanceTimersByTimeAsync(0);
    const second = flusher.flush();
    answer({ status: 429, retryAfter: '3' });
    await vi.advanceTimersByTimeAsync(2900);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(send).toHaveBeenCalledTimes(2);
    await Promise.all([first, second]);
  });

  it('sends small batches with keepalive, which a page going away releases to the browser', async () => {
    let answer!: (a: Answer) => void;
    const options: SendOptions[] = [];
    const send = vi.fn((_u: string, _b: string, o: SendOptions) => (options.push(o), new Promise<Answer>((r) => (answer = r))));
    const { flusher, left, store } = await setup([], 3, { send });
    const flushing = flusher.flush();
    await vi.waitFor(() => expect(send).toHaveBeenCalled());
    expect(options[0]!.keepalive).toBe(true);
    const released = flusher.release();
    expect(released).toHaveLength(3);
    await store.remove(released); // what the journey does, through the handed-over mark
    answer({ status: 503 });
    await flushing;
    // the page lived on and the send failed: what was released is queued again
    expect(await left()).toBe(3);
  });

  it('sends large batches without keepalive, and does not release them', async () => {
    let answer!: (a: Answer) => void;
    const options: SendOptions[] = [];
    const send = vi.fn((_u: string, _b: string, o: SendOptions) =>
      options.push(o) > 1 ? Promise.resolve({ status: 200 }) : new Promise<Answer>((r) => (answer = r)),
    );
    const { flusher, store } = await setup([], 0, { send });
    await store.put([Array.from({ length: 50 }, (_, i) => queued(`big${i}`, Date.now() + i, { blob: 'x'.repeat(1000) }))]);
    const flushing = flusher.flush();
    await vi.waitFor(() => expect(send).toHaveBeenCalled());
    expect(options[0]!.keepalive).toBe(false);
    expect(flusher.release()).toEqual([]);
    answer({ status: 200 });
    await flushing;
  });

  it('sends every batch of a backlog without keepalive, its small last one too', async () => {
    const options: SendOptions[] = [];
    const sizes: number[] = [];
    const send = vi.fn(async (_u: string, body: string, o: SendOptions): Promise<Answer> => (options.push(o), sizes.push(body.length), { status: 200 }));
    const { flusher, store } = await setup([], 0, { send });
    // a record past one request's bytes, and a few events after it: one read, two batches
    await store.put([Array.from({ length: 70 }, (_, i) => queued(`big${i}`, Date.now() + i, { blob: 'x'.repeat(1000) }))]);
    await store.put([Array.from({ length: 3 }, (_, i) => queued(`small${i}`, Date.now() + 100 + i))]);
    await flusher.flush();
    expect(options.length).toBeGreaterThan(1);
    expect(sizes.at(-1)).toBeLessThan(30_000);
    expect(options.map((o) => o.keepalive)).toEqual(options.map(() => false));
  });

  it('writes what waits in memory before it reads the queue', async () => {
    const { flusher, bodies, store } = await setup([], 0, {});
    const late = queued('from-memory');
    const withPrepare = createFlusher({
      store,
      lock: async (task) => (await task(), true),
      endpoint: '/c',
      batchSize: 10,
      encode: (events) => JSON.stringify({ events: events.map((e) => JSON.parse(e.json) as WaymarkEvent) }),
      canSend: () => true,
      onWarn: () => {},
      prepare: () => store.put([[late]]),
      send: async (_u, body) => (bodies.push(JSON.parse(body) as Body), { status: 200 }),
    });
    await withPrepare.flush();
    expect(bodies[0]!.events.map((e) => e.name)).toEqual(['from-memory']);
    flusher.stop();
  });

  it('sends records whole, so that an accepted batch removes whole records', async () => {
    const { flusher, bodies, store, left } = await setup([], 0, { batchSize: 4 });
    const t = Date.now();
    await store.put([[queued('a', t), queued('b', t + 1), queued('c', t + 2)], [queued('d', t + 3), queued('e', t + 4), queued('f', t + 5)]]);
    const remove = vi.spyOn(store, 'remove');
    await flusher.flush();
    expect(bodies.map((b) => b.events.map((e) => e.name))).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
    expect(remove).toHaveBeenCalledTimes(2);
    expect(await left()).toBe(0);
  });

  it('says when delivery stalls, so that what waits is held to the bounds', async () => {
    const onStall = vi.fn();
    const { flusher } = await setup([503], 3, { onStall });
    await flusher.flush();
    expect(onStall).toHaveBeenCalledOnce();
    flusher.stop();
  });

  it('runs one flush at a time', async () => {
    const { flusher, send } = await setup();
    await Promise.all([flusher.flush(), flusher.flush(), flusher.flush()]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('keeps batches under the byte cap', async () => {
    const { flusher, bodies, store } = await setup([], 0);
    await store.put([Array.from({ length: 300 }, (_, i) => queued(`e${i}`, Date.now() + i, { blob: 'x'.repeat(1000) }))]);
    await flusher.flush();
    expect(bodies.length).toBeGreaterThan(4);
    for (const body of bodies) expect(JSON.stringify(body).length).toBeLessThan(64 * 1024);
    expect(bodies.flatMap((b) => b.events).length).toBe(300);
  });

  it('keeps the batch queued when transform throws', async () => {
    const { flusher, left, send } = await setup([], 3, {
      encode: () => {
        throw new Error('bad transform');
      },
    });
    await flusher.flush();
    expect(send).not.toHaveBeenCalled();
    expect(await left()).toBe(3);
  });

  it('hands events over to the beacon and returns those it refused', async () => {
    const beacon = vi.fn().mockReturnValueOnce(true).mockReturnValue(false);
    const { flusher } = await setup([], 0, { beacon });
    const events = Array.from({ length: 150 }, (_, i) => makeEvent(`e${i}`, Date.now() + i, { blob: 'x'.repeat(600) }));
    const refused = flusher.handOver(events);
    expect(beacon.mock.calls.length).toBeGreaterThan(1);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused).toEqual(events.slice(events.length - refused.length).map((e) => e.id));
  });
});
