import type { Emit, Stop } from '../core/types';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';
import { onHide } from '../lib/onHide';
import type { ctaName } from './ctas';

export interface RageClickOptions {
  /** Clicks that make a rage click (default 3). */
  clicks?: number;
  /** Within how long, in ms (default 1000). */
  windowMs?: number;
  /** How far from the burst's first click a click may land and still be "the same spot", in px (default 30). */
  radius?: number;
}

/** A short, readable selector for an element: `tag#id.class1.class2` (two classes at most). */
export const selectorOf = (el: Element): string =>
  el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].slice(0, 2).map((c) => '.' + c).join('');

/**
 * Emits rage_click when `clicks` or more clicks land on one spot within `windowMs`, once per burst,
 * after the burst ends (no click on that spot for `windowMs`, a click elsewhere, or the page
 * hidden), with `{ clicks }` = every click of the burst. Name as for cta_click when the spot is a
 * call to action (`nameCta`, the core's own: this part loads on demand, and takes it rather than
 * carry a copy), else the clicked element's short selector (`div.card`).
 */
export function captureRageClicks(
  emit: Emit,
  nameCta: typeof ctaName,
  { clicks = 3, windowMs = 1000, radius = 30 }: RageClickOptions = {},
): Stop {
  let times: number[] = [];
  let x = 0;
  let y = 0;
  let name = '';
  let rage = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    if (rage) emit('rage_click', name, { clicks: times.length });
    times = [];
    rage = false;
  };
  const offs = [
    listen<MouseEvent>(document, 'click', (event) => {
      const el = closest(event.target, '*');
      if (!el) return;
      const now = Date.now();
      const { clientX, clientY } = event;
      if (!times.length || now - times[times.length - 1] > windowMs || Math.hypot(clientX - x, clientY - y) > radius) {
        flush();
        x = clientX;
        y = clientY;
        name = nameCta(el) ?? selectorOf(el);
      }
      times.push(now);
      // `clicks` clicks within `windowMs` anywhere in the burst (a slow, steady clicker is not raging)
      rage ||= times.length >= clicks && now - times[times.length - clicks] <= windowMs;
      clearTimeout(timer);
      timer = setTimeout(flush, windowMs);
    }),
    onHide(flush),
  ];
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
