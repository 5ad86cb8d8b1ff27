// hex of every byte, made on first use: ids are built by lookup, not by number formatting
let hex: string[] | undefined;
// one getRandomValues call per 512 ids: the call, not the randomness, is what costs in a burst
const pool = new Uint8Array(4096);
let used = pool.length;
let lastMs = -1;
let msHex = '';
let seq = 0;

/** Where 8 fresh random bytes start in `pool` (an index, not a subarray: a view per id costs more than the id). */
function random8(): number {
  if (used === pool.length) {
    used = 0;
    crypto.getRandomValues(pool);
  }
  return (used += 8) - 8;
}

const msPart = (ms: number) => {
  const t = ms.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-7`;
};

/**
 * A UUIDv7 (RFC 9562): time-ordered, so ids sort in the order they were made within a tab,
 * which lets the queue read its oldest events by key. A 12-bit counter keeps ids made in the
 * same millisecond in order (RFC 9562 §6.2, method 1).
 */
export function uuid7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    msHex = msPart(now);
    seq = 0;
  } else if (++seq > 0xfff) {
    // counter spent within one millisecond: borrow the next one, ids stay ordered
    msHex = msPart(++lastMs);
    seq = 0;
  }
  const h = (hex ??= Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1)));
  const r = random8();
  const p = pool;
  return `${msHex}${h[seq >> 8]!.slice(1)}${h[seq & 0xff]}-${h[(p[r]! & 0x3f) | 0x80]}${h[p[r + 1]!]}-${h[p[r + 2]!]}${h[p[r + 3]!]}${h[p[r + 4]!]}${h[p[r + 5]!]}${h[p[r + 6]!]}${h[p[r + 7]!]}`;
}

/** The smallest UUIDv7 of a given millisecond: every id made before `ms` sorts below it. */
export const uuid7Floor = (ms: number): string => `${msPart(ms)}000-`;

/** The lowest and the highest of some event ids: which events a batch spans, in two strings. */
export type IdRange = [lo: string, hi: string];

/** The range of some ids (at least one). */
export const idRange = (ids: readonly string[]): IdRange => {
  const sorted = [...ids].sort();
  return [sorted[0]!, sorted[sorted.length - 1]!];
};
