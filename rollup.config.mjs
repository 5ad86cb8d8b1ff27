import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.build.json' });
const min = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 3, pure_getters: true }, mangle: { properties: false }, format: { comments: false } });

export default [
  // the script-tag build: one file every page loads
  {
    input: 'src/entries/iife.ts',
    output: { file: 'dist/waymark.iife.js', format: 'iife', sourcemap: false },
    plugins: [nodeResolve({ browser: true }), ts(), min()],
  },
  // the parts the script-tag build loads on demand, from its own folder
  {
    input: { 'waymark.vitals': 'src/entries/vitals.ts' },
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js' },
    plugins: [nodeResolve({ browser: true }), ts(), min()],
  },
  // the npm entries: dependencies stay imports, so that the app's bundler dedupes them
  {
    input: { index: 'src/index.ts', schema: 'src/schema/index.ts' },
    external: [/^zod/, 'idb-keyval', 'web-vitals'],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
    plugins: [ts()],
  },
];
