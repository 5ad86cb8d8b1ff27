import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { captureForms, fieldNames, formName } from '../../../src/capture/forms';

const SECRET = 'hunter2-secret-value';
const HIDDEN = 'csrf-hidden-value';

const submit = (form: Element) => {
  const event = new Event('submit', { bubbles: true, cancelable: true });
  form.dispatchEvent(event);
  return event;
};
const type = (el: Element, value: string) => {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('captureForms', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};
  beforeEach(() => {
    emit = vi.fn<Emit>();
  });
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  it('emits form_submit with the field count and names, and never a value', () => {
    document.body.innerHTML = `
      <form id="signup" action="/register">
        <input type="hidden" name="csrf" value="${HIDDEN}">
        <input name="email" type="email">
        <input name="password" type="password">
        <input type="radio" name="plan" value="free"><input type="radio" name="plan" value="pro">
        <select name="country"><option>FR</option></select>
        <textarea id="notes"></textarea>
        <fieldset><legend>More</legend><input type="checkbox" name="terms"></fieldset>
        <button type="submit" name="go">Sign up</button>
        <input type="submit" name="alt" value="Send">
      </form>`;
    const form = document.querySelector('form')!;
    for (const el of form.querySelectorAll('input[name=email], input[name=password], textarea')) type(el, SECRET);
    stop = captureForms(emit);
    submit(form);
    expect(emit.mock.calls).toEqual([
      [
        'form_submit',
        'signup',
        { fields: 6, fieldNames: ['email', 'password', 'plan', 'country', 'notes', 'terms'] },
      ],
    ]);
    const sent = JSON.stringify(emit.mock.calls);
    expect(sent).not.toContain(SECRET);
    expect(sent).not.toContain(HIDDEN);
    expect(sent).not.toContain('free');
  });

  it('names a form by data-waymark-form, then id, then name, then action path', () => {
    document.body.innerHTML = `
      <form data-waymark-form="newsletter" id="f1" name="n1"></form>
      <form id="f2" name="n2"></form>
      <form name="n3"></form>
      <form action="https://acme.test/api/contact?x=1"></form>
      <form></form>`;
    const names = [...document.querySelectorAll('form')].map(formName);
    expect(names).toEqual(['newsletter', 'f2', 'n3', '/api/contact', location.pathname]);
  });

  it('is not fooled by fields named id, name, action or getAttribute', () => {
    document.body.innerHTML = `
      <form id="quote"><input name="id"><input name="name"><input name="action"></form>
      <form action="/order"><input name="id" value="${SECRET}"><input name="name"><input name="action"><input name="getAttribute"></form>`;
    const [a, b] = document.querySelectorAll('form');
    // Browsers expose named fields as properties of the form, over its own ones; happy-dom does
    // not, so shadow them by hand the way a browser would (not getAttribute: happy-dom's own
    // internals call this.getAttribute, a browser's do not).
    for (const form of [a, b]) {
      for (const name of ['id', 'name', 'action']) {
        Object.defineProperty(form, name, { value: form.querySelector(`[name=${name}]`), configurable: true });
      }
    }
    expect(b.id as unknown).toBeInstanceOf(HTMLInputElement);
    stop = captureForms(emit);
    submit(a);
    submit(b);
    expect(emit.mock.calls.map((call) => call[1])).toEqual(['quote', '/order']);
    expect(fieldNames(b)).toEqual(['id', 'name', 'action', 'getAttribute']);
    expect(JSON.stringify(emit.mock.calls)).not.toContain(SECRET);
  });

  it('fires on requestSubmit() and before a handler of the page that prevents the default', () => {
    document.body.innerHTML = '<form id="spa"><input name="q"><button>Go</button></form>';
    const form = document.querySelector('form')!;
    const order: string[] = [];
    form.addEventListener('submit', (event) => {
      order.push('page');
      event.preventDefault();
    });
    stop = captureForms((...args) => {
      order.push('waymark');
      emit(...args);
    });
    form.requestSubmit();
    expect(order).toEqual(['waymark', 'page']);
    expect(emit).toHaveBeenCalledWith('form_submit', 'spa', { fields: 1, fieldNames: ['q'] });
  });

  it('never prevents the default itself, lets other listeners run, and stops cleanly', () => {
    document.body.innerHTML = '<form id="f"></form>';
    const form = document.querySelector('form')!;
    const other = vi.fn((event: Event) => event.stopPropagation());
    document.addEventListener('submit', other);
    stop = captureForms(emit);
    const event = submit(form);
    expect(event.defaultPrevented).toBe(false);
    expect(other).toHaveBeenCalledTimes(1);
    stop();
    submit(form);
    expect(emit).toHaveBeenCalledTimes(1);
    document.removeEventListener('submit', other);
  });

  it('captures nothing inside [data-waymark-ignore]', () => {
    document.body.innerHTML = '<div data-waymark-ignore><form id="pay"><input name="card"></form></div><form data-waymark-ignore></form>';
    stop = captureForms(emit);
    document.querySelectorAll('form').forEach(submit);
    expect(emit).not.toHaveBeenCalled();
  });
});
