// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript
import { startDemo } from '../../demo/server.mjs';

interface Demo {
  url: string;
  server: { close(): void };
  collector: { events: Map<string, unknown> };
}

describe('npm start: the demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = (await startDemo({ port: 0, quiet: true })) as Demo;
  });
  afterAll(() => demo?.server.close());

  it('serves the site with the script tag, and the built SDK', async () => {
    for (const path of ['/', '/pricing.html', '/blog.html', '/signup.html']) {
      const html = await (await fetch(demo.url + path)).text();
      expect(html).toContain('<script async src="/dist/waymark.iife.js" data-endpoint="/collect"');
    }
    expect((await fetch(`${demo.url}/dist/waymark.iife.js`)).status).toBe(200);
    expect((await fetch(`${demo.url}/nope.html`)).status).toBe(404);
    expect((await fetch(`${demo.url}/../package.json`)).status).toBe(404);
  });

  it('collects batches sent as text/plain, as a beacon sends them', async () => {
    const body = JSON.stringify({ events: [{ id: 'demo-1', type: 'custom', name: 'hello' }], dropped: 0 });
    const res = await fetch(`${demo.url}/collect`, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(200);
    expect(demo.collector.events.has('demo-1')).toBe(true);
  });
});
