import type { Emit, Stop } from '../core/types';
import { redactEmails } from '../core/privacy';
import { listen } from '../lib/listen';
import { onHide } from '../lib/onHide';

export interface PageViewOptions {
  /** Count hash-only changes (`#/pricing`) as page views. Off by default. */
  hashChange?: boolean;
  /** How long after an SPA navigation to read the title, so the new route has set it (ms). */
  settleMs?: number;
}

const pathOf = (hash?: boolean) => redactEmails(location.pathname + (hash ? location.hash : ''));

/** Emits one page_view for the page as it is now (what `journey.page()` needs). */
export const pageView = (emit: Emit, hashChange?: boolean): void =>
  emit('page_view', redactEmails(document.title), { path: pathOf(hashChange) });

/**
 * Emits a page_view now and after each SPA navigation to a new path: `pushState`/`replaceState`
 * (wrapped, and restored on stop), `popstate` and, when opted in, hash changes. Navigations are
 * compared by path (+ hash), so a pushState followed by popstate, or a replaceState that keeps
 * the path, never counts twice. The emit waits `settleMs` so that the title is the new route's;
 * navigations inside that wait (redirects) make one page view, and a pending one is sent on hide.
 * A page restored from the back/forward cache (`pageshow` with `persisted`) is a page view too.
 */
export function capturePageViews(emit: Emit, { hashChange, settleMs = 80 }: PageViewOptions = {}): Stop {
  const h = history;
  const { pushState, replaceState } = h;
  let last = pathOf(hashChange);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    pageView(emit, hashChange);
  };
  const check = () => {
    const path = pathOf(hashChange);
    if (stopped || path == last) return;
    last = path;
    clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  };
  const wrap = (original: History['pushState']) =>
    function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check();
    };
  const push = wrap(pushState);
  const replace = wrap(replaceState);
  try {
    h.pushState = push;
    h.replaceState = replace;
  } catch {
    // a frozen history object: popstate and hashchange still work
  }
  const offs = [
    listen(window, 'popstate', check),
    listen(window, 'hashchange', check),
    onHide(flush),
    // Back/forward to a page kept in the back/forward cache runs no script again: still a visit.
    listen<PageTransitionEvent>(window, 'pageshow', (event) => {
      if (event.persisted && !stopped) {
        last = pathOf(hashChange);
        pageView(emit, hashChange);
      }
    }),
  ];
  pageView(emit, hashChange);

  return () => {
    stopped = true;
    clearTimeout(timer);
    offs.forEach((off) => off());
    // Only put back what is still ours: another library may have wrapped ours since.
    if (h.pushState == push) h.pushState = pushState;
    if (h.replaceState == replace) h.replaceState = replaceState;
  };
}
