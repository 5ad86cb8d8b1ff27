import type { Emit, Stop } from '../core/types';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';
import { whenGlobal } from '../lib/whenGlobal';

/** The global each chat vendor's script defines, by provider name. */
const GLOBALS: Record<string, string> = {
  intercom: 'Intercom',
  drift: 'drift',
  crisp: '$crisp',
  zendesk: 'zE',
  hubspot: 'HubSpotConversations',
  tawk: 'Tawk_API',
  livechat: 'LiveChatWidget',
};

/** The chat vendors waymark listens to. */
export type ChatProvider = 'intercom' | 'drift' | 'crisp' | 'zendesk' | 'hubspot' | 'tawk' | 'livechat';

export interface ChatOptions {
  /** The vendors to listen to (default: all). Unknown names are ignored. */
  providers?: readonly string[];
  /** Loads the vendor adapters (capture/chat/vendors), called once a vendor's global appears. */
  vendors?: () => Promise<{ listenVendors: (open: (provider: string) => void, providers: readonly string[]) => Stop }>;
}

/**
 * Emits chat_open (name and `{ provider }` = the vendor, or the `data-waymark-chat` value, or
 * 'custom') on a click on `[data-waymark-chat]` and on each vendor widget's own "opened" event.
 * Openings less than 1 s apart count once: our launcher click and the vendor event it causes.
 * The vendor adapters load only on a page where a vendor's global appears, now or within 30 s.
 */
export function captureChat(emit: Emit, { providers = Object.keys(GLOBALS), vendors }: ChatOptions = {}): Stop {
  let stopped = false;
  let last = -Infinity;
  let unlisten: Stop | undefined;
  const open = (provider: string) => {
    const now = Date.now();
    // Vendor APIs without an unsubscribe keep calling us after stop: the flag makes that a no-op.
    if (stopped || now - last < 1000) return;
    last = now;
    emit('chat_open', provider, { provider });
  };
  const names = providers.map((p) => GLOBALS[p]!).filter(Boolean);
  const cancel = vendors && names.length
    ? whenGlobal(names, () =>
        vendors()
          .then((m) => {
            if (!stopped) unlisten = m.listenVendors(open, providers);
          })
          .catch(() => {}),
      )
    : undefined;
  const off = listen(document, 'click', (event) => {
    const el = closest(event.target, '[data-waymark-chat]');
    if (el) open(el.getAttribute('data-waymark-chat') || 'custom');
  });
  return () => {
    stopped = true;
    cancel?.();
    unlisten?.();
    off();
  };
}
