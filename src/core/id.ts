// hex of every byte, made on first use: ids are built by lookup, not by number formatting
let hex: string[] | undefined;
// the random ends of 256 ids ("8xxx-xxxxxxxxxxxx", its first digit the variant), made in one loop:
// an id is then four strings joined, not thirteen, which the structured clone that hands events to
// the worker flattens for less (measured on the whole burst; making an id costs about the same)
let ends = '';
let used = 0;
let lastMs = -1;
let msHex = '';
let seq = 0;

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
  if (used == ends.length) {
    // one getRandomValues call per 256 ids: the call, not the randomness, is what costs in a burst
    const r = crypto.getRandomValues(new Uint8Array(2048));
    ends = '';
    for (let i = 0; i < 2048; i += 8)
      ends += `${h[(r[i]! & 0x3f) | 0x80]}${h[r[i + 1]!]}-${h[r[i + 2]!]}${h[r[i + 3]!]}${h[r[i + 4]!]}${h[r[i + 5]!]}${h[r[i + 6]!]}${h[r[i + 7]!]}`;
    used = 0;
  }
  return `${msHex}${h[seq >> 8]!.slice(1)}${h[seq & 0xff]}-${ends.slice(used, (used += 17))}`;
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
