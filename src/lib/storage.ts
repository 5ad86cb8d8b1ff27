/**
 * Reads a small JSON record from localStorage. Used once at start, never per event: a blocked or
 * full storage (Safari private mode, a sandboxed iframe) yields `undefined`, not an error.
 */
export function readLocal<T>(key: string): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a small JSON record to localStorage; failures are ignored (memory stays the truth). */
export function writeLocal(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or blocked: the in-memory copy keeps working for this page
  }
}
