import type { Stop } from '../../core/types';
import { crisp } from './crisp';
import { drift } from './drift';
import { hubspot } from './hubspot';
import { intercom } from './intercom';
import { livechat } from './livechat';
import { tawk } from './tawk';
import { zendesk } from './zendesk';

/** Subscribes to a vendor's "opened" event; returns what undoes it as far as the vendor allows. */
type Adapter = (opened: () => void) => Stop;

const ADAPTERS: Record<string, Adapter> = { intercom, drift, crisp, zendesk, hubspot, tawk, livechat };

/**
 * Listens to the chat widgets of `providers` (loaded on demand: the script-tag build fetches this
 * module only once a vendor's global has appeared). `open` is told the provider of each opening.
 */
export function listenVendors(open: (provider: string) => void, providers: readonly string[]): Stop {
  const stops = providers.map((provider) => {
    try {
      return ADAPTERS[provider]?.(() => open(provider));
    } catch {
      return undefined;
    }
  });
  return () =>
    stops.forEach((stop) => {
      try {
        stop?.();
      } catch {
        // a vendor's off() that throws changes nothing: the caller's flag already silences us
      }
    });
}
