/**
 * A minimal DevTools-protocol client over Chromium's --remote-debugging-pipe.
 *
 * The benchmark drives Chromium with this rather than with Playwright: Playwright keeps the Network
 * and Runtime domains on in every page, and the renderer then does Playwright's bookkeeping on the
 * main thread for every request (measured on this machine: about 0.5 ms more per fetch, plus about
 * 70 µs per KB of body) and every console call. That would be billed to the SDKs, most to those that
 * send the most. Here only the domains a measurement needs are on.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Browsers still running: killed if the benchmark exits or is interrupted first. */
const live = new Set();
const killGroup = (proc) => {
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
process.on('exit', () => live.forEach(killGroup));
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    live.forEach(killGroup);
    process.exit(130);
  });

/** Launches Chromium on a fresh profile, deleted when it closes. */
export async function launchChromium({ executablePath, args }) {
  const dir = await mkdtemp(join(tmpdir(), 'waymark-bench-profile-'));
  // a process group of its own, so that a browser that will not close is killed with its children
  const proc = spawn(executablePath, [...args, `--user-data-dir=${dir}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(proc);
  const exited = new Promise((resolve) => proc.once('exit', resolve)).then(() => live.delete(proc));
  // fd 3: what Chromium reads (our commands); fd 4: what it writes. Messages end with \0.
  const [, , , toBrowser, fromBrowser] = proc.stdio;
  let nextId = 0;
  let buffer = '';
  const pending = new Map();
  const listeners = new Set();
  fromBrowser.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let end; (end = buffer.indexOf('\0')) >= 0; ) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      const call = message.id !== undefined && pending.get(message.id);
      if (call) {
        pending.delete(message.id);
        if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
        else call.resolve(message.result);
      } else listeners.forEach((fn) => fn(message));
    }
  });
  exited.then(() => pending.forEach((call) => call.reject(new Error(`${call.method}: the browser exited`))));

  /**
   * Sends one command. Most are answered by the page's main thread, so a page still busy with an
   * SDK's backlog answers late or never: each command gives up after `timeoutMs`.
   */
  const send = (method, params = {}, sessionId, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (fn) => (value) => {
        clearTimeout(timer);
        fn(value);
      };
      pending.set(id, { resolve: done(resolve), reject: done(reject), method });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });

  /** Opens a tab (in a browser context, if given) and returns a handle on it. */
  async function newPage(browserContextId, owned = listeners) {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank', ...(browserContextId ? { browserContextId } : {}) });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const page = {
      send: (method, params, timeoutMs) => send(method, params, sessionId, timeoutMs),
      /** A target this tab's session attached to (Target.setAutoAttach: its workers), by its session. */
      child: (childSession) => ({ send: (method, params, timeoutMs) => send(method, params, childSession, timeoutMs) }),
      /** Calls `fn(method, params)` for each protocol event of this tab. */
      on(fn) {
        const listener = (m) => m.sessionId === sessionId && m.method && fn(m.method, m.params);
        listeners.add(listener);
        owned.add(listener);
      },
      /** Runs `fn(arg)` in the page and returns its (awaited, JSON) result; rethrows what it throws. */
      async evaluate(fn, arg, timeoutMs) {
        const { result, exceptionDetails } = await page.send(
          'Runtime.evaluate',
          { expression: `(${fn})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true },
          timeoutMs,
        );
        if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
        return result.value;
      },
      /** Navigates and waits for the load event. */
      async goto(url, timeoutMs = 15_000) {
        await page.send('Page.navigate', { url });
        const until = Date.now() + timeoutMs;
        while ((await page.evaluate(() => document.readyState, undefined, timeoutMs).catch(() => '')) !== 'complete') {
          if (Date.now() > until) throw new Error(`${url} did not load in ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    };
    return page;
  }

  return {
    send,
    newPage: () => newPage(),
    /**
     * A fresh browser context: storage (cookies, localStorage, IndexedDB) of its own, kept in
     * memory and gone with it, like a new incognito window. Much cheaper than a new browser.
     */
    async newContext() {
      const { browserContextId } = await send('Target.createBrowserContext', { disposeOnDetach: true });
      const owned = new Set();
      return {
        id: browserContextId,
        newPage: () => newPage(browserContextId, owned),
        async close() {
          owned.forEach((listener) => listeners.delete(listener));
          await send('Target.disposeBrowserContext', { browserContextId }, undefined, 10_000).catch(() => {});
        },
      };
    },
    /**
     * Waits until the browser's processes together use under `share` of one core over `window` ms,
     * and at least `min` ms; gives up after `max` ms. A fresh tab's renderer is busy for over a
     * second after its load event even with an empty page (1.2-1.6 cores here, on 2), and a burst
     * timed in those seconds measures that contention rather than the SDK. Returns the ms waited.
     */
    async quiet({ min = 500, max = 4_000, window = 250, share = 0.1 } = {}) {
      const cpuMs = async () => (await send('SystemInfo.getProcessInfo')).processInfo.reduce((sum, p) => sum + p.cpuTime * 1000, 0);
      const started = Date.now();
      let last = await cpuMs();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, window));
        const used = await cpuMs();
        const waited = Date.now() - started;
        if ((waited >= min && used - last < share * window) || waited >= max) return waited;
        last = used;
      }
    },
    /** Whether the browser process is still running. */
    alive: () => live.has(proc),
    /** Closes the browser (killing it if it does not go) and deletes its profile. */
    async close() {
      send('Browser.close', {}, undefined, 5_000).catch(() => {});
      const timer = setTimeout(() => killGroup(proc), 5_000);
      await exited;
      clearTimeout(timer);
      // a renderer may outlive the browser process by a moment and still write to the profile
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
    },
  };
}
