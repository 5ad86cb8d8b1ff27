import type { Page } from 'playwright-core';
import { sleep, waitFor } from './wait';

/** What a page asked the network for, as it went: every URL requested and every URL fully loaded. */
export interface RequestLog {
  /** Every URL the page requested (documents, scripts, collector posts...), in order. */
  requested: string[];
  /** URLs whose response body was fully received, in order. */
  finished: string[];
  /** How many times a URL whose path ends with `suffix` was requested. */
  count(suffix: string): number;
  /**
   * Waits until a URL ending with `suffix` has been fully received, then `settleMs` more, so that
   * an ES module chunk has been evaluated and its exports put to use by the time it resolves.
   */
  loaded(suffix: string, timeoutMs?: number, settleMs?: number): Promise<void>;
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/** Records the requests of `page` from now on (attach it before `page.goto`). */
export function watchRequests(page: Page): RequestLog {
  const log: RequestLog = {
    requested: [],
    finished: [],
    count: (suffix) => log.requested.filter((u) => pathOf(u).endsWith(suffix)).length,
    async loaded(suffix, timeoutMs = 5_000, settleMs = 150) {
      await waitFor(() => log.finished.some((u) => pathOf(u).endsWith(suffix)), timeoutMs, `${suffix} to load`, () => `requested: ${log.requested.map(pathOf).join(', ')}`);
      await sleep(settleMs);
    },
  };
  page.on('request', (request) => log.requested.push(request.url()));
  page.on('requestfinished', (request) => log.finished.push(request.url()));
  return log;
}
