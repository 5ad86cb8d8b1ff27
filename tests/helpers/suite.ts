import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser';
import { snapshotCompleteDist } from './dist';
import { startServer, type DistSnapshot, type TestServer } from './server';

/**
 * The life cycle every real-browser file shares: one Chromium and one copy of dist/ per file, a
 * fresh server (so a fresh origin and queue) per test, pages closed after each test.
 */
export function useBrowserSuite(onBrowser: (browser: TestBrowser) => void, onServer: (server: TestServer) => void, options?: Parameters<typeof launchBrowser>[0]): void {
  let dist: DistSnapshot | undefined;
  let browser: TestBrowser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    dist = await snapshotCompleteDist();
    onBrowser((browser = await launchBrowser(options)));
  });
  afterAll(async () => {
    await browser?.close();
    await dist?.remove();
  });
  beforeEach(async () => onServer((server = await startServer(dist!.dir))));
  afterEach(async () => {
    await browser?.closePages();
    await server?.close();
  });
}
