import type { Emit, Stop } from '../core/types';
import { closest } from '../lib/closest';
import { listen } from '../lib/listen';
import { crisp } from './chat/crisp';
import { drift } from './chat/drift';
import { hubspot } from './chat/hubspot';
import { intercom } from './chat/intercom';
import { livechat } from './chat/livechat';
import { tawk } from './chat/tawk';
import { zendesk } from './chat/zendesk';

/** Subscribes to a vendor's "opened" event; returns what undoes it as far as the vendor allows. */
type Adapter = (opened: () => void) => Stop;

const ADAPTERS: Record<string, Adapter> = { intercom, drift, crisp, zendesk, hubspot, tawk, livechat };

/** The chat vendors waymark listens to. */
export type ChatProvider = 'intercom' | 'drift' | 'crisp' | 'zendesk' | 'hubspot' | 'tawk' | 'livechat';

export interface ChatOptions {
  /** The vendors to listen to (default: all). Unknown names are ignored. */
  providers?: readonly string[];
}

/**
 * Emits chat_open (name and `{ provider }` = the vendor, or the `data-waymark-chat` value, or
 * 'custom') on a click on `[data-waymark-chat]` and on each vendor widget's own "opened" event.
 * Openings less than 1 s apart count once: our launcher click and the vendor event it causes.
 */
export function captureChat(emit: Emit, { providers = Object.keys(ADAPTERS) }: ChatOptions = {}): Stop {
  let stopped = false;
  let last = -Infinity;
  const open = (provider: string) => {
    const now = Date.now();
    // Vendor APIs without an unsubscribe keep calling us after stop: the flag makes that a no-op.
    if (stopped || now - last < 1000) return;
    last = now;
    emit('chat_open', provider, { provider });
  };
  const stops = providers.map((provider) => {
    try {
      return ADAPTERS[provider]?.(() => open(provider));
    } catch {
      return undefined;
    }
  });
  stops.push(
    listen(document, 'click', (event) => {
      const el = closest(event.target, '[data-waymark-chat]');
      if (el) open(el.getAttribute('data-waymark-chat') || 'custom');
    }),
  );
  return () => {
    stopped = true;
    stops.forEach((stop) => {
      try {
        stop?.();
      } catch {
        // a vendor's off() that throws changes nothing: the flag already silences us
      }
    });
  };
}
