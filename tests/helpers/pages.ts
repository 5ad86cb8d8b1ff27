import type { Journey } from '../../src/journey';
import type { Page, Worker } from 'playwright-core';

/** The one-line snippet of the README (demo/site/index.html): queues calls until the script has loaded. */
export const SNIPPET =
  "window.waymark=window.waymark||{q:[]};['track','page','identify','consent','flush','reset','on','shutdown'].forEach(function(m){waymark[m]=waymark[m]||function(){waymark.q.push([m,arguments])}});";

export interface SdkPageOptions {
  /** `data-site`: the IndexedDB queue is per site and endpoint, so a distinct site per test keeps queues apart. */
  site?: string;
  /** `window.waymarkConfig`, set in an inline script before the SDK; functions are not allowed. */
  config?: Record<string, unknown>;
  /** Inline script run before the SDK's tag (after the config). */
  before?: string;
  /** Extra attributes of the SDK's script tag, e.g. `{ 'data-consent': 'pending' }`; `data-endpoint` defaults to /collect. */
  attrs?: Record<string, string | undefined>;
  /** Load the SDK with `async` (as the README does) instead of as a blocking script. */
  async?: boolean;
  title?: string;
  body?: string;
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that loads /dist/waymark.iife.js with `data-endpoint="/collect"` (same origin). */
export function sdkPage(o: SdkPageOptions = {}): string {
  const attrs: Record<string, string | undefined> = { 'data-endpoint': '/collect', 'data-site': o.site, ...o.attrs };
  const attrText = Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
  const inline = [o.config ? `window.waymarkConfig = ${JSON.stringify(o.config)};` : '', o.before ?? ''].filter(Boolean).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${o.title ?? 'waymark e2e'}</title>
${inline ? `<script>${inline}</script>` : ''}
<script${o.async ? ' async' : ''} src="/dist/waymark.iife.js"${attrText}></script>
</head>
<body>${o.body ?? '<h1>waymark e2e</h1>'}</body>
</html>`;
}

/** `window` of a page running the script-tag build, for `page.evaluate` callbacks. */
export type WaymarkWindow = Window & { waymark: Journey & { q?: unknown[] } };

/** Waits until the script tag has replaced the snippet's stub with the journey. */
export async function sdkReady(page: Page, timeoutMs = 5_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = (window as unknown as WaymarkWindow).waymark;
      return !!w && typeof w.flush === 'function' && !('q' in w);
    },
    undefined,
    { timeout: timeoutMs },
  );
}

/** A script for a page's head: counts the page's own IndexedDB writes (a worker has globals of its own). */
export const COUNT_PUTS =
  'let puts = 0; const put = IDBObjectStore.prototype.put; IDBObjectStore.prototype.put = function (...args) { puts++; return put.apply(this, args); }; window.pagePuts = () => puts;';

/** The page's own IndexedDB writes since COUNT_PUTS ran. */
export const pagePuts = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { pagePuts(): number }).pagePuts());

const COLLECT_FETCHES = "performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'fetch' && e.name.endsWith('/collect')).length";

/** The requests to /collect made with fetch by a page or by a worker (each has its own resource timing). */
export const collectFetches = (scope: Pick<Worker, 'evaluate'>): Promise<number> => scope.evaluate<number>(COLLECT_FETCHES);

/**
 * The same, summed over the shared workers whose script URL passes `url` (a blob: one for a script
 * on another origin). Playwright lists a page's own workers only: this asks over the DevTools
 * protocol. A shared worker outlives a test while another page is its client: compare counts.
 */
export async function sharedFetches(page: Page, url: (scriptUrl: string) => boolean): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    let sum = 0;
    for (const target of targetInfos.filter((t) => t.type === 'shared_worker' && url(t.url))) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      const answer = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer from the shared worker ${target.url}`)), 5_000);
        cdp.on('Target.receivedMessageFromTarget', ({ sessionId: from, message }) => {
          const reply = JSON.parse(message) as { id?: number; result?: { result: { value: number } } };
          if (from !== sessionId || reply.id !== 1) return;
          clearTimeout(timer);
          resolve(reply.result!.result.value);
        });
      });
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: COLLECT_FETCHES, returnByValue: true } }),
      });
      sum += await answer;
      await cdp.send('Target.detachFromTarget', { sessionId });
    }
    return sum;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
