import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Metric } from 'web-vitals';
import type { Emit } from '../../../src/core/types';

// web-vitals itself is tested upstream; here we check what reaches emit.
const callbacks: Record<string, (metric: Partial<Metric>) => void> = {};
const options: Record<string, unknown> = {};
vi.mock('web-vitals', () => {
  const on = (name: string) => (fn: (metric: Partial<Metric>) => void, opts?: unknown) => {
    callbacks[name] = fn;
    options[name] = opts;
  };
  return { onCLS: on('CLS'), onFCP: on('FCP'), onINP: on('INP'), onLCP: on('LCP'), onTTFB: on('TTFB') };
});

const { captureVitals } = await import('../../../src/capture/vitals');

describe('captureVitals', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  beforeEach(() => {
    emit = vi.fn<Emit>();
  });

  it('subscribes to the five metrics without reportAllChanges', () => {
    captureVitals(emit);
    expect(Object.keys(callbacks).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    expect(Object.values(options).every((opts) => !(opts as { reportAllChanges?: boolean } | undefined)?.reportAllChanges)).toBe(true);
  });

  it('emits web_vital once per metric, rounded: CLS to 4 decimals, others to whole ms', () => {
    captureVitals(emit);
    callbacks.LCP({ name: 'LCP', value: 2345.678, rating: 'needs-improvement', id: 'v5-1' });
    callbacks.CLS({ name: 'CLS', value: 0.123456789, rating: 'needs-improvement', id: 'v5-2' });
    callbacks.INP({ name: 'INP', value: 87.5, rating: 'good', id: 'v5-3' });
    callbacks.FCP({ name: 'FCP', value: 1200.2, rating: 'good', id: 'v5-4' });
    callbacks.TTFB({ name: 'TTFB', value: 300.49, rating: 'good', id: 'v5-5' });
    // CLS and INP report again if the page is shown and hidden again: not twice for one page
    callbacks.CLS({ name: 'CLS', value: 0.3, rating: 'poor', id: 'v5-2' });
    expect(emit.mock.calls).toEqual([
      ['web_vital', 'LCP', { value: 2346, rating: 'needs-improvement' }],
      ['web_vital', 'CLS', { value: 0.1235, rating: 'needs-improvement' }],
      ['web_vital', 'INP', { value: 88, rating: 'good' }],
      ['web_vital', 'FCP', { value: 1200, rating: 'good' }],
      ['web_vital', 'TTFB', { value: 300, rating: 'good' }],
    ]);
  });

  it('emits nothing after stop', () => {
    const stop = captureVitals(emit);
    stop();
    callbacks.LCP({ name: 'LCP', value: 1, rating: 'good', id: 'v5-9' });
    expect(emit).not.toHaveBeenCalled();
  });
});
