/**
 * A collector for waymark batches, as plain node:http handlers: accepts the JSON body whatever
 * its content type (a beacon sends text/plain), answers CORS, and deduplicates events on their id.
 * The demo prints what arrives; the real-browser tests read it and inject faults through `fault`.
 */
export function createCollector({ onBatch = () => {}, fault } = {}) {
  const batches = [];
  const events = new Map();
  let duplicates = 0;

  async function handle(req, res) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const injected = fault?.(req, text);
    if (injected === 'destroy') return void req.socket.destroy();
    if (injected) {
      res.writeHead(injected.status, injected.headers ?? {});
      return void res.end();
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('body is not JSON');
    }
    const list = Array.isArray(body.events) ? body.events : Array.isArray(body.batch) ? body.batch : [];
    const batch = { body, headers: req.headers, bytes: chunks.reduce((n, c) => n + c.length, 0), fresh: 0 };
    for (const event of list) {
      const id = event.id ?? event.messageId;
      if (events.has(id)) duplicates++;
      else {
        events.set(id, event);
        batch.fresh++;
      }
    }
    batches.push(batch);
    onBatch(batch);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  return {
    handle,
    batches,
    events,
    /** How many events arrived again after they had been accepted once. */
    duplicates: () => duplicates,
    clear() {
      batches.length = 0;
      events.clear();
      duplicates = 0;
    },
  };
}
