import { test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { serveDirectory, type StaticServer } from '../../test/support/static-server.ts';
import { LeaksPanel } from './devtools-driver.ts';
import {
  launchExtensionBrowser,
  type ExtensionBrowser,
  type LaunchExtensionOptions,
} from './extension-browser.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));

export interface PanelSession {
  browser: ExtensionBrowser;
  server: StaticServer;
  panel: LeaksPanel;
  close(): Promise<void>;
}

/**
 * Everything one spec needs: the fixture server, Chromium with the extension, the fixture page loaded in the
 * inspected tab, and the Leaks panel open in its DevTools. `close()` always tears all of it down.
 */
export async function openPanelOn(path: string, options: LaunchExtensionOptions): Promise<PanelSession> {
  const server = await serveDirectory(FIXTURES_DIR);
  let browser: ExtensionBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server.close();
  };
  try {
    browser = await launchExtensionBrowser(options);
    await browser.page.goto(`${server.origin}${path}`);
    const panel = await LeaksPanel.open(browser.browserSession, browser.page);
    return { browser, server, panel, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * For a spec file: returns an `openPanel` that works like openPanelOn and closes every panel it opened after each
 * test, so no spec repeats the session bookkeeping.
 */
export function panelsClosedAfterEach(): (
  path: string,
  options: LaunchExtensionOptions,
) => Promise<PanelSession> {
  const opened: PanelSession[] = [];
  test.afterEach(async () => {
    for (const session of opened.splice(0)) await session.close();
  });
  return async (path, options) => {
    const session = await openPanelOn(path, options);
    opened.push(session);
    return session;
  };
}
