/** What to do with a batch after the collector's answer (SPEC.md, Delivery guarantees). */
export type Outcome = 'ok' | 'retry' | 'split' | 'drop';

/** Classifies an HTTP status; `0` stands for a network error (no answer at all). */
export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 413) return 'split';
  return 'drop';
}

/** Backoff defaults: 1 s, doubling, at most 5 minutes. */
export const BACKOFF_BASE = 1000;
export const BACKOFF_MAX = 300_000;

/**
 * Delay before retry number `attempt` (0 for the first): exponential, capped, with jitter in
 * [½, 1) of the step so that many visitors' tabs do not return to a recovering collector at once.
 */
export const backoff = (attempt: number, random = Math.random): number =>
  Math.min(BACKOFF_MAX, BACKOFF_BASE * 2 ** Math.min(attempt, 20)) * (0.5 + random() / 2);

/** Reads a Retry-After header (seconds, or an HTTP date) as ms from `now`, capped at an hour. */
export function retryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 3_600_000) : undefined;
}
