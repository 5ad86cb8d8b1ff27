import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBatches, splitBatches, utf8Length } from '../../../src/transport/batch';

describe('utf8Length', () => {
  it('counts bytes as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
  });
});

describe('splitBatches', () => {
  it('keeps every item once, in order, within the count and byte caps', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (texts, maxCount) => {
        const items = texts.map((json) => ({ json }));
        const batches = splitBatches(items, maxCount, 1000);
        expect(batches.flat()).toEqual(items);
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(maxCount);
          const bytes = batch.reduce((n, s) => n + utf8Length(s.json) + 1, 0);
          expect(batch.length === 1 || bytes <= 1000).toBe(true);
        }
      }),
    );
  });

  it('sends an item larger than the cap on its own', () => {
    expect(splitBatches([{ json: 'x'.repeat(2000) }, { json: 'y' }], 10, 1000).map((b) => b.length)).toEqual([1, 1]);
  });
});

describe('packBatches', () => {
  it('keeps every item once, in order, within the caps, and a record that fits them in one batch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 30 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (texts, maxCount) => {
          const records = texts.map((record, r) => record.map((json) => ({ json, r })));
          const batches = packBatches(records, maxCount, 1000);
          expect(batches.flat()).toEqual(records.flat());
          for (const batch of batches) {
            expect(batch.length).toBeLessThanOrEqual(maxCount);
            const bytes = batch.reduce((n, s) => n + utf8Length(s.json) + 1, 0);
            expect(batch.length === 1 || bytes <= 1000).toBe(true);
          }
          records.forEach((record, r) => {
            const fits = record.length <= maxCount && record.reduce((n, s) => n + utf8Length(s.json) + 1, 0) <= 1000;
            if (fits) expect(batches.filter((b) => b.some((item) => item.r === r))).toHaveLength(1);
          });
        },
      ),
    );
  });
});
