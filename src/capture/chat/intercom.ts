import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

// https://developers.intercom.com/installing-intercom/web/methods#intercomonshow-function
/**
 * Calls `opened` whenever the Intercom Messenger is shown. The snippet's stub queues calls made
 * before the library loads; without a stub we wait for `window.Intercom` (creating one ourselves
 * would make Intercom's snippet skip loading). Intercom has no way to unsubscribe.
 */
export const intercom = (opened: () => void): Stop =>
  whenGlobal('Intercom', (ic) => ic('onShow', opened));
