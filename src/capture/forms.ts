import type { Emit, Stop } from '../core/types';
import { redactEmails } from '../core/privacy';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';

// A form's own properties can be shadowed by its fields (<input name="id"> makes `form.id` that
// input, even <input name="getAttribute">), so read them through the prototypes.
const attr = (el: Element, name: string) => Element.prototype.getAttribute.call(el, name);

/** The name of a field: its `name` attribute, else its id. */
export const fieldName = (el: Element): string => redactEmails(attr(el, 'name') || attr(el, 'id') || '');

/**
 * A form's name: `data-waymark-form`, else its id, else its name, else its action URL's path
 * (the current path when it has none). E-mails redacted.
 */
export function formName(form: Element): string {
  const named = attr(form, 'data-waymark-form') || attr(form, 'id') || attr(form, 'name');
  if (named) return redactEmails(named);
  try {
    return redactEmails(new URL(attr(form, 'action') || '', location.href).pathname);
  } catch {
    return '';
  }
}

/**
 * The names of the fields a visitor fills in (inputs, selects, text areas; not buttons, not hidden
 * inputs), each once: radio groups share a name. Only attributes are read, never a value.
 */
export function fieldNames(form: Element): string[] {
  const names = new Set<string>();
  Element.prototype.querySelectorAll.call(form, 'input,select,textarea').forEach((el) => {
    if (!/^(submit|button|reset|image|hidden)$/.test(attr(el, 'type') || '')) {
      const name = fieldName(el);
      if (name) names.add(name);
    }
  });
  return [...names];
}

/**
 * Emits form_submit with `{ fields, fieldNames }` on every form submit (button, Enter,
 * requestSubmit()), in the capture phase: before the page's own handler, which may
 * preventDefault and send the form itself. Field values are never read.
 */
export function captureForms(emit: Emit): Stop {
  return listen(document, 'submit', (event) => {
    const form = closest(event.target, 'form');
    if (!form) return;
    const names = fieldNames(form);
    emit('form_submit', formName(form), { fields: names.length, fieldNames: names });
  });
}
