/** localStorage, shared by the tabs of an origin; or sessionStorage, this tab's own across its pages. */
type Area = 'localStorage' | 'sessionStorage';

/**
 * Reads a small JSON record from localStorage (or `area`). Used once at start, never per event: a
 * blocked or full storage (Safari private mode, a sandboxed iframe) yields `undefined`, not an error.
 */
export function readLocal<T>(key: string, area: Area = 'localStorage'): T | undefined {
  try {
    const raw = globalThis[area]?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a small JSON record to localStorage (or `area`); failures are ignored (memory stays the truth). */
export function writeLocal(key: string, value: unknown, area: Area = 'localStorage'): void {
  try {
    globalThis[area]?.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or blocked: the in-memory copy keeps working for this page
  }
}

/** Reads a record and removes it, in one go (a mark left by an earlier page, applied once). */
export function takeLocal<T>(key: string, area: Area = 'localStorage'): T | undefined {
  const value = readLocal<T>(key, area);
  try {
    if (value !== undefined) globalThis[area].removeItem(key);
  } catch {
    // blocked storage: there was nothing to take
  }
  return value;
}
