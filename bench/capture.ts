/**
 * Headless Chromium + CDP heap snapshots for the benchmark. Chunks go straight to disk with fs.writeSync as they
 * arrive (never joined: a 600 MB snapshot does not fit in one V8 string).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/support/chromium.ts';

const chromiumFlags = [
  ...CHROMIUM_FLAGS,
  // Big synthetic pages (600 MB–2 GB snapshots) need more than V8's default old space.
  '--js-flags=--max-old-space-size=8192',
];

export interface CapturingPage {
  readonly page: Page;
  /** Forces a GC, then streams a full heap snapshot to `file`; resolves with Chrome's own time in seconds. */
  snapshotTo(file: string): Promise<number>;
  close(): Promise<void>;
}

export async function openCapturingPage(): Promise<CapturingPage> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-bench-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumFlags,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent('<!doctype html><html><head><title>leaks bench</title></head><body></body></html>');
  // One HeapProfiler session for all snapshots of a set: disabling it would reset object ids.
  const session: CDPSession = await context.newCDPSession(page);
  await session.send('HeapProfiler.enable');
  let sink: number | undefined;
  session.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => {
    if (sink !== undefined) fs.writeSync(sink, chunk);
  });

  return {
    page,
    async snapshotTo(file) {
      await session.send('HeapProfiler.collectGarbage');
      const partial = `${file}.partial`;
      sink = fs.openSync(partial, 'w');
      const started = performance.now();
      try {
        await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      } finally {
        fs.closeSync(sink);
        sink = undefined;
      }
      const seconds = (performance.now() - started) / 1000;
      fs.renameSync(partial, file);
      return seconds;
    },
    async close() {
      // Closing the context, not detaching the session: detach after a snapshot was seen to hang.
      await context.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
