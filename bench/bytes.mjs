/**
 * Bytes as a user ships them: each SDK's script-tag build as published, and a minimal app that
 * imports the SDK, bundled with tree-shaking and minified the same way for everyone (rollup,
 * node-resolve for the browser, commonjs, terser). Sizes: minified, gzip -9 and brotli -11.
 * The app bundles are also what the browser part of the benchmark runs for the peers.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

/** min / gzip / brotli sizes of one file's bytes. */
export function sizes(bytes) {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

/**
 * The app's source is not a file: it is given to rollup as a module that pretends to live in
 * bench/, so that its imports resolve from the repo's node_modules (and './floor.js' from bench/).
 * `waymark` resolves to the built npm entry (dist/index.mjs), as it would for a user.
 */
const app = (file, source, waymarkEntry) => ({
  name: 'bench-app',
  resolveId: (id) => (id === file ? file : id === 'waymark' ? waymarkEntry : null),
  load: (id) => (id === file ? source : null),
});

// Some packages still read process.env.NODE_ENV, which every app bundler replaces.
const nodeEnv = () => ({
  name: 'node-env',
  transform: (code) => (code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null),
});

/**
 * Bundles one app to `outDir` as ES modules (entry `app.js`, lazy chunks beside it). Returns the
 * entry and its static imports, which load at once ("initial"), apart from the dynamic chunks,
 * which load on demand ("lazy").
 */
async function bundleApp({ id, source, outDir, benchDir, waymarkEntry, nodeModules }) {
  const file = join(benchDir, `.app-${id}.js`);
  const bundle = await rollup({
    input: file,
    plugins: [
      app(file, source, waymarkEntry),
      nodeEnv(),
      nodeResolve({ browser: true, modulePaths: [nodeModules] }),
      commonjs(),
      terser({ format: { comments: false } }),
    ],
    onwarn: () => {}, // third-party code warns about `this` and eval; not ours to fix
  });
  const { output } = await bundle.write({ dir: outDir, format: 'es', entryFileNames: 'app.js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name)) return;
    initial.add(name);
    chunks.get(name).imports.forEach(visit);
  };
  visit('app.js');
  const concat = (names) => Buffer.concat(names.map((n) => Buffer.from(chunks.get(n).code)));
  const lazy = [...chunks.keys()].filter((n) => !initial.has(n));
  return { initial: concat([...initial]), lazy: concat(lazy), files: [...chunks.keys()] };
}

/**
 * Measures every SDK: its script-tag build (if its package ships one) and its minimal app. The app
 * bundles are written under `outDir/<id>/` for the browser runs. Sequential: terser is CPU-bound
 * and the machine has two cores.
 */
export async function measureBytes(sdks, { outDir, benchDir, nodeModules, waymarkDist, log }) {
  const results = {};
  for (const sdk of sdks) {
    if (sdk.sameBundleAs) continue;
    const started = Date.now();
    const pkgDir = sdk.id === 'waymark' ? dirname(waymarkDist) : join(nodeModules, sdk.pkg ?? '');
    const scriptTag = sdk.scriptTag
      ? { file: sdk.scriptTag, ...sizes(await readFile(sdk.id === 'waymark' ? join(waymarkDist, 'waymark.iife.js') : join(pkgDir, sdk.scriptTag))) }
      : { file: null, note: sdk.noScriptTag };
    const built = await bundleApp({ id: sdk.id, source: sdk.app, outDir: join(outDir, sdk.id), benchDir, nodeModules, waymarkEntry: join(waymarkDist, 'index.mjs') });
    results[sdk.id] = { scriptTag, app: { ...sizes(built.initial), lazy: built.lazy.length ? sizes(built.lazy) : null, files: built.files.length } };
    log(`bytes ${sdk.id}: app ${results[sdk.id].app.gzip} B gzip (${Date.now() - started} ms)`);
  }
  return results;
}
