import type { Stop } from '../core/types';

/**
 * Adds a passive, capture-phase listener that can never throw into the page; returns its remover.
 * Capture phase: we see the event before the page's own handlers can stop it or navigate away.
 */
export function listen<E extends Event = Event>(
  target: EventTarget,
  type: string,
  handler: (event: E) => void,
): Stop {
  const fn = (event: Event) => {
    try {
      handler(event as E);
    } catch {
      // a capture bug must never break the host page's own handlers
    }
  };
  target.addEventListener(type, fn, { capture: true, passive: true });
  return () => target.removeEventListener(type, fn, true);
}
