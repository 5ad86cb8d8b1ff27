import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

// https://developer.zendesk.com/api-reference/widget-messaging/web/events/#on-open
/** Calls `opened` on Zendesk Messaging's `open` event; stop uses the unsubscribe it returns. */
export function zendesk(opened: () => void): Stop {
  let off: unknown;
  const cancel = whenGlobal('zE', (zE) => (off = zE('messenger:on', 'open', opened)));
  return () => {
    cancel();
    if (typeof off == 'function') off();
  };
}
