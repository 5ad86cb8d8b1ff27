/**
 * The floor: about the least a tracker can do. It keeps events in memory and POSTs them in batches
 * with fetch, as waymark does, but with no storage, no retries, no sessions and no stages, so a
 * reload or a failed request loses everything. The benchmark measures it beside the SDKs as the
 * reference for "main-thread time per event": what batching JSON over fetch costs on this machine.
 */
export function createFloor({ endpoint, flushInterval = 1000, batchSize = 500 }) {
  const anonymousId = crypto.randomUUID();
  const url = location.href;
  let queue = [];
  let timer;

  const send = () => {
    timer = undefined;
    const events = queue;
    queue = [];
    for (let i = 0; i < events.length; i += batchSize) {
      const body = JSON.stringify({ sentAt: new Date().toISOString(), anonymousId, url, events: events.slice(i, i + batchSize) });
      // text/plain keeps the request CORS-simple (no preflight), like waymark's
      fetch(endpoint, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit' }).catch(() => {});
    }
  };

  return {
    /** What and when; who and where go once per batch. No id: nothing is retried, so nothing needs one. */
    track(name, props = {}) {
      queue.push({ name, props, time: Date.now() });
      timer ??= setTimeout(send, flushInterval);
    },
  };
}
