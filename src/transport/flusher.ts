import { idRange, type IdRange } from '../core/id';
import type { WaymarkEvent } from '../core/types';
import { toQueued, type Queued, type Store } from '../queue/store';
import { MAX_BATCH_BYTES, packBatches, splitBatches, utf8Length } from './batch';
import type { TabLock } from './lock';
import { backoff, classifyStatus, retryAfter } from './retry';
import { handOver, type Answer, type SendOptions } from './send';

export interface FlusherOptions {
  store: Store;
  lock: TabLock;
  endpoint: string;
  batchSize: number;
  /** Makes the body of a batch; `dropped` is the count of events lost since the last accepted batch. */
  encode: (events: Queued[], dropped: number) => string;
  headers?: Record<string, string> | undefined;
  /** False while consent is pending: nothing leaves the page. */
  canSend: () => boolean;
  /** Run before each flush: writes what waits in memory, so that the flush sees it. */
  prepare?: () => Promise<void>;
  onWarn: (message: string) => void;
  /**
   * Called with the id range of what a read of the queue gave, before any of it is sent; answers
   * the ids in it to leave out: handed to the browser on hide since, they leave the queue instead.
   * Once per read, not per batch: a worker asks its page, and each question wakes the page.
   */
  claim?: (range: IdRange) => string[] | Promise<string[]>;
  /** Called when delivery stops to wait (a failed send): what waits is then held to the queue's bounds. */
  onStall?: () => void;
  /** Called once a read of the queue is done with, with the id range and the count of what the collector accepted of it. */
  onSent?: (range: IdRange, count: number) => void;
  /** Sends a batch's body; `ids` are its events'. */
  send: (url: string, body: string, options: SendOptions, ids: string[]) => Promise<Answer>;
  beacon?: (url: string, body: string, headers?: Record<string, string>) => boolean;
  now?: () => number;
  random?: () => number;
}

export interface Flusher {
  /**
   * Sends everything queued, batch by batch, unless another tab is sending, consent is pending or
   * the collector asked to wait (backoff, Retry-After): then it sends when that wait is over.
   */
  flush(): Promise<void>;
  /** Flushes in `ms`, or when the current backoff ends if that is later. */
  schedule(ms: number): void;
  /** Hands events to the browser for delivery after the page is gone; returns the ids of those it refused. */
  handOver(events: WaymarkEvent[]): string[];
  /** Whether the collector answered the last attempt; a hand-over is only trusted to a healthy one. */
  healthy(): boolean;
  /** Whether an id is in the read this tab is sending (or in its range), which a hand-over must leave alone. */
  readonly sending: { has(id: string): boolean };
  /**
   * At page exit: the batch in flight (sent with keepalive) now belongs to the browser, like a
   * beacon. Returns its ids, for the caller to take out of the queue; should the page live on and
   * the send fail after all, the batch is queued again.
   */
  release(): string[];
  /**
   * Stores events where this flusher reads them, when that is not the page (a worker, which
   * serialises and writes them off the main thread); resolves once they are stored.
   */
  write?(events: readonly WaymarkEvent[]): Promise<unknown>;
  /** Counts events lost before sending, reported as `dropped` in the next batch. */
  drop(count: number): void;
  /** Forgets the backoff (the browser came back online). */
  reset(): void;
  stop(): void;
}

/** How soon a tab tries again when another tab held the send lock. */
const LOCKED_RETRY = 1000;
/**
 * Largest body sent with keepalive. Keepalive requests of a page share 64 KiB in flight, and
 * Chromium frees a request's share late: bodies near the limit wait ~0.7 s each (measured), while
 * two under half of it pass at full speed. A typical flush is a few KB, one request; a backlog (a
 * read that takes several requests) goes without keepalive, its small last batch too, and what the
 * page going away cuts short is sent again by the next page. A keepalive send is the page's own
 * (a worker's requests end with it), and the call holds the page's main thread 0.7-4 ms (measured,
 * wall time): a 10,000-event burst made ten of them.
 */
const KEEPALIVE_MAX = 30_000;

/**
 * Single-flight delivery from a Store to the collector: reads the oldest events under the tab
 * lock, sends them in batches under 64 KiB, and removes them only after a 2xx. 408/429/5xx and
 * network errors back off with jitter (honouring Retry-After), 413 splits the batch, other 4xx
 * drop it and count it.
 */
export function createFlusher(o: FlusherOptions): Flusher {
  const beacon = o.beacon ?? handOver;
  const now = o.now ?? Date.now;
  // the ids of the read being sent and its range, and how many it got accepted
  const sending = new Set<string>();
  let read: IdRange;
  // the ids of a batch in flight with keepalive, which a page going away lets finish
  let outliving: string[] = [];
  let accepted = 0;
  let dropped = 0;
  let attempt = 0;
  let retryAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  let running: Promise<void> | undefined;
  let again: Promise<void> | undefined;
  let released = false;
  let stopped = false;

  const encode = (batch: Queued[]): string | undefined => {
    try {
      return o.encode(batch, dropped);
    } catch (error) {
      o.onWarn(`transform failed, the batch stays queued: ${String(error)}`);
      return undefined;
    }
  };

  const unschedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    dueAt = Infinity;
  };

  const schedule = (ms: number) => {
    const at = Math.max(now() + ms, retryAt);
    if (stopped || at >= dueAt) return;
    unschedule();
    dueAt = at;
    timer = setTimeout(() => void flush(), at - now());
  };

  // what a read got accepted is told before a stall, so that the stall is the last word
  const report = () => {
    if (accepted) o.onSent?.(read, accepted);
    accepted = 0;
  };

  const retry = (answer: Answer | undefined) => {
    report();
    const wait = retryAfter(answer?.retryAfter, now()) ?? backoff(attempt, o.random);
    attempt++;
    retryAt = now() + wait;
    o.onStall?.();
    // a flush planned before this answer must not go out before the collector asked us to return
    unschedule();
    schedule(wait);
  };

  /**
   * Sends one batch, made of `records` (as read) or of parts of them, with keepalive if `alone` (the
   * read's only batch) and small; false when delivery must stop and wait.
   */
  const deliver = async (batch: Queued[], records: Queued[][], left: readonly string[], alone: boolean): Promise<boolean> => {
    batch = batch.filter((e) => !left.includes(e.id));
    if (!batch.length) return true;
    const body = encode(batch);
    if (body === undefined) {
      retry(undefined);
      return false;
    }
    const reported = dropped;
    const ids = batch.map((e) => e.id);
    const set = new Set(ids);
    released = false;
    // keepalive lets a send that is under way when the visitor leaves finish after the page is gone
    const keepalive = alone && body.length <= KEEPALIVE_MAX && utf8Length(body) <= KEEPALIVE_MAX;
    outliving = keepalive ? ids : [];
    const answer = await o.send(o.endpoint, body, { headers: o.headers, keepalive }, ids);
    const outcome = classifyStatus(answer.status);
    // records sent whole leave by key, unread
    const whole = records.filter((r) => r.every((e) => set.has(e.id)));
    if (outcome === 'ok' || outcome === 'drop') await o.store.remove(ids, whole);
    outliving = [];
    if (outcome === 'retry') {
      if (released) {
        // queued again once, whether or not the hand-over mark has taken it out yet
        await o.store.remove(ids);
        await o.store.put([batch]);
      }
      retry(answer);
      return false;
    }
    if (outcome === 'split' && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return (await deliver(batch.slice(0, half), records, left, alone)) && deliver(batch.slice(half), records, left, alone);
    }
    if (outcome === 'split') await o.store.remove(ids, whole);
    attempt = 0;
    retryAt = 0;
    if (outcome === 'ok') {
      dropped -= reported;
      accepted += ids.length;
    } else {
      dropped += batch.length;
      o.onWarn(`the collector refused ${batch.length} event(s) with status ${answer.status}: dropped`);
    }
    return true;
  };

  const run = async () => {
    await o.prepare?.();
    // whoever asked (a timer set before a 429, a late caller, flush()), the collector's wait holds
    if (now() < retryAt) return schedule(0);
    const ran = await o.lock(async () => {
      for (;;) {
        if (stopped || !o.canSend()) return;
        const records = await o.store.head(o.batchSize);
        if (!records.length) return;
        const ids = records.flat().map((e) => e.id);
        ids.forEach((id) => sending.add(id));
        const left = (await o.claim?.((read = idRange(ids)))) ?? [];
        // handed over: they leave the queue now, as the hand-over mark would take them out next time
        if (left.length) await o.store.remove(left);
        let ok = true;
        const batches = packBatches(records, o.batchSize);
        for (const batch of batches) if (!(ok = await deliver(batch, records, left, batches.length == 1))) break;
        sending.clear();
        report();
        if (!ok) return;
      }
    });
    // another tab was sending: it may stop (closed, or backing off) before our events are out
    if (!ran && o.canSend()) schedule(LOCKED_RETRY);
  };

  const flush = (): Promise<void> => {
    unschedule();
    // a call during a run may bring events the run has already passed: it gets a run of its own
    if (running) return (again ??= running.then(() => ((again = undefined), flush())));
    running = run()
      .catch((error) => o.onWarn(`sending failed: ${String(error)}`))
      .finally(() => (running = undefined));
    return running;
  };

  return {
    flush,
    schedule,
    sending,
    release() {
      // only a keepalive send outlives the page; another is cut short and stays queued
      if (!outliving.length) return [];
      released = true;
      return outliving;
    },
    healthy: () => attempt === 0 && globalThis.navigator?.onLine !== false,
    handOver(events) {
      const refused: string[] = [];
      for (const batch of splitBatches(events.map(toQueued), o.batchSize, MAX_BATCH_BYTES)) {
        const body = encode(batch);
        if (body !== undefined && beacon(o.endpoint, body, o.headers)) dropped = 0;
        else refused.push(...batch.map((e) => e.id));
      }
      return refused;
    },
    drop(count) {
      dropped += count;
    },
    reset() {
      attempt = 0;
      retryAt = 0;
    },
    stop() {
      stopped = true;
      unschedule();
    },
  };
}
