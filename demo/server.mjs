import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from './collector/collector.mjs';
import { layout, pages } from './site/pages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

/** Serves the demo site, the built SDK under /dist/, and the collector at POST /collect. */
export function startDemo({ port = Number(process.env.PORT ?? 8080), host = '127.0.0.1', quiet = false } = {}) {
  const collector = createCollector({
    onBatch: ({ body, fresh }) => {
      if (quiet) return;
      const list = body.events ?? body.batch ?? [];
      console.log(`batch: ${list.length} event(s), ${fresh} new, dropped ${body.dropped ?? 0}`);
      for (const e of list) console.log(`  ${e.time ?? e.timestamp}  ${(e.type ?? '').padEnd(14)} ${e.name ?? e.event ?? ''}  stage=${e.stage ?? '-'}`);
    },
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/collect') return collector.handle(req, res);
    const page = pages[url.pathname];
    if (page) return void res.writeHead(200, { 'content-type': types['.html'] }).end(layout(page));
    const path = url.pathname.startsWith('/dist/') ? url.pathname : join('/demo/site', url.pathname.endsWith('/') ? url.pathname + 'index.html' : url.pathname);
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve({ server, collector, url: `http://${host}:${server.address().port}` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startDemo();
  console.log(`waymark demo: ${url}/  (collector: POST ${url}/collect)`);
}
