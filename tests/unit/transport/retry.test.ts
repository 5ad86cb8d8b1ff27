import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX, backoff, classifyStatus, retryAfter } from '../../../src/transport/retry';

describe('classifyStatus', () => {
  it.each([
    [200, 'ok'], [202, 'ok'], [204, 'ok'],
    [0, 'retry'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'],
    [413, 'split'],
    [400, 'drop'], [401, 'drop'], [404, 'drop'], [422, 'drop'],
  ] as const)('%i → %s', (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });
});

describe('backoff', () => {
  it('doubles from one second, with jitter between half and all of the step', () => {
    expect(backoff(0, () => 0)).toBe(500);
    expect(backoff(0, () => 0.999)).toBeCloseTo(1000, -1);
    expect(backoff(3, () => 0)).toBe(4000);
  });

  it('never waits longer than the cap', () => {
    for (let attempt = 0; attempt < 100; attempt++) expect(backoff(attempt)).toBeLessThanOrEqual(BACKOFF_MAX);
  });
});

describe('retryAfter', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfter('2', now)).toBe(2000);
    expect(retryAfter('Sun, 29 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
  });
  it('ignores what it cannot read and caps what is too long', () => {
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter('999999', now)).toBe(3_600_000);
  });
});
