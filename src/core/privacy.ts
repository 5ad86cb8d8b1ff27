const KEPT_PARAMS = /^(utm_[a-z_]+|gclid|fbclid|msclkid)$/i;
// Local part, @, a domain with a dot: enough to catch addresses pasted into paths and params.
const EMAIL = /[^\s/?#&=@:;,]+(@|%40)[^\s/?#&=@:;,]+\.[a-z]{2,}/gi;

/** Redacts e-mail addresses anywhere in a string. */
export const redactEmails = (text: string): string => text.replace(EMAIL, '[email]');

/**
 * Reduces a URL's query string to campaign parameters and the user's allowlist, and redacts
 * e-mail addresses. Relative URLs are resolved against `base`; anything unparseable is dropped.
 */
export function cleanUrl(raw: string, allow: readonly string[] = [], base?: string): string {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '';
  }
  const kept = new URLSearchParams();
  url.searchParams.forEach((value, key) => {
    if (KEPT_PARAMS.test(key) || allow.includes(key)) kept.append(key, value);
  });
  url.search = kept.toString();
  url.username = url.password = '';
  return redactEmails(url.href);
}
