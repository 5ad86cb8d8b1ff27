import type { WaymarkEvent } from '../core/types';

/**
 * Where queued events wait for the collector. Events are kept in id order, and ids are UUIDv7,
 * so the order is the order they were tracked. Each method is one transaction.
 */
export interface Store {
  /** Appends events; resolves once they are stored (for IndexedDB: once the transaction has completed). */
  put(events: readonly WaymarkEvent[]): Promise<void>;
  /** The oldest `max` events. */
  head(max: number): Promise<WaymarkEvent[]>;
  remove(ids: readonly string[]): Promise<void>;
  /** Drops what is older than `floorId` and the oldest past `maxCount`; resolves with how many went. */
  trim(maxCount: number, floorId: string): Promise<number>;
  clear(): Promise<void>;
}
