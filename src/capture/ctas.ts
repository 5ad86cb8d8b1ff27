import type { Emit, Props, Stop } from '../core/types';
import { cleanUrl, redactEmails } from '../core/privacy';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';

export interface CtaOptions {
  /** More elements to count as calls to action (CSS selector), on top of the built-in ones. */
  selector?: string;
  /** Query parameters to keep in `href`, on top of utm_*, gclid, fbclid and msclkid. */
  allow?: readonly string[];
}

/** What counts as a call to action (SPEC, Touchpoints). */
export const CTA =
  '[data-waymark-cta],button,[role=button],input[type=submit],a[class*=btn],a[class*=button],a[class*=cta]';

/**
 * A control's label: its visible text (a button-like input's value), else aria-label, else title;
 * whitespace collapsed, e-mails redacted, at most 64 characters. Never what a visitor typed:
 * text fields, text areas, selects and contenteditable elements have no label here.
 */
export function textOf(el: Element): string {
  const tag = el.tagName;
  const raw =
    tag == 'INPUT'
      ? /^(submit|button|reset)$/.test((el as HTMLInputElement).type) && (el as HTMLInputElement).value
      : !/^(TEXTAREA|SELECT)$/.test(tag) && !(el as HTMLElement).isContentEditable && el.textContent;
  const text = (raw || '').replace(/\s+/g, ' ').trim() || el.getAttribute('aria-label') || el.getAttribute('title');
  return redactEmails(text || '').slice(0, 64);
}

/** The name of a control: its `data-waymark-cta` value, else its id, else its label (textOf). */
export const nameOf = (el: Element): string => el.getAttribute('data-waymark-cta') || el.id || textOf(el);

/** The name of the call to action an element is in, if it is in one: how a rage click names its spot. */
export const ctaName = (el: Element): string | undefined => {
  const cta = el.closest(CTA);
  return cta ? nameOf(cta) : undefined;
};

/**
 * Emits cta_click for clicks on calls to action, with `{ href, text }`. A click inside
 * `[data-waymark-chat]` is a chat_open (captureChat), not a CTA, so that it is not counted twice.
 */
export function captureCtas(emit: Emit, { selector, allow }: CtaOptions = {}): Stop {
  let match = CTA;
  try {
    // a bad selector from config would otherwise throw on every click
    if (selector) document.querySelector((match = CTA + ',' + selector));
  } catch {
    match = CTA;
  }
  return listen(document, 'click', (event) => {
    const el = closest(event.target, match);
    if (!el || closest(event.target, '[data-waymark-chat]')) return;
    const props: Props = { text: textOf(el) };
    const href = el.getAttribute('href');
    if (href) props.href = cleanUrl(href, allow, location.href);
    emit('cta_click', nameOf(el), props);
  });
}
