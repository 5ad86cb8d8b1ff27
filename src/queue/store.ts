import type { WaymarkEvent } from '../core/types';

/**
 * An event as the queue keeps it: its id and its JSON, serialised once. IndexedDB then copies a
 * string, not an object tree, and a batch is these strings joined: nothing is serialised again.
 */
export interface Queued {
  id: string;
  json: string;
}

/** Serialises an event for the queue. */
export const toQueued = (event: WaymarkEvent): Queued => ({ id: event.id, json: JSON.stringify(event) });

/**
 * Where queued events wait for the collector. Events are kept in id order, and ids are UUIDv7,
 * so the order is the order they were tracked. Each method is one transaction.
 */
export interface Store {
  /** Appends events; resolves once they are stored (for IndexedDB: once the transaction has completed). */
  put(events: readonly Queued[]): Promise<void>;
  /** The oldest `max` events. */
  head(max: number): Promise<Queued[]>;
  remove(ids: readonly string[]): Promise<void>;
  /** Drops what is older than `floorId` and the oldest past `maxCount`; resolves with how many went. */
  trim(maxCount: number, floorId: string): Promise<number>;
  clear(): Promise<void>;
}
