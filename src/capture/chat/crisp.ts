import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

// https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/#chat-opened
/**
 * Calls `opened` on Crisp's `chat:opened`. `$crisp` is a queue (an array) until Crisp loads, so
 * pushing works before and after. We wait for it rather than create it: Crisp's snippet assigns
 * `window.$crisp = []` and would drop our push. No `off`: it unbinds the page's handlers too.
 */
export const crisp = (opened: () => void): Stop =>
  whenGlobal('$crisp', (c) => c.push(['on', 'chat:opened', opened]));
