import type { IdRange } from '../core/id';
import type { WaymarkEvent } from '../core/types';
import type { writeEvents } from '../queue/buffer';
import type { idbStore } from '../queue/idb';
import type { Store } from '../queue/store';
import type { createFlusher, Flusher, FlusherOptions } from './flusher';
import type { tabLock } from './lock';
import type { waymarkJson } from './payload';
import type { Answer, post, SendOptions } from './send';

/** A worker seen from the page, or the page seen from its worker. */
export interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

type Handlers = Record<string, (...args: never[]) => unknown>;
/** [call id (0: no answer wanted), method (none in an answer), arguments or the answer] */
type Message = [number, string | undefined, unknown];

/**
 * Calls between a page and its worker. Messages are handled in the order they were posted, so a
 * call made before an answer is handled before that answer is seen.
 */
export function rpc(port: Port, handlers: Handlers) {
  let last = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  port.onmessage = ({ data: [id, method, value] }: MessageEvent<Message>) => {
    if (method === undefined) {
      waiting.get(id)?.(value);
      waiting.delete(id);
      return;
    }
    // a method that fails answers undefined: the caller must not wait for ever
    const done = Promise.resolve()
      .then(() => handlers[method]!(...(value as never[])))
      .catch(() => {});
    if (id) void done.then((answer) => port.postMessage([id, undefined, answer]));
  };
  return {
    call: <T>(method: string, ...args: unknown[]) =>
      new Promise<T>((resolve) => {
        waiting.set(++last, resolve as (value: unknown) => void);
        port.postMessage([last, method, args]);
      }),
    tell: (method: string, ...args: unknown[]) => port.postMessage([0, method, args]),
    /** Answers every call still waiting with undefined: the other side is gone. */
    end: () => waiting.forEach((resolve) => resolve(undefined)),
  };
}

type E = WaymarkEvent;
/** From its first event on, what the events of a message share until the next run. */
type Run = [start: number, type: E['type'], stage: E['stage'], page: E['page'], context: E['context'], anonymousId: string, userId: E['userId'], sessionId: string];
/** Events as the page hands them to its worker: ids (UUIDs) and times (ISO) joined by commas, which neither holds, names and props as JSON, and the runs. */
type Packed = [ids: string, times: string, names: string, props: string, runs: Run[]];

/**
 * Events in few strings, what they share as runs. The structured clone of a message is the main
 * thread's largest cost in a burst after track(): Chromium copies a string at about 4 ns a byte,
 * and an array or object per event, each key and value of it, costs more again. Joined strings
 * and JSON, which the engine makes faster than the clone copies values, cut what a 10,000-event
 * burst costs the page by 0.6-0.8 µs an event (9 and 11 runs, against an array per event).
 */
const pack = (events: readonly E[]): Packed => {
  const ids: string[] = [];
  const times: string[] = [];
  const names: string[] = [];
  const props: E['props'][] = [];
  const runs: Run[] = [];
  let run: Run | undefined;
  events.forEach((e, i) => {
    ids.push(e.id);
    times.push(e.time);
    names.push(e.name);
    props.push(e.props);
    if (run?.[1] !== e.type || run[2] !== e.stage || run[3] !== e.page || run[4] !== e.context || run[5] !== e.anonymousId || run[6] !== e.userId || run[7] !== e.sessionId)
      runs.push((run = [i, e.type, e.stage, e.page, e.context, e.anonymousId, e.userId, e.sessionId]));
  });
  return [ids.join(), times.join(), JSON.stringify(names), JSON.stringify(props), runs];
};

const unpack = ([ids, times, names, props, runs]: Packed): E[] => {
  const [time, name, prop] = [times.split(','), JSON.parse(names) as string[], JSON.parse(props) as E['props'][]];
  let r = 0;
  return (ids ? ids.split(',') : []).map((id, i) => {
    if (runs[r + 1]?.[0] === i) r++;
    const [, type, stage, page, context, anonymousId, userId, sessionId] = runs[r]!;
    // the keys in the order of the wire format, which JSON.stringify keeps
    return { id, type, name: name[i]!, time: time[i]!, anonymousId, userId, sessionId, stage, page, props: prop[i]!, context };
  });
};

/** How long the page waits for its worker to answer a write, or to show it is alive, before it sends itself. */
export const SILENCE = 10_000;

/** What a worker needs to store and send a site's queue: the rest of `FlusherOptions` is the page's. */
export interface RemoteInit {
  key: string;
  endpoint: string;
  batchSize: number;
  site: string | null;
  headers?: Record<string, string> | undefined;
}

/**
 * What the worker's side is made of: the script-tag build's own code, which the worker runs already
 * (the npm build's worker bundles the same).
 */
export interface Kit {
  createFlusher: typeof createFlusher;
  post: typeof post;
  idbStore: typeof idbStore;
  tabLock: typeof tabLock;
  waymarkJson: typeof waymarkJson;
  writeEvents: typeof writeEvents;
}

/**
 * The page's handle on a flusher that runs in `script` (a worker, or the URL of the script-tag
 * build to run in one): serialising and writing the events, and the requests, IndexedDB reads and
 * deletes of delivery leave the main thread. Resolves undefined when the worker cannot send (no
 * IndexedDB there, or it failed to start), for the page to go on storing and sending itself.
 *
 * A send with keepalive (a small batch, which must outlive a page that is going away) is made by
 * the page: a worker's requests end with it. The range of the ids of each read of the queue is
 * claimed from the page, in the page's own task, so that a hand-over on hide and a send never take
 * the same event; a range is two strings to pass, where the ids of a read are hundreds. Each
 * message wakes the page (tens of µs of its main thread), so there are two per read, not per batch.
 */
export function remoteFlusher(
  script: Worker | string,
  key: string,
  site: string | null,
  page: FlusherOptions,
  handOver: Flusher['handOver'],
  writeHere: (events: readonly WaymarkEvent[]) => Promise<unknown>,
  lost: () => void,
): Promise<Flusher | undefined> {
  // A worker from another origin (a CDN) is refused, one from a same-origin script that imports it
  // is not, unless the CSP refuses blob: workers (this throws; the page sends itself). Its name
  // tells it where its parts are.
  const url =
    typeof script == 'string' && (new URL(script).origin == location.origin ? script : URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(script)})`])));
  const worker = url ? new Worker(url, { name: script as string }) : (script as Worker);
  // Chromium bills each request of a dedicated worker to the page's main thread (some 0.2 ms, to
  // tell the page's frame of the load), not those of a shared worker: the script-tag build, started
  // as one, makes the worker's requests (one for all the site's tabs, where the script is on the
  // site's origin). Its port goes to the worker once it has answered: one that failed to start
  // would leave the requests unanswered. Without SharedWorker (Chrome on Android), or where the page
  // may not start one (an opaque origin), the worker makes them.
  if (url && typeof SharedWorker == 'function')
    try {
      const { port } = new SharedWorker(url, { name: script as string });
      port.onmessage = () => worker.postMessage([0, 'fetcher', [port]], [port]);
    } catch {}
  // the range of the read the worker is sending, and the ids of a keepalive send the page makes
  let claimed: IdRange | undefined;
  let kept: string[] | undefined;
  let healthy = true;
  // when the worker's next flush is due, as far as the page asked: a schedule per event is one message
  let due = Infinity;
  const { call, tell, end } = rpc(worker, {
    prepare: () => {
      due = Infinity;
      return page.prepare?.().then(page.canSend);
    },
    claim: (range: IdRange) => page.claim?.((claimed = range)),
    post: async (url: string, body: string, options: SendOptions, ids: string[]) => {
      kept = ids;
      const answer = await page.send(url, body, options, ids);
      kept = undefined;
      return answer;
    },
    sent: (range: IdRange, count: number) => {
      healthy = true;
      page.onSent?.(range, count);
      claimed = undefined;
    },
    stall: () => {
      healthy = false;
      claimed = undefined;
      page.onStall?.();
    },
    warn: page.onWarn,
  });
  // A write, or a sign of life, is answered in ms: a worker silent for 10 s is gone (Chromium may
  // end a worker without an error event), and the page, told so, stops it and sends itself
  const watched = <T>(answer: Promise<T>) => {
    const silent = setTimeout(lost, SILENCE);
    return answer.then((value) => (clearTimeout(silent), value));
  };
  const flusher: Flusher = {
    // a flush may take long (a slow collector, a backoff): whether the worker is alive is asked apart
    flush: () => (void watched(call('alive')), call('flush')),
    schedule: (ms) => {
      const at = Date.now() + ms;
      if (at < due) tell('schedule', ms);
      due = Math.min(due, at);
    },
    sending: { has: (id) => !!claimed && id >= claimed[0] && id <= claimed[1] },
    // what the worker could not store (its IndexedDB failed, or it was stopped) the page stores
    write: (events) => watched(call('write', pack(events))).then((stored) => stored || writeHere(events)),
    release: () => (kept ? (tell('release'), kept) : []),
    healthy: () => healthy && navigator.onLine,
    handOver,
    drop: (count) => tell('drop', count),
    reset: () => {
      healthy = true;
      tell('reset');
    },
    // a send in flight is cut short: its events stay queued
    stop: () => {
      worker.terminate();
      end();
    },
  };
  return new Promise((resolve) => {
    // a worker started from a blob: (a script on a CDN) has no base for a relative endpoint
    const init: RemoteInit = { key, endpoint: new URL(page.endpoint, location.href).href, batchSize: page.batchSize, site, headers: page.headers };
    const answer = (ready: unknown) => {
      clearTimeout(timer);
      worker.onerror = null;
      resolve(ready ? flusher : (worker.terminate(), undefined));
    };
    // a worker that never answers (its part failed to load) leaves the sending to the page
    const timer = setTimeout(answer, 10_000);
    worker.onerror = () => answer(0);
    void call('init', init).then(answer);
  });
}

/**
 * The worker's side: stores the events the page gives it, and a flusher over the site's queue in
 * IndexedDB asks the page for what only the page knows (consent, what it handed over, what it has
 * not yet given). Its requests go through the site's shared worker once the page has handed it
 * over; the same code, in a shared worker, serves those.
 */
export function serveFlusher(page: Port, { createFlusher, idbStore, tabLock, waymarkJson, writeEvents, post }: Kit): void {
  // Started as a shared worker (it has ports, not postMessage), it only makes requests, for each
  // sending worker whose page connects, and first says it is there. A tab that loads a later
  // version of the script from the same URL may connect to it: this exchange must stay as it is.
  if (!('postMessage' in page)) {
    const shared = page as unknown as { onconnect: Port['onmessage'] };
    shared.onconnect = (page as Port).onmessage = ({ ports: [port] }) => {
      rpc(port!, { post });
      port!.postMessage(0);
    };
    return;
  }
  let flusher: ReturnType<typeof createFlusher> | undefined;
  let store: Store;
  let size: number;
  let allowed = false;
  // the shared worker's calls, once the page has handed over its port
  let fetcher: ReturnType<typeof rpc>['call'] | undefined;
  const { call, tell } = rpc(page, {
    fetcher: (port: MessagePort) => {
      fetcher = rpc(port, {}).call;
    },
    init: async ({ key, endpoint, batchSize, site, headers }: RemoteInit) => {
      store = idbStore(key);
      size = batchSize;
      // where IndexedDB fails here, this rejects and the page sends itself
      await store.head(1);
      flusher = createFlusher({
        store,
        lock: tabLock(`${key}:send`),
        endpoint,
        batchSize,
        headers,
        encode: (events, dropped) => waymarkJson(events, site, dropped, new Date().toISOString()),
        canSend: () => allowed,
        prepare: async () => {
          allowed = await call<boolean>('prepare');
        },
        claim: (range) => call('claim', range),
        onStall: () => tell('stall'),
        onSent: (range, count) => tell('sent', range, count),
        onWarn: (message) => tell('warn', message),
        send: (url, body, options, ids): Promise<Answer> =>
          options.keepalive ? call('post', url, body, options, ids) : fetcher ? fetcher('post', url, body, options) : post(url, body, options),
      });
      return true;
    },
    write: (packed: Packed) => writeEvents(store, unpack(packed), size).then(() => true),
    alive: () => true,
    flush: () => flusher?.flush(),
    schedule: (ms: number) => flusher?.schedule(ms),
    release: () => flusher?.release(),
    drop: (count: number) => flusher?.drop(count),
    reset: () => flusher?.reset(),
  });
}
