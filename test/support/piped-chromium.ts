import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { openChromePipe, type ChromePipe } from '../../src/cli/chrome-pipe.ts';
import { spawnChrome, type ChromeProcess } from '../../src/cli/launch-chrome.ts';
import { findFreePort, waitForDebuggingPort } from '../../src/cli/launch-port.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.ts';

/**
 * Chromium started as `leaks browser` starts it: our process holds its `--remote-debugging-pipe=cbor` (the
 * relay's side), and Playwright drives the browser over its remote-debugging port. (Playwright's own launch
 * would take the pipe for itself.)
 */
export interface PipedChromium {
  pipe: ChromePipe;
  process: ChromeProcess;
  /** Chromium's remote-debugging port, which Playwright is connected to. */
  port: number;
  browser: Browser;
  /** The profile's one context. */
  context: BrowserContext;
  profileDir: string;
  /** Stops the browser (killing it if it hangs) and removes the profile unless the caller owns it. */
  close(): Promise<void>;
}

/**
 * Only the process and its pipe, no Playwright: for a process that is to hold the pipe while Playwright runs
 * elsewhere (e2e/support/relay-host.ts). The debugging port is not yet open when this returns.
 */
export function spawnPipedChromium(options: { args?: string[]; profileDir: string; port: number }): {
  process: ChromeProcess;
  pipe: ChromePipe;
} {
  const process = spawnChrome(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_FLAGS,
      '--headless',
      `--user-data-dir=${options.profileDir}`,
      '--remote-debugging-pipe=cbor',
      `--remote-debugging-port=${options.port}`,
      ...(options.args ?? []),
      'about:blank',
    ],
    { quiet: true },
  );
  return { process, pipe: openChromePipe(process.pipe.toChrome, process.pipe.fromChrome) };
}

export async function launchPipedChromium(
  options: { args?: string[]; profileDir?: string; port?: number } = {},
): Promise<PipedChromium> {
  const ownsProfile = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'leaks-chromium-'));
  const port = options.port ?? (await findFreePort());
  const { process, pipe } = spawnPipedChromium({ args: options.args, profileDir, port });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined); // disconnects; the process is ours to stop
    await process.stop(5000);
    if (ownsProfile) rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    await waitForDebuggingPort(port, { exited: process.exited, timeoutMs: 30_000 });
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 30_000 });
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    return { pipe, process, port, browser, context, profileDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
