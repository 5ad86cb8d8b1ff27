let second = NaN;
let prefix = '';

/**
 * `new Date(ms).toISOString()`, for a time in ms since 1970, at a fraction of its cost (about
 * 1.5 µs a call in Chromium): the date and time up to the second are formatted once per second.
 */
export function isoTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    second = s;
    prefix = new Date(s * 1000).toISOString().slice(0, -4);
  }
  return `${prefix}${String(1000 + Math.floor(ms) - s * 1000).slice(1)}Z`;
}
