import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/core/time';

describe('isoTime', () => {
  it('is toISOString, for any time from 1970 to 9999 and in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it('gives each millisecond of one second its own time', () => {
    const base = Date.UTC(2026, 10, 30, 1, 14, 22);
    for (let ms = base; ms < base + 1000; ms += 7) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
