import { idRange } from '../core/id';
import type { Queued, Store } from './store';

/**
 * A record's key: its first and last event id and its event count. Keys alone (one cheap read)
 * tell which records hold an id, how many events wait and which are oldest.
 */
export type Key = [first: string, last: string, count: number];

/** One transaction's view of the records, as IndexedDB or memory gives it. */
export interface Tx {
  /** Every key, oldest first. */
  keys(): Promise<Key[]>;
  /** The first `n` records, oldest first. */
  first(n: number): Promise<Queued[][]>;
  get(key: Key): Promise<Queued[] | undefined>;
  /** Stores events (in id order) as one record, under `key`. */
  add(events: Queued[], key: Key): void;
  del(key: Key): void;
  clear(): void;
}

/** Runs `fn` in one transaction: a readwrite one is atomic against other tabs. */
export type Run = <T>(write: boolean, fn: (tx: Tx) => Promise<T>) => Promise<T>;

const count = (keys: readonly Key[]) => keys.reduce((sum, key) => sum + key[2], 0);

const keyOf = (events: readonly Queued[]): Key => [events[0]!.id, events[events.length - 1]!.id, events.length];

/** Keeps of a record only the events that `stays` accepts; resolves with its key afterwards (none when it went). */
async function keep(tx: Tx, key: Key, stays: (e: Queued, i: number) => boolean): Promise<Key | undefined> {
  const events = (await tx.get(key)) ?? [];
  const rest = events.filter(stays);
  if (rest.length === events.length) return key;
  tx.del(key);
  if (!rest.length) return undefined;
  const next = keyOf(rest);
  tx.add(rest, next);
  return next;
}

/**
 * Takes events out of every record that holds one of `ids`; a record left empty goes. Records in
 * `whole` (as head() gave them, every event of each in `ids`) go by key, without being read: a
 * record is never changed in place, so a key still there is the record as it was read.
 */
async function removeIn(tx: Tx, ids: readonly string[], whole: readonly (readonly Queued[])[] = []): Promise<void> {
  const gone = new Set(ids);
  const known = new Set(whole.map((events) => keyOf(events).join(' ')));
  // only records whose id range meets that of the ids are read
  const [lo, hi] = idRange(ids);
  const work: Promise<unknown>[] = [];
  for (const key of await tx.keys())
    if (known.has(key.join(' '))) tx.del(key);
    else if (key[0] <= hi && key[1] >= lo) work.push(keep(tx, key, (e) => !gone.has(e.id)));
  await Promise.all(work);
}

/**
 * The queue kept as records of events that travel together: the buffer writes a burst as a few
 * records of about one batch each, and the flusher sends and removes them whole. IndexedDB's
 * cost is per request, not per byte: one put per batch, not per event, and one delete.
 */
export function recordStore(run: Run): Store {
  return {
    put: (records) =>
      run(true, async (tx) => {
        for (const events of records) if (events.length) {
          const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : 1));
          tx.add(sorted, keyOf(sorted));
        }
      }),
    head: (max) =>
      run(false, async (tx) => {
        let n = 0;
        let events = 0;
        for (const key of await tx.keys()) {
          if (events >= max) break;
          events += key[2];
          n++;
        }
        return n ? tx.first(n) : [];
      }),
    // nothing to take out opens no transaction: a flush asks for one each time (what was handed over)
    remove: (ids, whole) => (ids.length ? run(true, (tx) => removeIn(tx, ids, whole)) : Promise.resolve()),
    trim: (maxCount, floorId) =>
      run(true, async (tx) => {
        const keys = await tx.keys();
        const young: Key[] = [];
        for (const key of keys) {
          // a record straddling the age bound loses its old part
          const left = key[1] < floorId ? (tx.del(key), undefined) : key[0] < floorId ? await keep(tx, key, (e) => e.id >= floorId) : key;
          if (left) young.push(left);
        }
        const kept = count(young);
        let excess = kept - maxCount;
        for (const key of young) {
          if (excess <= 0) break;
          const cut = Math.min(excess, key[2]);
          // a record's events are in id order: its oldest are its first
          if (cut === key[2]) tx.del(key);
          else await keep(tx, key, (_, i) => i >= cut);
          excess -= cut;
        }
        return count(keys) - Math.min(kept, maxCount);
      }),
    clear: () =>
      run(true, async (tx) => {
        tx.clear();
      }),
  };
}
