import type { Worker } from 'playwright-core';
import { waitUntil } from './devtools-driver.ts';
import type { TargetSession } from './target-session.ts';

export interface SavedSession {
  /** File name → size in bytes. */
  files: Record<string, number>;
  /** Roles listed in the session's checkpoints.json (what a restore brings back). */
  indexedRoles: string[];
}

/** Lists one saved session in the extension's OPFS; runs in any extension realm (panel or service worker). */
const LIST_SESSION = `async (sessionName) => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(sessionName).catch(() => null);
  const files = {};
  let indexedRoles = [];
  if (!dir) return { files, indexedRoles };
  for await (const [name, handle] of dir.entries()) {
    const file = await handle.getFile();
    files[name] = file.size;
    if (name === 'checkpoints.json') indexedRoles = JSON.parse(await file.text()).map((c) => c.role);
  }
  return { files, indexedRoles };
}`;

export function savedSessionFromPanel(panel: TargetSession, tabId: number): Promise<SavedSession> {
  return panel.evaluate<SavedSession>(`(${LIST_SESSION})('leaks-session-tab-${tabId}')`);
}

export function savedSessionFromServiceWorker(serviceWorker: Worker, tabId: number): Promise<SavedSession> {
  return serviceWorker.evaluate(`(${LIST_SESSION})('leaks-session-tab-${tabId}')`) as Promise<SavedSession>;
}

/** The panel's saved session once its index names `count` checkpoints: saved copies are written after the results
 * (src/worker/save-queue.ts). */
export function savedSessionOnceIndexed(
  panel: TargetSession,
  tabId: number,
  count: number,
): Promise<SavedSession> {
  return waitUntil(`${count} checkpoints saved`, async () => {
    const contents = await savedSessionFromPanel(panel, tabId);
    return contents.indexedRoles.length >= count ? contents : null;
  });
}
