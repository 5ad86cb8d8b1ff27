import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit, Stop } from '../../../../src/core/types';
import { captureChat } from '../../../../src/capture/chat';
import * as vendorsModule from '../../../../src/capture/chat/vendors';

// what the journey passes: the adapters load once a vendor's global is there
const vendors = () => Promise.resolve(vendorsModule);
const settle = () => vi.advanceTimersByTimeAsync(0);

// Stand-ins that follow each vendor's documented JavaScript API (URLs in src/capture/chat/*.ts):
// `install()` puts the global on window as the vendor's snippet or library would, `open()` does
// what the vendor does when the visitor opens the widget, `stopped()` says whether our
// subscription was removed where the vendor API allows it.
interface Fake {
  install(): void;
  open(): void;
}

const w = window as any;

const fakes: Record<string, () => Fake> = {
  intercom() {
    // The snippet's stub queues calls; the library replays them (modelled as one list).
    const onShow: Function[] = [];
    return {
      install: () => (w.Intercom = (command: string, fn: Function) => command == 'onShow' && onShow.push(fn)),
      open: () => onShow.forEach((fn) => fn()),
    };
  },
  drift() {
    // The snippet makes `drift` a stub whose `on` queues calls; the library replays them and
    // sends `ready` once, when it has loaded (modelled as one handler list).
    const handlers: Record<string, Function[]> = {};
    return {
      install() {
        w.drift = { on: (event: string, fn: Function) => (handlers[event] ||= []).push(fn) };
        setTimeout(() => handlers.ready?.forEach((fn) => fn(w.drift, { chatOpen: false })), 10);
      },
      open() {
        handlers.chatOpen?.forEach((fn) => fn({ data: { chatOpen: true } }));
        handlers.sidebarOpen?.forEach((fn) => fn({ data: { sidebarOpen: true } }));
      },
    };
  },
  crisp() {
    // Before load, $crisp is an array; Crisp then reads the queued commands.
    return {
      install: () => (w.$crisp = []),
      open: () =>
        (w.$crisp as unknown[][])
          .filter(([verb, event]) => verb == 'on' && event == 'chat:opened')
          .forEach(([, , fn]) => (fn as Function)()),
    };
  },
  zendesk() {
    const open: Function[] = [];
    return {
      install: () =>
        (w.zE = (ns: string, event: string, fn: Function) => {
          if (ns == 'messenger:on' && event == 'open') open.push(fn);
          return () => open.splice(open.indexOf(fn), 1);
        }),
      open: () => open.forEach((fn) => fn({ type: 'messagingOpened' })),
    };
  },
  hubspot() {
    const handlers: Record<string, Function[]> = {};
    return {
      install() {
        w.HubSpotConversations = {
          on: (event: string, fn: Function) => (handlers[event] ||= []).push(fn),
          off: (event: string, fn: Function) => (handlers[event] = handlers[event].filter((h) => h !== fn)),
        };
        (w.hsConversationsOnReady || []).forEach((fn: Function) => fn());
      },
      open: () => handlers.userInteractedWithWidget?.forEach((fn) => fn({ message: 'User has interacted with the widget' })),
    };
  },
  tawk() {
    return {
      install: () => (w.Tawk_API = w.Tawk_API || {}),
      open: () => w.Tawk_API.onChatMaximized?.(),
    };
  },
  livechat() {
    const handlers: Function[] = [];
    return {
      install: () =>
        (w.LiveChatWidget = {
          on: (event: string, fn: Function) => event == 'visibility_changed' && handlers.push(fn),
          off: (_: string, fn: Function) => handlers.splice(handlers.indexOf(fn), 1),
        }),
      open() {
        handlers.forEach((fn) => fn({ visibility: 'minimized' }));
        handlers.forEach((fn) => fn({ visibility: 'maximized' }));
      },
    };
  },
};

describe.each(Object.keys(fakes))('chat adapter: %s', (provider) => {
  let emit: ReturnType<typeof vi.fn<Emit>>;
  let stop: Stop = () => {};
  let fake: Fake;
  beforeEach(() => {
    vi.useFakeTimers();
    emit = vi.fn<Emit>();
    fake = fakes[provider]();
  });
  afterEach(() => {
    stop();
    for (const name of ['Intercom', 'drift', '$crisp', 'zE', 'HubSpotConversations', 'hsConversationsOnReady', 'Tawk_API', 'LiveChatWidget']) delete w[name];
    vi.useRealTimers();
  });

  const opened = async () => {
    await vi.advanceTimersByTimeAsync(2000); // past the 1 s dedupe and Drift's ready
    fake.open();
  };

  it('emits chat_open when the widget was loaded before the SDK', async () => {
    fake.install();
    stop = captureChat(emit, { providers: [provider], vendors });
    await opened();
    expect(emit.mock.calls).toEqual([['chat_open', provider, { provider }]]);
    await opened();
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('emits chat_open when the widget loads seconds after the SDK', async () => {
    stop = captureChat(emit, { providers: [provider], vendors });
    await vi.advanceTimersByTimeAsync(7000);
    fake.install();
    await opened();
    expect(emit.mock.calls).toEqual([['chat_open', provider, { provider }]]);
  });

  it('emits nothing after stop', async () => {
    fake.install();
    stop = captureChat(emit, { providers: [provider], vendors });
    await vi.advanceTimersByTimeAsync(100);
    stop();
    await opened();
    expect(emit).not.toHaveBeenCalled();
  });
});

describe('vendor specifics', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const name of ['HubSpotConversations', 'hsConversationsOnReady', 'Tawk_API', 'LiveChatWidget', 'zE']) delete w[name];
    vi.useRealTimers();
  });

  it('LiveChat, HubSpot and Zendesk subscriptions are removed on stop', async () => {
    const off = vi.fn();
    const unsubscribe = vi.fn();
    w.LiveChatWidget = { on: vi.fn(), off };
    w.HubSpotConversations = { on: vi.fn(), off };
    w.zE = vi.fn(() => unsubscribe);
    const stop = captureChat(vi.fn(), { providers: ['livechat', 'hubspot', 'zendesk'], vendors });
    await settle();
    stop();
    expect(off).toHaveBeenCalledWith('visibility_changed', expect.any(Function));
    expect(off).toHaveBeenCalledWith('userInteractedWithWidget', expect.any(Function));
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('loads no adapter, and creates no vendor global, on a page without a chat widget', async () => {
    const load = vi.fn(vendors);
    const stop = captureChat(vi.fn(), { vendors: load });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(load).not.toHaveBeenCalled();
    expect(['hsConversationsOnReady', 'Tawk_API', '$crisp'].filter((g) => g in window)).toEqual([]);
    stop();
  });

  it('HubSpot: subscribes once its API is ready', async () => {
    const emit = vi.fn<Emit>();
    const stop = captureChat(emit, { providers: ['hubspot'], vendors });
    await vi.advanceTimersByTimeAsync(5_000);
    const fake = fakes.hubspot();
    fake.install();
    await vi.advanceTimersByTimeAsync(1_000);
    fake.open();
    expect(emit).toHaveBeenCalledWith('chat_open', 'hubspot', { provider: 'hubspot' });
    stop();
  });

  it("tawk.to: the page's own onChatMaximized keeps working, set before or after, and is restored on stop", async () => {
    const emit = vi.fn<Emit>();
    const before = vi.fn();
    w.Tawk_API = { onChatMaximized: before };
    const stop = captureChat(emit, { providers: ['tawk'], vendors });
    await settle();
    w.Tawk_API.onChatMaximized();
    expect(before).toHaveBeenCalledTimes(1);
    const after = vi.fn();
    w.Tawk_API.onChatMaximized = after;
    vi.advanceTimersByTime(2000);
    w.Tawk_API.onChatMaximized();
    expect(after).toHaveBeenCalledTimes(1);
    expect(emit).toHaveBeenCalledTimes(2);
    stop();
    expect(w.Tawk_API.onChatMaximized).toBe(after);
    w.Tawk_API.onChatMaximized = before;
    expect(w.Tawk_API.onChatMaximized).toBe(before);
  });

  it('tawk.to: no Tawk_API global is created on a page without tawk.to', () => {
    const stop = captureChat(vi.fn(), { providers: ['tawk'], vendors });
    expect('Tawk_API' in window).toBe(false);
    stop();
  });
});
