import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { captureCtas, nameOf, textOf } from '../../../src/capture/ctas';

const click = (el: Element) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
  el.dispatchEvent(event);
  return event;
};
const $ = (selector: string) => document.querySelector(selector)!;

describe('captureCtas', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};
  beforeEach(() => {
    emit = vi.fn<Emit>();
  });
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  it('emits cta_click for each kind of call to action, named as the SPEC says', () => {
    document.body.innerHTML = `
      <button data-waymark-cta="book-demo" id="demo-btn">Book a demo</button>
      <button id="signup">Sign up</button>
      <button>  Start   your
         free trial </button>
      <div role="button">Learn more</div>
      <form><input type="submit" value="Send request"></form>
      <a class="btn btn-primary" href="/pricing?ref=nav&utm_source=site">Pricing</a>
      <a class="hero-button" href="https://acme.test/demo">Demo</a>
      <a class="cta" href="/trial">Trial</a>`;
    stop = captureCtas(emit);
    // the page's router handles links itself (happy-dom would otherwise navigate the test window)
    const router = (event: Event) => event.preventDefault();
    document.addEventListener('click', router);
    for (const el of document.querySelectorAll('button, [role=button], input, a')) click(el);
    document.removeEventListener('click', router);
    expect(emit.mock.calls).toEqual([
      ['cta_click', 'book-demo', { text: 'Book a demo' }],
      ['cta_click', 'signup', { text: 'Sign up' }],
      ['cta_click', 'Start your free trial', { text: 'Start your free trial' }],
      ['cta_click', 'Learn more', { text: 'Learn more' }],
      ['cta_click', 'Send request', { text: 'Send request' }],
      ['cta_click', 'Pricing', { text: 'Pricing', href: `${location.origin}/pricing?utm_source=site` }],
      ['cta_click', 'Demo', { text: 'Demo', href: 'https://acme.test/demo' }],
      ['cta_click', 'Trial', { text: 'Trial', href: `${location.origin}/trial` }],
    ]);
  });

  it('finds the call to action from a click on something inside it', () => {
    document.body.innerHTML = '<button id="go"><svg><path></path></svg><span>Go</span></button>';
    stop = captureCtas(emit);
    click($('path'));
    click($('span'));
    expect(emit.mock.calls.map((call) => call[1])).toEqual(['go', 'go']);
  });

  it('ignores plain links and other elements', () => {
    document.body.innerHTML = '<a href="/about">About</a><div class="btn">Not a link</div><p>Text</p>';
    stop = captureCtas(emit);
    click($('a'));
    click($('div'));
    click($('p'));
    expect(emit).not.toHaveBeenCalled();
  });

  it('cuts long labels to 64 characters and falls back to aria-label for icon buttons', () => {
    document.body.innerHTML = `<button id="">${'word '.repeat(40)}</button><button aria-label="Close dialog"><svg></svg></button>`;
    stop = captureCtas(emit);
    click(document.querySelectorAll('button')[0]);
    click(document.querySelectorAll('button')[1]);
    expect(emit.mock.calls[0][1]).toHaveLength(64);
    expect(emit.mock.calls[1]).toEqual(['cta_click', 'Close dialog', { text: 'Close dialog' }]);
  });

  it('redacts e-mail addresses from names, text and href', () => {
    document.body.innerHTML = '<a class="btn" href="/invite?to=jane@example.com">Invite jane@example.com</a>';
    stop = captureCtas(emit);
    click($('a'));
    expect(JSON.stringify(emit.mock.calls)).not.toContain('jane@example.com');
  });

  it('keeps allowlisted query parameters in href', () => {
    document.body.innerHTML = '<a class="btn" href="/p?plan=pro&secret=1">Go</a>';
    stop = captureCtas(emit, { allow: ['plan'] });
    click($('a'));
    expect(emit.mock.calls[0][2]).toEqual({ text: 'Go', href: `${location.origin}/p?plan=pro` });
  });

  it('adds the user selector, and survives a bad one', () => {
    document.body.innerHTML = '<div class="tile" id="t1">Tile</div><button>Ok</button>';
    stop = captureCtas(emit, { selector: '.tile' });
    click($('.tile'));
    stop();
    stop = captureCtas(emit, { selector: '!!not a selector' });
    click($('.tile'));
    click($('button'));
    expect(emit.mock.calls.map((call) => call[1])).toEqual(['t1', 'Ok']);
  });

  it('captures nothing inside [data-waymark-ignore] or inside a chat opener', () => {
    document.body.innerHTML = `
      <section data-waymark-ignore><div><button>Secret</button></div></section>
      <button data-waymark-chat>Chat with us</button>
      <div data-waymark-chat="intercom"><button>Help</button></div>`;
    stop = captureCtas(emit);
    for (const el of document.querySelectorAll('button')) click(el);
    expect(emit).not.toHaveBeenCalled();
  });

  it('never prevents the default action or stops other listeners, and stops cleanly', () => {
    document.body.innerHTML = '<a class="btn" href="#next">Next</a>';
    const other = vi.fn();
    document.addEventListener('click', other);
    stop = captureCtas(emit);
    const event = click($('a'));
    expect(event.defaultPrevented).toBe(false);
    expect(other).toHaveBeenCalledTimes(1);
    stop();
    click($('a'));
    expect(emit).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(2);
    document.removeEventListener('click', other);
  });

  it('does not throw into the page when emit throws', () => {
    document.body.innerHTML = '<button>Boom</button>';
    stop = captureCtas(() => {
      throw new Error('journey bug');
    });
    expect(() => click($('button'))).not.toThrow();
  });
});

describe('textOf / nameOf', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('never reads what a visitor typed', () => {
    document.body.innerHTML = `
      <input type="text" id="q"><textarea id="t">draft</textarea>
      <div contenteditable="true" id="e">typed text</div>
      <input type="button" value="Press">`;
    ($('#q') as HTMLInputElement).value = 'my secret';
    ($('#t') as HTMLTextAreaElement).value = 'my secret';
    expect(textOf($('#q'))).toBe('');
    expect(textOf($('#t'))).toBe('');
    expect(textOf($('input[type=button]'))).toBe('Press');
    expect(nameOf($('#q'))).toBe('q');
  });

  it('prefers data-waymark-cta, then id, then the label', () => {
    document.body.innerHTML = '<a data-waymark-cta="x" id="y">z</a><a id="y2">z</a><a title="Title only"></a>';
    const [a, b, c] = document.querySelectorAll('a');
    expect([nameOf(a), nameOf(b), nameOf(c)]).toEqual(['x', 'y2', 'Title only']);
  });
});
