import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { ctaName } from '../../../src/capture/ctas';
import { captureRageClicks, selectorOf } from '../../../src/capture/frustration';

const click = (el: Element, x = 100, y = 100) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, clientX: x, clientY: y });
  el.dispatchEvent(event);
  return event;
};
const $ = (selector: string) => document.querySelector(selector)!;

describe('captureRageClicks', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    emit = vi.fn<Emit>();
    document.body.innerHTML = `
      <div class="card featured extra"><p>Price</p></div>
      <button id="buy">Buy now</button>
      <div data-waymark-ignore><span class="x">no</span></div>`;
  });
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
    vi.useRealTimers();
  });

  const burst = (el: Element, n: number, gap = 100, x = 100, y = 100) => {
    for (let i = 0; i < n; i++) {
      if (i) vi.advanceTimersByTime(gap);
      click(el, x + i, y - i);
    }
  };

  it('reports 3 clicks within 1 s on one spot once, after the burst ends, named by selector', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('p'), 3);
    expect(emit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(emit.mock.calls).toEqual([['rage_click', 'p', { clicks: 3 }]]);
    vi.advanceTimersByTime(5000);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('counts every click of the burst, names a call to action as cta_click does', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('#buy'), 6, 150);
    vi.advanceTimersByTime(1000);
    expect(emit.mock.calls).toEqual([['rage_click', 'buy', { clicks: 6 }]]);
  });

  it('uses the short selector tag#id.class for other elements', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('.card'), 3);
    vi.advanceTimersByTime(1000);
    expect(emit.mock.calls[0][1]).toBe('div.card.featured');
  });

  it('does not report 2 clicks, slow clicks, or clicks on different spots', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('p'), 2);
    vi.advanceTimersByTime(2000);
    burst($('p'), 3, 600); // 1.2 s from first to third
    vi.advanceTimersByTime(2000);
    click($('p'), 10, 10);
    click($('p'), 200, 10);
    click($('p'), 400, 300);
    vi.advanceTimersByTime(2000);
    expect(emit).not.toHaveBeenCalled();
  });

  it('reports a burst at once when a click lands elsewhere, or when the page is hidden', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('p'), 3);
    click($('#buy'), 500, 500);
    expect(emit.mock.calls).toEqual([['rage_click', 'p', { clicks: 3 }]]);
    burst($('#buy'), 3, 50, 500, 500);
    window.dispatchEvent(new Event('pagehide'));
    expect(emit.mock.calls[1]).toEqual(['rage_click', 'buy', { clicks: 4 }]);
  });

  it('ignores [data-waymark-ignore], never blocks the click, and stops cleanly', () => {
    stop = captureRageClicks(emit, ctaName);
    burst($('.x'), 4);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
    const other = vi.fn();
    document.addEventListener('click', other);
    burst($('p'), 3);
    expect(click($('p')).defaultPrevented).toBe(false);
    expect(other).toHaveBeenCalledTimes(4);
    stop();
    vi.advanceTimersByTime(1000);
    window.dispatchEvent(new Event('pagehide'));
    burst($('p'), 3);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
    document.removeEventListener('click', other);
  });
});

describe('selectorOf', () => {
  it('builds tag#id.class with at most two classes', () => {
    const el = document.createElement('section');
    expect(selectorOf(el)).toBe('section');
    el.id = 'hero';
    el.className = 'a b c';
    expect(selectorOf(el)).toBe('section#hero.a.b');
  });
});
