import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../../src/core/types';
import { captureChat } from '../../../src/capture/chat';
import * as vendorsModule from '../../../src/capture/chat/vendors';

const vendors = () => Promise.resolve(vendorsModule);

const w = window as any;
const GLOBALS = ['Intercom', 'drift', '$crisp', 'zE', 'HubSpotConversations', 'hsConversationsOnReady', 'Tawk_API', 'LiveChatWidget'];

const click = (el: Element) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  el.dispatchEvent(event);
  return event;
};

/** A minimal event emitter standing in for a vendor's `on`/`off`. */
const emitter = () => {
  const handlers: Record<string, Function[]> = {};
  return {
    handlers,
    on: vi.fn((event: string, fn: Function) => {
      (handlers[event] ||= []).push(fn);
    }),
    off: vi.fn((event: string, fn: Function) => {
      handlers[event] = (handlers[event] || []).filter((h) => h !== fn);
    }),
    fire: (event: string, ...args: unknown[]) => (handlers[event] || []).forEach((fn) => fn(...args)),
  };
};

describe('captureChat', () => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: () => void = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    emit = vi.fn<Emit>();
  });
  afterEach(() => {
    stop();
    stop = () => {};
    for (const name of GLOBALS) delete w[name];
    document.body.innerHTML = '';
    vi.useRealTimers();
  });

  describe('[data-waymark-chat]', () => {
    it('emits chat_open named by the attribute, else custom', () => {
      document.body.innerHTML = '<button data-waymark-chat="sales"><i>Talk to sales</i></button><a data-waymark-chat>Chat</a>';
      stop = captureChat(emit, { providers: [] });
      click(document.querySelector('i')!);
      vi.advanceTimersByTime(1000);
      const event = click(document.querySelector('a')!);
      expect(emit.mock.calls).toEqual([
        ['chat_open', 'sales', { provider: 'sales' }],
        ['chat_open', 'custom', { provider: 'custom' }],
      ]);
      expect(event.defaultPrevented).toBe(false);
    });

    it('captures nothing inside [data-waymark-ignore], nothing after stop', () => {
      document.body.innerHTML = '<div data-waymark-ignore><button data-waymark-chat>x</button></div><button id="b" data-waymark-chat>y</button>';
      stop = captureChat(emit, { providers: [] });
      click(document.querySelector('button')!);
      stop();
      click(document.querySelector('#b')!);
      expect(emit).not.toHaveBeenCalled();
    });
  });

  it('counts the launcher click and the vendor event it causes once, later openings again', async () => {
    document.body.innerHTML = '<button data-waymark-chat="intercom">Help</button>';
    const shown: Function[] = [];
    w.Intercom = (command: string, fn: Function) => command == 'onShow' && shown.push(fn);
    stop = captureChat(emit, { vendors });
    await vi.advanceTimersByTimeAsync(0);
    click(document.querySelector('button')!);
    vi.advanceTimersByTime(300);
    shown.forEach((fn) => fn());
    expect(emit).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    shown.forEach((fn) => fn());
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('listens only to the providers asked for, and ignores unknown ones', async () => {
    const shown: Function[] = [];
    w.Intercom = (_: string, fn: Function) => shown.push(fn);
    w.LiveChatWidget = emitter();
    stop = captureChat(emit, { providers: ['livechat', 'nope'], vendors });
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toHaveLength(0);
    w.LiveChatWidget.fire('visibility_changed', { visibility: 'maximized' });
    expect(emit.mock.calls).toEqual([['chat_open', 'livechat', { provider: 'livechat' }]]);
  });

  it('gives up polling for absent vendors after 30 s', () => {
    stop = captureChat(emit, { vendors });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    vi.advanceTimersByTime(31_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('survives a vendor global that is not what its docs say', async () => {
    w.Intercom = 'not a function';
    w.LiveChatWidget = {};
    w.zE = () => {
      throw new Error('vendor bug');
    };
    expect(() => (stop = captureChat(emit, { vendors }))).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    expect(() => stop()).not.toThrow();
  });
});
