import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { captureFormAbandon } from '../../../src/capture/form-abandon';

const SECRET = 'typed-secret-4242';

const type = (el: Element, value: string, event = 'input') => {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
};
const setVisibility = (state: DocumentVisibilityState) =>
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
const hide = () => {
  setVisibility('hidden');
  document.dispatchEvent(new Event('visibilitychange'));
  setVisibility('visible');
};
const $ = (selector: string) => document.querySelector(selector)!;

describe('captureFormAbandon', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};
  beforeEach(() => {
    emit = vi.fn<Emit>();
    document.body.innerHTML = `
      <form id="contact"><input name="email"><input name="phone"><textarea name="msg"></textarea>
        <select name="topic"><option>a</option><option>b</option></select><input type="hidden" name="t" value="h"></form>
      <form id="other"><input name="q"></form>`;
  });
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  it('reports a form typed into and left, naming only the touched fields, never a value', () => {
    stop = captureFormAbandon(emit);
    type($('[name=email]'), SECRET);
    type($('[name=msg]'), SECRET);
    type($('[name=email]'), SECRET + '!');
    type($('[name=topic]'), 'b');
    hide();
    expect(emit.mock.calls).toEqual([['form_abandon', 'contact', { fieldNames: ['email', 'msg', 'topic'] }]]);
    expect(JSON.stringify(emit.mock.calls)).not.toContain(SECRET);
  });

  it('reports each form once, on pagehide too', () => {
    stop = captureFormAbandon(emit);
    type($('[name=q]'), 'x');
    window.dispatchEvent(new Event('pagehide'));
    hide();
    type($('[name=q]'), 'y');
    hide();
    expect(emit.mock.calls).toEqual([['form_abandon', 'other', { fieldNames: ['q'] }]]);
  });

  it('does not report a form submitted while a field still had the focus (its change comes after)', () => {
    stop = captureFormAbandon(emit);
    type($('[name=msg]'), SECRET);
    $('#contact').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    $('[name=msg]').dispatchEvent(new Event('change', { bubbles: true }));
    hide();
    expect(emit).not.toHaveBeenCalled();
  });

  it('does not report a submitted form, nor a form nobody typed into', () => {
    stop = captureFormAbandon(emit);
    type($('[name=email]'), SECRET);
    $('#contact').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    hide();
    expect(emit).not.toHaveBeenCalled();
  });

  it('does not report while the page stays visible, nor inside [data-waymark-ignore]', () => {
    $('#other').setAttribute('data-waymark-ignore', '');
    stop = captureFormAbandon(emit);
    type($('[name=q]'), 'x');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(emit).not.toHaveBeenCalled();
    hide();
    expect(emit).not.toHaveBeenCalled();
  });

  it('reports nothing after stop', () => {
    stop = captureFormAbandon(emit);
    type($('[name=email]'), SECRET);
    stop();
    hide();
    window.dispatchEvent(new Event('pagehide'));
    expect(emit).not.toHaveBeenCalled();
  });
});
