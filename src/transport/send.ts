/** The collector's answer: its status (0 when there was none) and its Retry-After header. */
export interface Answer {
  status: number;
  retryAfter?: string | null;
}

export interface SendOptions {
  headers?: Record<string, string> | undefined;
  /** Let the request outlive the page (a send on hide). */
  keepalive?: boolean;
}

/**
 * POSTs a body with fetch; never rejects: a network error is status 0. A string body is sent as
 * `text/plain;charset=UTF-8` unless a header says otherwise: CORS-simple (no preflight), and what a
 * beacon sends too.
 */
export async function post(url: string, body: string, options: SendOptions = {}): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: options.headers,
      keepalive: !!options.keepalive,
      credentials: 'omit',
    });
    return { status: res.status, retryAfter: res.headers.get('Retry-After') };
  } catch {
    return { status: 0 };
  }
}

/**
 * Hands a body to the browser to send after the page is gone: sendBeacon where the request needs
 * no custom headers, else fetch with keepalive. Returns false when the browser refuses it (the
 * 64 KiB in-flight budget is spent, or neither API exists).
 */
export function handOver(url: string, body: string, headers?: Record<string, string>): boolean {
  try {
    if (!headers && navigator.sendBeacon) return navigator.sendBeacon(url, body);
    void post(url, body, { headers, keepalive: true });
    return true;
  } catch {
    return false;
  }
}
