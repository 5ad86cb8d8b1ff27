import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

const KEY = 'onChatMaximized';

// https://developer.tawk.to/jsapi/#onChatMaximized
/**
 * Calls `opened` when the tawk.to widget is maximized. Its API is callbacks assigned on
 * `window.Tawk_API` (created by the snippet before the widget loads; we wait for it rather than
 * create a global that other scripts may read as "tawk.to is here"). An accessor keeps the page's
 * own `onChatMaximized` working whether it is set before or after us; stop puts it back as a
 * plain property.
 */
export function tawk(opened: () => void): Stop {
  let undo = () => {};
  const cancel = whenGlobal('Tawk_API', (api) => {
    let page = api[KEY];
    const both = function (this: unknown, ...args: unknown[]) {
      opened();
      return page?.apply(this, args);
    };
    Object.defineProperty(api, KEY, { configurable: true, enumerable: true, get: () => both, set: (fn) => (page = fn) });
    undo = () => {
      delete api[KEY];
      api[KEY] = page;
    };
  });
  return () => {
    cancel();
    undo();
  };
}
