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
 * Where queued events wait for the collector, as records: events written together, in id order,
 * that travel together. Ids are UUIDv7, so the order is the order they were tracked. Each method
 * is one transaction.
 */
export interface Store {
  /** Adds records, each one list of events; resolves once they are stored (for IndexedDB: committed). */
  put(records: readonly (readonly Queued[])[]): Promise<void>;
  /** The oldest records, whole, until they hold at least `max` events. */
  head(max: number): Promise<Queued[][]>;
  /**
   * Takes events out by id. `whole`: records as head() gave them, every event of which is in `ids`
   * (a batch sent whole); they go without being read, which is most of the cost of a removal.
   */
  remove(ids: readonly string[], whole?: readonly (readonly Queued[])[]): Promise<void>;
  /** Drops what is older than `floorId` and the oldest past `maxCount`; resolves with how many went. */
  trim(maxCount: number, floorId: string): Promise<number>;
  clear(): Promise<void>;
}
