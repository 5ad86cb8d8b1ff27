const SHOW = 'data-waymark-show';
// The inline display each element had before we hid it, restored when it is shown again.
const hiddenBy = /* @__PURE__ */ new WeakMap<HTMLElement, string>();

const follow = (stage: string | null, els: HTMLElement[]) => {
  // Only attributes and inline style are touched, never layout, so there is nothing to thrash.
  for (const el of els) {
    const list = el.getAttribute(SHOW);
    // An element whose attribute was removed goes back to what it was.
    const show = list == null || (!!stage && list.split(/\s+/).includes(stage));
    if (show && hiddenBy.has(el)) {
      el.style.display = hiddenBy.get(el)!;
      hiddenBy.delete(el);
    } else if (!show && !hiddenBy.has(el)) {
      hiddenBy.set(el, el.style.display);
      el.style.display = 'none';
    }
  }
};

const within = (node: ParentNode): HTMLElement[] => [
  ...((node as Element).matches?.(`[${SHOW}]`) ? [node as HTMLElement] : []),
  ...node.querySelectorAll<HTMLElement>(`[${SHOW}]`),
];

/**
 * Sets `data-waymark-stage` on `<html>` and shows each `[data-waymark-show]` element only in the
 * stages it lists, with single CSSOM writes (allowed under a strict CSP, unlike style attributes).
 */
export function applyStage(stage: string | null, root: Document | Element = document): void {
  const html = (root.ownerDocument ?? (root as Document)).documentElement;
  if (stage) html.setAttribute('data-waymark-stage', stage);
  else html.removeAttribute('data-waymark-stage');
  follow(stage, within(root));
}

/** Applies the current stage to `[data-waymark-show]` elements added or changed later; returns a stop. */
export function watchStage(getStage: () => string | null, root: Node = document): () => void {
  if (typeof MutationObserver != 'function') return () => {};
  const mo = new MutationObserver((records) => {
    for (const r of records)
      if (r.type == 'attributes') follow(getStage(), [r.target as HTMLElement]);
      else for (const n of r.addedNodes) if (n.nodeType == 1) follow(getStage(), within(n as Element));
  });
  mo.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [SHOW] });
  return () => mo.disconnect();
}
