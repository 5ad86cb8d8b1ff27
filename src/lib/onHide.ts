import type { Stop } from '../core/types';
import { listen } from './listen';

/**
 * Calls `fn` when the page is hidden or left. It may run more than once per page (hidden, visible,
 * hidden again; or visibilitychange then pagehide), so `fn` must be idempotent. No `unload`: it
 * keeps pages out of the back/forward cache (https://web.dev/articles/bfcache#never-use-the-unload-event).
 */
export function onHide(fn: () => void): Stop {
  const hidden = (event: Event) => {
    if (event.type == 'pagehide' || document.visibilityState == 'hidden') fn();
  };
  const offs = [listen(document, 'visibilitychange', hidden), listen(window, 'pagehide', hidden)];
  return () => offs.forEach((off) => off());
}
