import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.build.json' });
// inline: 1, not terser's 3: a function inlined where it is called once comes out larger, gzip
const min = () => terser({ ecma: 2020, module: true, compress: { passes: 5, pure_getters: true, hoist_funs: true, inline: 1 }, format: { comments: false } });

/**
 * The config's JSON Schema, generated from the zod schema of the npm build (built first, below), for
 * the script-tag build to embed; also written to dist/config.schema.json for editors and collectors.
 */
const configSchema = () => ({
  name: 'config-schema',
  resolveId: (id) => (id.startsWith('virtual:waymark/') ? `\0${id}` : null),
  async load(id) {
    if (!id.startsWith('\0virtual:waymark/')) return null;
    const { configJsonSchema, scriptSchemas } = await import(pathToFileURL(resolve('dist/schema.mjs')).href + `?${Date.now()}`);
    writeFileSync('dist/config.schema.json', JSON.stringify(configJsonSchema(), null, 2) + '\n');
    const { core, rules } = scriptSchemas();
    return `export default ${JSON.stringify(id.endsWith('/config-schema') ? core : rules)};`;
  },
});

export default [
  // the npm entries: dependencies stay imports, so that the app's bundler dedupes them
  {
    input: { index: 'src/index.ts', schema: 'src/schema/index.ts' },
    external: [/^zod/, 'idb-keyval', 'web-vitals'],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
    // CommonJS has no import.meta.url: there the worker cannot start and the page sends itself
    plugins: [ts(), { name: 'no-worker-in-cjs', resolveImportMeta: (property, { format }) => (format === 'cjs' && property === 'url' ? 'undefined' : null) }],
  },
  // the npm build's sending worker, beside the chunk that starts it; self-contained, as a bundler
  // may copy it without bundling it
  {
    input: 'src/entries/worker.ts',
    output: { file: 'dist/chunks/worker.mjs', format: 'es' },
    plugins: [nodeResolve({ browser: true }), ts(), min()],
  },
  // the script-tag build: one file every page loads
  {
    input: 'src/entries/iife.ts',
    output: { file: 'dist/waymark.iife.js', format: 'iife' },
    plugins: [configSchema(), nodeResolve({ browser: true }), ts(), min()],
  },
  // the parts the script-tag build loads on demand, from its own folder
  {
    input: { 'waymark.vitals': 'src/entries/vitals.ts', 'waymark.chat': 'src/entries/chat.ts', 'waymark.interactions': 'src/entries/interactions.ts', 'waymark.reshape': 'src/entries/reshape.ts', 'waymark.rules': 'src/entries/rules.ts', 'waymark.issues': 'src/entries/issues.ts', 'waymark.lease': 'src/entries/lease.ts', 'waymark.memory': 'src/entries/memory.ts', 'waymark.remote': 'src/entries/remote.ts' },
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js' },
    plugins: [configSchema(), nodeResolve({ browser: true }), ts(), min()],
  },
];
