import { describe, expect, it } from 'vitest';
import { uuid7, uuid7Floor } from '../../../src/core/id';

describe('uuid7', () => {
  it('makes 50,000 distinct ids in a burst', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => uuid7()));
    expect(ids.size).toBe(50_000);
  });

  it('keeps ids made in one millisecond in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => uuid7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is a version 7, variant 10 UUID', () => {
    expect(uuid7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts every id of an earlier millisecond below the floor of a later one', () => {
    const before = uuid7(Date.now() + 10_000);
    expect(before < uuid7Floor(Date.now() + 10_001)).toBe(true);
    expect(uuid7(Date.now() + 20_000) > uuid7Floor(Date.now() + 20_000)).toBe(true);
  });
});
