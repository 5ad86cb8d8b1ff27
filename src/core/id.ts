let lastMs = 0;
let seq = 0;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// one getRandomValues call per 1,000 ids: the call, not the randomness, is what costs in a burst
const pool = new Uint16Array(5000);
let used = pool.length;

function random16(): number {
  if (used === pool.length) {
    used = 0;
    const c = globalThis.crypto;
    if (c?.getRandomValues) c.getRandomValues(pool);
    else for (let i = 0; i < pool.length; i++) pool[i] = (Math.random() * 0x10000) | 0;
  }
  return pool[used++]!;
}

/**
 * A UUIDv7 (RFC 9562): time-ordered, so ids sort in the order they were made within a tab,
 * which lets the queue read its oldest events by key. A 12-bit counter keeps ids made in the
 * same millisecond in order (RFC 9562 §6.2, method 1).
 */
export function uuid7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq > 0xfff) {
    // counter spent within one millisecond: borrow the next one, ids stay ordered
    lastMs++;
    seq = 0;
  }
  const ms = hex(lastMs, 12);
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${hex(seq, 3)}-${hex((random16() & 0x3fff) | 0x8000, 4)}-${hex(random16(), 4)}${hex(random16(), 4)}${hex(random16(), 4)}`;
}

/** The smallest UUIDv7 of a given millisecond: every id made before `ms` sorts below it. */
export const uuid7Floor = (ms: number): string => {
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7000-`;
};
