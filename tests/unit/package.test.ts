// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// What users install: these read dist/, which `npm test` builds first.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const read = (file: string) => readFileSync(file, 'utf8');

describe('the package', () => {
  it('points every entry of its exports map at a built file', () => {
    const targets = JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g)!;
    for (const target of [...targets, pkg.main, pkg.module, pkg.types]) expect(existsSync(target), target).toBe(true);
    expect(pkg.sideEffects).toBe(false);
  });

  it('imports in Node without a window, as ESM and as CommonJS, by its own name', async () => {
    const esm = await import('waymark');
    const cjs = createRequire(import.meta.url)('waymark');
    for (const entry of [esm, cjs]) {
      const journey = entry.createJourney({ endpoint: '/collect' });
      expect(() => journey.track('ssr')).not.toThrow();
      expect(journey.stage).toBeNull();
    }
    expect(() => esm.createJourney({ endpoint: 1 } as never)).toThrow('[waymark] invalid config: config.endpoint: must be a string');
  });

  it('gives collectors the schemas of the wire format and the config', async () => {
    const schema = await import('waymark/schema');
    expect(schema.wireBatch.safeParse({ sentAt: 'not a date' }).success).toBe(false);
    expect(schema.configSchema.safeParse({ endpoint: '/c' }).success).toBe(true);
    expect(JSON.parse(read('dist/config.schema.json'))).toEqual(schema.configJsonSchema());
  });

  it('ships the sending worker beside the chunk that starts it, self-contained; CommonJS never starts it', () => {
    const chunks = readdirSync('dist/chunks');
    // the expression bundlers know: they emit the worker from it
    const starters = chunks.filter((f) => read(`dist/chunks/${f}`).includes("new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' })"));
    expect(starters).toEqual([expect.stringMatching(/^index-.+\.mjs$/)]);
    expect(chunks).toContain('worker.mjs');
    expect(read('dist/chunks/worker.mjs')).not.toMatch(/\bimport[\s({*'"]/);
    for (const f of chunks.filter((f) => f.endsWith('.cjs'))) expect(read(`dist/chunks/${f}`), f).not.toContain('import.meta');
  });

  it('keeps what can wait out of the script-tag build', () => {
    const core = read('dist/waymark.iife.js');
    // zod, web-vitals, the chat adapters and the interaction captures each have a file of their own
    for (const absent of ['ZodObject', '$ZodType', 'onINP', 'largest-contentful-paint', 'LiveChatWidget.on', 'onChatMaximized', 'Math.hypot'])
      expect(core.includes(absent), absent).toBe(false);
    expect(read('dist/waymark.vitals.js')).toContain('largest-contentful-paint');
    expect(read('dist/waymark.chat.js')).toContain('onChatMaximized');
    expect(read('dist/waymark.interactions.js')).toContain('Math.hypot');
  });

  it('ships the script-tag build minified, as one self-contained file', () => {
    const core = read('dist/waymark.iife.js');
    expect(core.split('\n').length).toBeLessThan(5);
    expect(core).not.toMatch(/^import |^export /m);
    expect(gunzipSync(gzipSync(core)).length).toBe(Buffer.byteLength(core));
  });
});
