import type { BrowserContext, Worker } from 'playwright-core';

/** The extension's service worker (MV3 may start it lazily), to call chrome.* APIs as the extension itself. */
export async function extensionServiceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

/**
 * Whether our extension already holds chrome.debugger on a tab: a second attach by the same extension fails
 * with "Another debugger is already attached". A free tab is attached and detached again, which would reset V8's
 * heap object ids — fine for quick mode and for tabs no snapshot is taken of.
 */
export function extensionDebuggerAttached(serviceWorker: Worker, tabId: number): Promise<boolean> {
  return serviceWorker.evaluate(async (id) => {
    try {
      await chrome.debugger.attach({ tabId: id }, '1.3');
    } catch (error) {
      if (/already attached/i.test(String(error))) return true;
      throw error;
    }
    await chrome.debugger.detach({ tabId: id });
    return false;
  }, tabId);
}

/** The id chrome.tabs gives the tab showing `url` (tabs.query needs no "tabs" permission for the id). */
export async function tabIdOf(serviceWorker: Worker, url: string): Promise<number> {
  const targets = await serviceWorker.evaluate(() => chrome.debugger.getTargets());
  const target = targets.find((t) => t.type === 'page' && t.url === url && t.tabId !== undefined);
  if (target?.tabId === undefined) throw new Error(`no tab shows ${url}`);
  return target.tabId;
}
