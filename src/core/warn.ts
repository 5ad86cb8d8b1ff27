const say =
  (level: 'warn' | 'info') =>
  (message: string, ...detail: unknown[]): void => {
    try {
      console[level](`[waymark] ${message}`, ...detail);
    } catch {
      // a page that replaced console with something broken still must not see an error from us
    }
  };

/** Every message waymark prints starts with `[waymark]`, so that a site owner can filter on it. */
export const warn = say('warn');

/** What `debug: true` prints: each event and each accepted batch. */
export const info = say('info');

/** Warns about a given key only the first time it is seen in this page. */
export function warnOnce(): (key: string, message: string) => void {
  const said = new Set<string>();
  return (key, message) => {
    if (said.has(key)) return;
    said.add(key);
    warn(message);
  };
}
