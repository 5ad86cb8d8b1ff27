import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IdRange } from '../../../src/core/id';
import type { WaymarkEvent } from '../../../src/core/types';
import { writeEvents } from '../../../src/queue/buffer';
import { idbStore } from '../../../src/queue/idb';
import { createFlusher, type FlusherOptions } from '../../../src/transport/flusher';
import { tabLock } from '../../../src/transport/lock';
import { waymarkJson } from '../../../src/transport/payload';
import { post } from '../../../src/transport/send';
import { remoteFlusher, rpc, serveFlusher, SILENCE, type Kit, type Port } from '../../../src/transport/remote';
import { makeEvent, nameOf, queued, stored, storedNames } from '../queue/fixtures';

/** A MessagePort with the DOM's onmessage signature (Node's passes the data itself). */
const domPort = (port: MessagePort): Port & EventTarget & { terminate(): void } =>
  Object.defineProperty(
    Object.assign(new EventTarget(), {
      postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer as never),
      terminate: () => port.close(),
      onmessage: null,
    }),
    'onmessage',
    { set: (fn: (event: MessageEvent) => void) => port.on('message', (data) => fn({ data } as MessageEvent)) },
  );

let n = 0;
const channels: MessageChannel[] = [];
const channel = () => {
  const c = new MessageChannel();
  channels.push(c);
  return { page: domPort(c.port1), worker: domPort(c.port2) };
};

/** A collector behind fetch: answers with `statuses` in turn, then 200. */
function collector(statuses: number[] = []) {
  const bodies: { events: WaymarkEvent[]; dropped: number; site: string }[] = [];
  const keepalive: boolean[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      keepalive.push(!!init.keepalive);
      return new Response(null, { status: statuses.shift() ?? 200 });
    }),
  );
  return { bodies, keepalive, names: () => bodies.flatMap((b) => b.events.map((e) => e.name)) };
}

/** The worker's part is made of the script-tag build's own code. */
const kit: Kit = { createFlusher, idbStore, tabLock, waymarkJson, writeEvents, post };

/** The page's options, of which the worker's side uses the hooks. */
const options = (): FlusherOptions => ({
  store: idbStore('unused'),
  lock: async (task) => (await task(), true),
  endpoint: '/collect',
  batchSize: 100,
  encode: () => '',
  canSend: () => true,
  prepare: async () => {},
  claim: () => [],
  onWarn: vi.fn(),
  send: post,
});

/** A page with `count` events queued in IndexedDB, and a worker that sends them. */
async function setup(count: number, side: Partial<FlusherOptions> = {}, workerKit = kit) {
  const key = `remote-${++n}`;
  const store = idbStore(key);
  await store.put([Array.from({ length: count }, (_, i) => queued(`e${i}`, Date.now() + i))]);
  const { page, worker } = channel();
  serveFlusher(worker, workerKit);
  const sent: [IdRange, number][] = [];
  const page$ = {
    ...options(),
    onSent: (range: IdRange, count: number) => void sent.push([range, count]),
    onStall: vi.fn(),
    ...side,
  };
  // where the page stores what its worker could not, and how it learns that the worker is gone
  const here = vi.fn(async () => {});
  const lost = vi.fn();
  const flusher = await remoteFlusher(page as unknown as Worker, key, 'acme', page$, () => [], here, lost);
  return { store, flusher: flusher!, sent, page$, here, lost };
}

afterEach(() => {
  channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close()));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('rpc', () => {
  it('answers calls in both directions, and a method that throws answers undefined', async () => {
    const { page, worker } = channel();
    const order: string[] = [];
    const fromWorker = rpc(worker, { twice: (x: number) => x * 2, fail: () => Promise.reject(new Error('no')), note: (s: string) => void order.push(s) });
    const fromPage = rpc(page, { hello: (name: string) => `hello ${name}` });
    expect(await fromPage.call('twice', 21)).toBe(42);
    expect(await fromPage.call('fail')).toBeUndefined();
    expect(await fromWorker.call('hello', 'page')).toBe('hello page');
    // a message told before a call is handled before it
    fromPage.tell('note', 'first');
    await fromPage.call('note', 'second');
    expect(order).toEqual(['first', 'second']);
  });
});

describe('remoteFlusher and serveFlusher', () => {
  it('sends the queue from the worker in the wire format, removes it after a 2xx and tells the page', async () => {
    const { bodies, names } = collector();
    const { flusher, store, sent } = await setup(5);
    const ids = (await stored(store)).map((q) => q.id);
    await flusher.flush();
    expect(names()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(bodies[0]).toMatchObject({ site: 'acme', dropped: 0, sdk: { name: 'waymark' } });
    // the batch's range and count, not its ids
    expect(sent).toEqual([[[ids[0], ids[4]], 5]]);
    expect(await storedNames(store)).toEqual([]);
    expect(flusher.healthy()).toBe(true);
    expect(ids.some((id) => flusher.sending.has(id))).toBe(false);
  });

  it('stores what the page gives it (serialised in the worker, as records a batch long), for its next flush to send', async () => {
    const { names } = collector();
    const { flusher, store, here } = await setup(0);
    // identified half way, and a new session after that: what the events share changes in a message
    const who = (i: number) => (i < 105 ? {} : i < 210 ? { userId: 'u1' } : { userId: 'u1', sessionId: 's2' });
    // and so do the page, the context, the type and the stage; names and props hold what JSON and commas must keep apart
    const { page, context } = makeEvent();
    const pages = [page, { url: 'https://a.test/b?x=1,2', path: '/b', title: 'B, "b"', referrer: '' }];
    const events = Array.from({ length: 250 }, (_, i) => ({
      ...makeEvent(`w${i}, "é" ☃\n`, Date.now() + i, { seq: i, list: ['a,b', { deep: i % 7 === 0 ? null : '"' }], ok: i % 2 === 0 }),
      ...who(i),
      type: i % 50 < 40 ? ('custom' as const) : ('cta_click' as const),
      stage: i < 30 ? null : ('interest' as const),
      page: pages[i < 120 || i > 180 ? 0 : 1]!,
      context: i < 230 ? context : { ...context, gpc: true },
    }));
    expect(await flusher.write!(events)).toBe(true);
    expect(here).not.toHaveBeenCalled();
    const records = await store.head(1000);
    expect(records.map((r) => r.length)).toEqual([100, 100, 50]);
    // the JSON the page would have made, as the wire format carries it
    expect(records.flat().map((q) => q.json)).toEqual(events.map((e) => JSON.stringify(e)));
    await flusher.flush();
    expect(names()).toEqual(events.map((e) => e.name));
  });

  it('gives back to the page what the worker could not store, or had not stored when it was stopped', async () => {
    const failing = { ...kit, writeEvents: () => Promise.reject(new Error('QuotaExceededError')) };
    const { flusher, here } = await setup(0, {}, failing);
    const events = [makeEvent('a'), makeEvent('b')];
    await flusher.write!(events);
    expect(here).toHaveBeenCalledTimes(1);
    expect((here.mock.calls[0] as unknown[])[0]).toEqual(events);

    const slow = { ...kit, writeEvents: () => new Promise<void>(() => {}) };
    const second = await setup(0, {}, slow);
    const c = makeEvent('c');
    const writing = second.flusher.write!([c]);
    second.flusher.stop();
    await writing;
    expect(second.here).toHaveBeenCalledWith([c]);
  });

  it('tells the page its worker is gone when a write, or a sign of life, is not answered within 10 s; stopped, the page stores what it had', async () => {
    // a worker that answers its start and nothing after, as one Chromium ended would
    const silent = { ...kit, writeEvents: () => new Promise<void>(() => {}) };
    const { flusher, here, lost } = await setup(0, {}, silent);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const a = makeEvent('a');
    const writing = flusher.write!([a]);
    await vi.advanceTimersByTimeAsync(SILENCE - 1);
    expect(lost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(lost).toHaveBeenCalledOnce();
    vi.useRealTimers();
    // what the page does when told: it stops the worker, and what was in the worker's hands it stores
    flusher.stop();
    await writing;
    expect(here).toHaveBeenCalledWith([a]);

    // a flush, which may take long, asks apart whether the worker is alive: a gone one, with nothing
    // to write, is noticed too, and the flush waited on ends when the page stops it
    const gone = await setup(0);
    channels.at(-1)!.port2.close();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const flushing = gone.flusher.flush();
    await vi.advanceTimersByTimeAsync(SILENCE);
    expect(gone.lost).toHaveBeenCalledOnce();
    vi.useRealTimers();
    gone.flusher.stop();
    await flushing;

    // a worker that answers in time is never said to be gone
    const fine = await setup(0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await fine.flusher.write!([makeEvent('b')]);
    await vi.advanceTimersByTimeAsync(SILENCE * 2);
    vi.useRealTimers();
    expect(fine.lost).not.toHaveBeenCalled();
  });

  it('sends nothing while the page says sending is not allowed', async () => {
    const { names } = collector();
    const { flusher, store } = await setup(3, { canSend: () => false });
    await flusher.flush();
    expect(names()).toEqual([]);
    expect(await storedNames(store)).toHaveLength(3);
  });

  it('leaves out of a batch what the page claims it handed over, and keeps the range in flight for the page', async () => {
    const { names } = collector();
    const claims: IdRange[] = [];
    const inFlight: boolean[][] = [];
    let handed = '';
    const { flusher, store } = await setup(3, {
      claim: (range: IdRange) => {
        claims.push(range);
        queueMicrotask(() => inFlight.push(queue.map((q) => flusher.sending.has(q.id))));
        return [handed];
      },
    });
    const queue = await stored(store);
    handed = queue.find((q) => nameOf(q) === 'e1')!.id;
    await flusher.flush();
    expect(names()).toEqual(['e0', 'e2']);
    expect(claims).toEqual([[queue[0]!.id, queue[2]!.id]]);
    // while the batch is in flight, a hand-over leaves all of it alone; afterwards none of it
    expect(inFlight).toEqual([[true, true, true]]);
    expect(queue.some((q) => flusher.sending.has(q.id))).toBe(false);
  });

  it('reports a failed send to the page (not healthy, held to bounds) and keeps the events', async () => {
    collector([503]);
    const { flusher, store, page$ } = await setup(2);
    await flusher.flush();
    expect(page$.onStall).toHaveBeenCalledTimes(1);
    expect(flusher.healthy()).toBe(false);
    expect(await storedNames(store)).toHaveLength(2);
    flusher.reset();
    expect(flusher.healthy()).toBe(true);
  });

  it('makes a keepalive send (a small batch) from the page, and an in-flight one can be released at exit', async () => {
    const { keepalive } = collector();
    const { flusher, store } = await setup(2);
    const ids = (await stored(store)).map((q) => q.id);
    const real = globalThis.fetch;
    const released: string[][] = [];
    // the page goes away while its keepalive send is in flight: the send's ids are handed to it
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => (released.push(flusher.release()), real(url, init)));
    await flusher.flush();
    expect(keepalive).toEqual([true]);
    expect(released).toEqual([ids]);
    // nothing in flight now: nothing to release
    expect(flusher.release()).toEqual([]);
  });

  it('answers undefined when the worker cannot use IndexedDB, for the page to send itself', async () => {
    const { page, worker } = channel();
    serveFlusher(worker, kit);
    vi.stubGlobal('indexedDB', undefined);
    expect(await remoteFlusher(page as unknown as Worker, `remote-${++n}`, null, options(), () => [], async () => {}, () => {})).toBeUndefined();
  });

  it('leaves the sending to the page when the worker does not answer within 10 s, and stops it', async () => {
    vi.useFakeTimers();
    const { page } = channel();
    const terminate = vi.spyOn(page, 'terminate');
    const pending = remoteFlusher(page as unknown as Worker, `remote-${++n}`, null, options(), () => [], async () => {}, () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toBeUndefined();
    expect(terminate).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('keeps a worker that answered in time', async () => {
    const { names } = collector();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { flusher } = await setup(2);
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    await flusher.flush();
    expect(names()).toEqual(['e0', 'e1']);
  });
});

describe('the worker of the script-tag build', () => {
  it('runs the script itself where it is on the page’s origin, and from a blob: that imports it where it is on a CDN; its name says where its parts are', async () => {
    const started: { url: string; name: string | undefined }[] = [];
    vi.stubGlobal(
      'Worker',
      vi.fn(function (url: string, options: WorkerOptions) {
        started.push({ url, name: options.name });
        const { page, worker } = channel();
        serveFlusher(worker, kit);
        return page;
      }),
    );
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:made'));
    const own = `${location.origin}/dist/waymark.iife.js`;
    const cdn = 'https://cdn.example/waymark@1/waymark.iife.js?v="1"';
    for (const src of [own, cdn]) expect(await remoteFlusher(src, `remote-${++n}`, null, options(), () => [], async () => {}, () => {})).toBeDefined();
    expect(started).toEqual([
      { url: own, name: own },
      { url: 'blob:made', name: cdn },
    ]);
    expect(blobs).toHaveLength(1);
    expect(await blobs[0]!.text()).toBe(`importScripts("https://cdn.example/waymark@1/waymark.iife.js?v=\\"1\\"")`);
  });

  /**
   * Worker and SharedWorker as the browser has them, each running its side of this code: the shared
   * one says it is there unless `mute`.
   */
  function browserWorkers({ mute = false } = {}) {
    const workerPost = vi.fn(post);
    const sharedPost = vi.fn(post);
    const started: { url: string; name: string | undefined }[] = [];
    vi.stubGlobal(
      'Worker',
      vi.fn(function () {
        const { page, worker } = channel();
        serveFlusher(worker, { ...kit, post: workerPost });
        return page;
      }),
    );
    vi.stubGlobal(
      'SharedWorker',
      vi.fn(function (url: string, options: WorkerOptions) {
        started.push({ url, name: options.name });
        // a shared worker's global scope: ports come with each connection, it has no postMessage
        const scope = {} as Port & { onconnect(event: { ports: unknown[] }): void };
        const c = new MessageChannel();
        channels.push(c);
        if (!mute) {
          serveFlusher(scope, { ...kit, post: sharedPost });
          scope.onconnect({ ports: [c.port2] });
        }
        return { port: c.port1 };
      }),
    );
    return { workerPost, sharedPost, started };
  }

  it('makes its requests from a shared worker (the same script, by the same name), once that answered; a keepalive send still goes from the page', async () => {
    const { names, keepalive } = collector();
    const { workerPost, sharedPost, started } = browserWorkers();
    const key = `remote-${++n}`;
    const store = idbStore(key);
    // a batch past what keepalive may carry: a smaller one goes from the page, which outlives the worker
    await store.put([Array.from({ length: 3 }, (_, i) => queued(`e${i}`, Date.now() + i, { pad: 'x'.repeat(12_000) }))]);
    const own = `${location.origin}/dist/waymark.iife.js`;
    const pageSend = vi.fn(post);
    const flusher = (await remoteFlusher(own, key, 'acme', { ...options(), send: pageSend }, () => [], async () => {}, () => {}))!;
    expect(started).toEqual([{ url: own, name: own }]);
    // the port goes to the worker after the shared worker's first message
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flusher.flush();
    expect(names()).toEqual(['e0', 'e1', 'e2']);
    expect(sharedPost).toHaveBeenCalledTimes(1);
    expect(workerPost).not.toHaveBeenCalled();
    expect(keepalive).toEqual([false]);
    expect(pageSend).not.toHaveBeenCalled();

    // a small batch may have to outlive the page: the page sends it, with keepalive
    await store.put([[queued('small', Date.now())]]);
    await flusher.flush();
    expect(names()).toEqual(['e0', 'e1', 'e2', 'small']);
    expect(keepalive).toEqual([false, true]);
    expect(pageSend).toHaveBeenCalledTimes(1);
    expect(sharedPost).toHaveBeenCalledTimes(1);
    flusher.stop();
  });

  it('keeps making its requests itself while the shared worker has not answered (it may have failed to start)', async () => {
    const { names } = collector();
    const { workerPost, sharedPost } = browserWorkers({ mute: true });
    const key = `remote-${++n}`;
    await idbStore(key).put([[queued('alone', Date.now(), { pad: 'x'.repeat(40_000) })]]);
    const flusher = (await remoteFlusher(`${location.origin}/dist/waymark.iife.js`, key, null, options(), () => [], async () => {}, () => {}))!;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flusher.flush();
    expect(names()).toEqual(['alone']);
    expect(workerPost).toHaveBeenCalledTimes(1);
    expect(sharedPost).not.toHaveBeenCalled();
    flusher.stop();
  });

  it('keeps making its requests itself where the page may not start a shared worker (an opaque origin)', async () => {
    const { names } = collector();
    const { workerPost } = browserWorkers();
    vi.stubGlobal(
      'SharedWorker',
      vi.fn(function () {
        throw new DOMException('denied to origin null', 'SecurityError');
      }),
    );
    const key = `remote-${++n}`;
    await idbStore(key).put([[queued('opaque', Date.now(), { pad: 'x'.repeat(40_000) })]]);
    const flusher = (await remoteFlusher(`${location.origin}/dist/waymark.iife.js`, key, null, options(), () => [], async () => {}, () => {}))!;
    await flusher.flush();
    expect(names()).toEqual(['opaque']);
    expect(workerPost).toHaveBeenCalledTimes(1);
    flusher.stop();
  });

  it('answers each connection of a shared worker: first that it is there, then the requests asked of it', async () => {
    collector([503]);
    const scope = {} as Port & { onconnect(event: { ports: unknown[] }): void };
    serveFlusher(scope, kit);
    for (let i = 0; i < 2; i++) {
      const c = new MessageChannel();
      channels.push(c);
      const said: unknown[] = [];
      c.port1.on('message', (data) => said.push(data));
      scope.onconnect({ ports: [c.port2] });
      c.port1.postMessage([7, 'post', ['/collect', '{}', {}]]);
      await vi.waitFor(() => expect(said).toHaveLength(2));
      expect(said).toEqual([0, [7, undefined, { status: i ? 200 : 503, retryAfter: null }]]);
    }
  });

  it('throws where the page may not start it (a CSP that refuses it), for the page to send itself', () => {
    vi.stubGlobal(
      'Worker',
      vi.fn(function () {
        throw new DOMException('refused', 'SecurityError');
      }),
    );
    expect(() => remoteFlusher('https://cdn.example/waymark.iife.js', `remote-${++n}`, null, options(), () => [], async () => {}, () => {})).toThrow('refused');
  });
});
