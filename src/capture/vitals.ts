import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Emit, Stop } from '../core/types';

/**
 * Emits web_vital for LCP, INP, CLS, FCP and TTFB, once per metric per page (the first value
 * web-vitals reports, by default when the page is hidden: how it reaches us when the visitor
 * leaves), with `{ value, rating }`: CLS to 4 decimals, the others in whole ms. A page restored
 * from the back/forward cache is a new page to web-vitals (new metric ids) and reports again.
 * web-vitals cannot unsubscribe: stop silences us instead. Meant to load as its own chunk.
 */
export function captureVitals(emit: Emit): Stop {
  let stopped = false;
  const seen = new Set<string>();
  const report = ({ name, value, rating, id }: Metric) => {
    if (stopped || seen.has(id)) return;
    seen.add(id);
    emit('web_vital', name, { value: name == 'CLS' ? Math.round(value * 1e4) / 1e4 : Math.round(value), rating });
  };
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) {
    try {
      on(report);
    } catch {
      // an unsupported browser gets no vitals, not an error
    }
  }
  return () => {
    stopped = true;
  };
}
