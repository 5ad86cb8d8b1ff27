/** Every message waymark prints starts with this, so that a site owner can filter on it. */
export const warn = (message: string, ...detail: unknown[]): void => {
  try {
    console.warn(`[waymark] ${message}`, ...detail);
  } catch {
    // a page that replaced console with something broken still must not see an error from us
  }
};

/** What `debug: true` prints: each event and each accepted batch. */
export const info = (message: string, ...detail: unknown[]): void => {
  try {
    console.info(`[waymark] ${message}`, ...detail);
  } catch {
    // as for warn
  }
};

/** Warns about a given key only the first time it is seen in this page. */
export function warnOnce(): (key: string, message: string) => void {
  const said = new Set<string>();
  return (key, message) => {
    if (said.has(key)) return;
    said.add(key);
    warn(message);
  };
}
