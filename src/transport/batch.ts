/** A batch must fit a beacon, whose in-flight budget per page is 64 KiB; the rest is the envelope's. */
export const MAX_BATCH_BYTES = 60_000;

/** Length of a string in UTF-8 bytes, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) bytes += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/**
 * Splits serialised events, in order, into batches of at most `maxCount` whose sizes add up to at
 * most `maxBytes`. An event larger than `maxBytes` on its own travels alone.
 */
export function splitBatches<T extends { json: string }>(items: readonly T[], maxCount: number, maxBytes = MAX_BATCH_BYTES): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = utf8Length(item.json) + 1;
    if (current.length && (current.length >= maxCount || bytes + n > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += n;
  }
  if (current.length) out.push(current);
  return out;
}
