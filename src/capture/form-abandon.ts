import type { Emit, Stop } from '../core/types';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';
import { onHide } from '../lib/onHide';
import { fieldName, formName } from './forms';

/**
 * Emits form_abandon, once per form, when the page is hidden or left while a form has been typed
 * into (input events) and not submitted since; props `{ fieldNames }` name the fields touched.
 * Never a value. A form submitted and then typed into again can be abandoned again.
 */
export function captureFormAbandon(emit: Emit): Stop {
  const touched = new Map<Element, Set<string>>();
  const reported = new WeakSet<Element>();
  const touch = (event: Event) => {
    const field = closest(event.target, 'input,select,textarea') as HTMLInputElement | null;
    const form = field?.form;
    if (!form || reported.has(form)) return;
    const names = touched.get(form) || new Set<string>();
    const name = fieldName(field);
    if (name) names.add(name);
    touched.set(form, names);
  };
  const offs = [
    // `input` only: a text field's `change` comes when it loses focus, which can be after a
    // submit (Ctrl+Enter in a textarea, then a click elsewhere) and would undo it
    listen(document, 'input', touch),
    listen(document, 'submit', (event) => touched.delete(event.target as Element)),
    onHide(() => {
      touched.forEach((names, form) => {
        reported.add(form);
        emit('form_abandon', formName(form), { fieldNames: [...names] });
      });
      touched.clear();
    }),
  ];
  return () => offs.forEach((off) => off());
}
