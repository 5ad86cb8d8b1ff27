/** A batch must fit a beacon, whose in-flight budget per page is 64 KiB; the rest is the envelope's. */
export const MAX_BATCH_BYTES = 60_000;

const NON_ASCII = /[^\0-\x7f]/;

/** Length of a string in UTF-8 bytes, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  // a regular expression scans an ASCII string several times faster than a loop over its chars
  if (!NON_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) bytes += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/**
 * Packs records (events stored together, in order) into batches of at most `maxCount` events
 * whose sizes add up to at most `maxBytes`, without cutting a record: a batch sent whole removes
 * whole records. A record over the limits on its own is split; an event over them travels alone.
 */
export function packBatches<T extends { json: string }>(records: readonly T[][], maxCount: number, maxBytes = MAX_BATCH_BYTES): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  const close = () => {
    if (current.length) out.push(current);
    current = [];
    bytes = 0;
  };
  for (const record of records) {
    const size = record.reduce((n, item) => n + utf8Length(item.json) + 1, 0);
    if (record.length > 1 && (record.length > maxCount || size > maxBytes)) {
      close();
      out.push(...splitBatches(record, maxCount, maxBytes));
    } else {
      if (current.length + record.length > maxCount || bytes + size > maxBytes) close();
      current.push(...record);
      bytes += size;
    }
  }
  close();
  return out;
}

/** Splits serialised events, in order, into batches within the same limits. */
export const splitBatches = <T extends { json: string }>(items: readonly T[], maxCount: number, maxBytes = MAX_BATCH_BYTES): T[][] =>
  packBatches(items.map((item) => [item]), maxCount, maxBytes);
