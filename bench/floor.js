/**
 * The floor: about the least a tracker can do. It keeps events in memory and POSTs them in batches
 * with fetch, as waymark does, but with no storage, no retries, no sessions and no stages, so a
 * reload or a failed request loses everything. The benchmark measures it beside the SDKs as the
 * reference for "main-thread time per event": what batching JSON over fetch costs on this machine.
 *
 * `wire: true` sends what waymark must send instead (SPEC.md, Wire format): each event with its own
 * id, time, ids, page and context, in batches under 64 KiB. It shows what the payload alone costs.
 */
export function createFloor({ endpoint, flushInterval = 1000, batchSize = 500, wire = false }) {
  const anonymousId = crypto.randomUUID();
  const url = location.href;
  const page = { url, path: location.pathname, title: document.title, referrer: document.referrer };
  const context = { attribution: { first: null, last: null }, locale: navigator.language, gpc: false, dnt: false };
  const sessionId = crypto.randomUUID();
  let queue = [];
  let timer;

  // text/plain keeps the request CORS-simple (no preflight), like waymark's
  const post = (body) => fetch(endpoint, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, credentials: 'omit' }).catch(() => {});
  const sendWire = (events) => {
    const head = `{"sentAt":"${new Date().toISOString()}","site":"bench","sdk":{"name":"floor","version":"1"},"dropped":0,"events":[`;
    let batch = [];
    let size = 0;
    const flush = () => batch.length && post(`${head}${batch.join(',')}]}`);
    for (const json of events.map((e) => JSON.stringify(e))) {
      if (batch.length === batchSize || size + json.length > 60_000) (flush(), (batch = []), (size = 0));
      batch.push(json);
      size += json.length + 1;
    }
    flush();
  };

  const send = () => {
    timer = undefined;
    const events = queue;
    queue = [];
    if (wire) return sendWire(events);
    for (let i = 0; i < events.length; i += batchSize)
      post(JSON.stringify({ sentAt: new Date().toISOString(), anonymousId, url, events: events.slice(i, i + batchSize) }));
  };

  return {
    /** What and when; who and where go once per batch. No id: nothing is retried, so nothing needs one. */
    track(name, props = {}) {
      const time = Date.now();
      queue.push(
        wire
          ? { id: crypto.randomUUID(), type: 'custom', name, time: new Date(time).toISOString(), anonymousId, userId: null, sessionId, stage: 'awareness', page, props, context }
          : { name, props, time },
      );
      timer ??= setTimeout(send, flushInterval);
    },
  };
}
