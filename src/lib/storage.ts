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

/** Reads a record and removes it, in one go (a mark left by an earlier page, applied once). */
export function takeLocal<T>(key: string): T | undefined {
  const value = readLocal<T>(key);
  try {
    if (value !== undefined) globalThis.localStorage.removeItem(key);
  } catch {
    // blocked storage: there was nothing to take
  }
  return value;
}
