/**
 * The nearest element matching `selector` from an event target (itself or an ancestor), or null
 * when there is none or the target sits inside `[data-waymark-ignore]`.
 */
export function closest(target: EventTarget | null, selector: string): Element | null {
  const el = target instanceof Element ? target : ((target as Node | null)?.parentElement ?? null);
  return el && !el.closest('[data-waymark-ignore]') ? el.closest(selector) : null;
}
