import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotDist, type DistSnapshot } from './server';
import { sleep, waitFor } from './wait';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist') + sep;
// entries that are not parts loaded on demand by the script-tag build
const NOT_CHUNKS = new Set(['iife', 'npm', 'worker', 'script-config']);

/** The on-demand parts the script-tag build loads from its folder: one per src/entries/<name>.ts. */
export const chunkFiles = (): string[] =>
  readdirSync(join(ROOT, 'src', 'entries'))
    .filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !NOT_CHUNKS.has(name))
    .map((name) => `waymark.${name}.js`);

const missing = (dir: string) => ['waymark.iife.js', ...chunkFiles()].filter((f) => !existsSync(join(dir, f)));

/**
 * `snapshotDist`, once dist/ holds the IIFE and every on-demand part. A build running in the same
 * checkout writes waymark.iife.js seconds before the parts: a snapshot taken in between would
 * fail every test that needs a part (chat, interactions, vitals) for no fault of the SDK.
 */
export async function snapshotCompleteDist(timeoutMs = 45_000): Promise<DistSnapshot> {
  for (let attempt = 0; ; attempt++) {
    await waitFor(() => missing(DIST).length === 0, timeoutMs, 'a complete dist/ (run `npm run build` first)', () => `missing ${missing(DIST).join(', ')}`, 250);
    // the last part of a build is written in one go: a moment for its siblings to land
    await sleep(300);
    const snapshot = await snapshotDist();
    const lost = missing(snapshot.dir);
    if (!lost.length) return snapshot;
    await snapshot.remove();
    // a rebuild removed dist/ while it was being copied
    if (attempt >= 2) throw new Error(`dist/ kept changing while it was copied (missing ${lost.join(', ')})`);
  }
}
