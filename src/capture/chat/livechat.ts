import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

// https://platform.text.com/docs/extending-chat-widget/javascript-api#visibility-changed
/**
 * Calls `opened` when the LiveChat widget is maximized (`visibility_changed`). The snippet's stub
 * queues `on`/`off` before load; stop calls `off`.
 */
export function livechat(opened: () => void): Stop {
  let api: any;
  const changed = (data?: { visibility?: string }) => {
    if (data?.visibility == 'maximized') opened();
  };
  const cancel = whenGlobal('LiveChatWidget', (lc) => (api = lc).on('visibility_changed', changed));
  return () => {
    cancel();
    api?.off('visibility_changed', changed);
  };
}
