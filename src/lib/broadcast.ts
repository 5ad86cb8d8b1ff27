/**
 * Messages between the tabs of one origin over a BroadcastChannel (stage changes, sent events). A
 * tab never hears its own posts. Without BroadcastChannel both methods do nothing.
 */
export function broadcast<T extends object>(
  channelName: string,
  onRemote: (message: T) => void,
): { post: (message: T) => void; stop: () => void } {
  let ch: BroadcastChannel | undefined;
  try {
    ch = new BroadcastChannel(channelName);
    ch.onmessage = (e) => e.data && typeof e.data == 'object' && onRemote(e.data);
  } catch {
    // missing (old Safari, some webviews) or refused (opaque origins): this tab stays on its own
  }
  return {
    post: (message) => {
      try {
        ch?.postMessage(message);
      } catch {
        // closed channel or an uncloneable value: the other tabs keep their stage until the next post
      }
    },
    stop: () => {
      ch?.close();
      ch = undefined;
    },
  };
}
