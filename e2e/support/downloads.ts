import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';

interface WillBegin {
  guid: string;
  suggestedFilename: string;
}

interface Progress {
  guid: string;
  state: 'inProgress' | 'completed' | 'canceled';
}

/**
 * Runs `action` and waits for the download it starts to complete (Browser.setDownloadBehavior with events on,
 * set up by launchExtensionBrowser). Returns the saved file's path. Works for <a download> in the DevTools panel,
 * which Playwright's own download events do not see.
 */
export async function downloadFrom(
  browser: CDPSession,
  downloadDir: string,
  action: () => Promise<void>,
  timeoutMs = 30_000,
): Promise<string> {
  let started: WillBegin | undefined;
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('no download completed')), timeoutMs);
    const onBegin = (event: WillBegin) => (started ??= event);
    const onProgress = (event: Progress) => {
      if (!started || event.guid !== started.guid) return;
      if (event.state === 'completed') finish(undefined, join(downloadDir, started.suggestedFilename));
      if (event.state === 'canceled') finish(new Error(`download ${started.suggestedFilename} was canceled`));
    };
    const finish = (error: Error | undefined, path?: string) => {
      clearTimeout(timer);
      browser.off('Browser.downloadWillBegin', onBegin);
      browser.off('Browser.downloadProgress', onProgress);
      if (error) reject(error);
      else resolve(path!);
    };
    browser.on('Browser.downloadWillBegin', onBegin);
    browser.on('Browser.downloadProgress', onProgress);
  });
  await action();
  return done;
}
