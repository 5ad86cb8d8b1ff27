// Checks the gzip size of each built file against its budget in package.json (SPEC.md, Budgets).
// Bytes are deterministic, so this runs in CI as part of `npm test`; timings live in the benchmark.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const { sizeBudgets } = JSON.parse(readFileSync('package.json', 'utf8'));
// `gzip -9c file`, the tool itself: its deflate is not zlib's, and comes out some 20 B larger here
const gzip = (file) => execFileSync('gzip', ['-9c', file]).length;
const files = readdirSync('dist').filter((f) => /^waymark\..+\.js$/.test(f));
// only a refused config loads the wording of its issues: no working page does
const ERROR_ONLY = new Set(['waymark.issues.js']);
// a page sends from a worker (remote) or from its own thread, which alone may need the lease (no
// Web Locks), the Segment format (a worker sends the plain one) or the queue in memory (a worker
// needs IndexedDB): never both
const EITHER = [['waymark.remote.js'], ['waymark.lease.js', 'waymark.reshape.js', 'waymark.memory.js']];
const sizes = {};
let failed = false;
let total = 0;

for (const file of files) {
  const budget = file === 'waymark.iife.js' ? sizeBudgets.core : sizeBudgets.lazy;
  const size = gzip(`dist/${file}`);
  sizes[file] = size;
  if (!ERROR_ONLY.has(file) && !EITHER.flat().includes(file)) total += size;
  const ok = size <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} dist/${file}: ${size} B gzip (budget ${budget} B)`);
}
// the npm build's sending worker: what an app that imports waymark downloads beside its bundle
{
  const size = gzip('dist/chunks/worker.mjs');
  const ok = size <= sizeBudgets.lazy;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} dist/chunks/worker.mjs: ${size} B gzip (budget ${sizeBudgets.lazy} B)`);
}
if (!files.includes('waymark.iife.js')) {
  console.log('MISSING dist/waymark.iife.js: run the build first');
  failed = true;
}
total += Math.max(...EITHER.map((group) => group.reduce((sum, file) => sum + (sizes[file] ?? 0), 0)));
const ok = total <= sizeBudgets.everything;
failed ||= !ok;
console.log(`${ok ? 'ok  ' : 'OVER'} everything a page with every feature loads: ${total} B gzip (budget ${sizeBudgets.everything} B)`);
process.exit(failed ? 1 : 0);
