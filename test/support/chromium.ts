import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM_PATH = process.env.LEAKS_CHROMIUM ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** What Chromium needs in this sandbox and in CI: no sandbox as root, no GPU, no network but loopback. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** Closes the browser (killing it if it does not exit in time) and removes the profile directory. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; `close()` is safe to call more than once. */
export async function launchChromium(options: { extraArgs?: string[] } = {}): Promise<LaunchedChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'leaks-chromium-'));
  const context = await chromium
    .launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])],
      timeout: 30_000,
    })
    .catch((error: unknown) => {
      rmSync(profileDir, { recursive: true, force: true });
      throw error;
    });
  let closing: Promise<void> | undefined;
  return {
    context,
    close: () =>
      (closing ??= (async () => {
        // A browser that hangs on close is left to Playwright, which kills its children when Node exits.
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          context.close().catch(() => undefined),
          new Promise<void>((resolveTimeout) => (timer = setTimeout(resolveTimeout, 10_000))),
        ]);
        clearTimeout(timer);
        rmSync(profileDir, { recursive: true, force: true });
      })()),
  };
}
