import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { capturePageViews, pageView } from '../../../src/capture/page-views';

// History's own methods, to move the URL the way the browser does on back/forward (no wrapper).
const move = (url: string) => History.prototype.replaceState.call(history, null, '', url);
const hide = () => window.dispatchEvent(new Event('pagehide'));
// happy-dom has no PageTransitionEvent: an Event with `persisted` is what the listener reads.
const pageshow = (persisted: boolean) => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));

describe('capturePageViews', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};

  beforeEach(() => {
    vi.useFakeTimers();
    move('/start');
    document.title = 'Start';
    emit = vi.fn<Emit>();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('emits a page_view on start, named by the title, with the path', () => {
    stop = capturePageViews(emit);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/start' }]]);
  });

  it('emits exactly one page_view for a pushState to a new path, with the title set after it', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    history.pushState({}, '', '/pricing?plan=pro');
    document.title = 'Pricing'; // the router renders the new route after pushState
    expect(emit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(emit.mock.calls).toEqual([['page_view', 'Pricing', { path: '/pricing' }]]);
    expect(location.pathname).toBe('/pricing');
  });

  it('counts a replaceState to a new path, but not one that keeps the path', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    history.replaceState({ scroll: 1 }, '', '/start?tab=2');
    history.replaceState({ scroll: 2 }, '');
    vi.advanceTimersByTime(200);
    expect(emit).not.toHaveBeenCalled();
    history.replaceState(null, '', '/login');
    vi.advanceTimersByTime(200);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/login' }]]);
  });

  it('emits one page_view on popstate (back/forward) and never two for pushState + popstate', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    move('/back');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(200);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/back' }]]);

    emit.mockClear();
    history.pushState(null, '', '/docs');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new Event('hashchange'));
    vi.advanceTimersByTime(200);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('makes one page_view of navigations inside the settle time (a client-side redirect)', () => {
    stop = capturePageViews(emit, { settleMs: 50 });
    emit.mockClear();
    history.pushState(null, '', '/account');
    history.replaceState(null, '', '/login');
    vi.advanceTimersByTime(50);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/login' }]]);
  });

  it('ignores hash changes by default', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    history.pushState(null, '', '/start#faq');
    move('/start#team');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new Event('hashchange'));
    vi.advanceTimersByTime(200);
    expect(emit).not.toHaveBeenCalled();
  });

  it('counts hash changes when opted in, once each, with the hash in the path', () => {
    stop = capturePageViews(emit, { hashChange: true });
    expect(emit.mock.calls[0][2]).toEqual({ path: '/start' });
    emit.mockClear();
    move('/start#/settings');
    window.dispatchEvent(new PopStateEvent('popstate')); // browsers send popstate, then hashchange
    window.dispatchEvent(new Event('hashchange'));
    vi.advanceTimersByTime(200);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/start#/settings' }]]);
  });

  it('sends a pending page_view at once when the page is hidden', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    history.pushState(null, '', '/checkout');
    hide();
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/checkout' }]]);
    vi.advanceTimersByTime(200);
    hide();
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('counts a page restored from the back/forward cache, not a normal pageshow', () => {
    stop = capturePageViews(emit);
    emit.mockClear();
    pageshow(false);
    expect(emit).not.toHaveBeenCalled();
    pageshow(true);
    expect(emit.mock.calls).toEqual([['page_view', 'Start', { path: '/start' }]]);
  });

  it('redacts e-mail addresses from the path and the title', () => {
    move('/users/jane.doe@example.com');
    document.title = 'Profile of jane.doe@example.com';
    stop = capturePageViews(emit);
    expect(JSON.stringify(emit.mock.calls)).not.toContain('jane.doe');
  });

  it('restores history.pushState/replaceState on stop, and emits nothing after', () => {
    const { pushState, replaceState } = history;
    stop = capturePageViews(emit);
    expect(history.pushState).not.toBe(pushState);
    history.pushState(null, '', '/pending');
    stop();
    expect(history.pushState).toBe(pushState);
    expect(history.replaceState).toBe(replaceState);
    emit.mockClear();
    vi.advanceTimersByTime(200);
    history.pushState(null, '', '/after');
    window.dispatchEvent(new PopStateEvent('popstate'));
    pageshow(true);
    hide();
    vi.advanceTimersByTime(200);
    expect(emit).not.toHaveBeenCalled();
  });

  it('leaves a wrapper another library added after it in place, and keeps working through it', () => {
    const original = history.pushState;
    stop = capturePageViews(emit);
    const ours = history.pushState;
    const theirs = vi.fn(function (this: History, ...args: Parameters<History['pushState']>) {
      ours.apply(this, args);
    });
    history.pushState = theirs;
    emit.mockClear();
    history.pushState(null, '', '/wrapped');
    vi.advanceTimersByTime(200);
    expect(emit).toHaveBeenCalledTimes(1);
    stop();
    expect(history.pushState).toBe(theirs);
    history.pushState(null, '', '/still-works');
    expect(location.pathname).toBe('/still-works');
    history.pushState = original;
  });

  it('pageView emits the current page at once (for journey.page())', () => {
    move('/manual#x');
    document.title = 'Manual';
    pageView(emit);
    pageView(emit, true);
    expect(emit.mock.calls).toEqual([
      ['page_view', 'Manual', { path: '/manual' }],
      ['page_view', 'Manual', { path: '/manual#x' }],
    ]);
  });
});
