import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh Chromium profile. Chrome 136+ only honours --remote-debugging-port with a non-default user data dir
 * (DESIGN.md §2), and a throwaway profile keeps the user's own browsing data out of reach of that port.
 *
 * DevTools reads its settings from `Default/Preferences` → `devtools.preferences`, each value a JSON string.
 * Dock at the bottom so tab headers have room (docked right, an extension's tab hides behind »), and order the
 * Leaks tab (id `<extension origin><panel title>`) right after Elements: DevTools inserts a late extension panel
 * before the first tab with a higher `panel-tab-order` value, otherwise at the very end.
 * `panel-selected-tab` is seeded too, but measured on Chromium 156 it does not select an extension panel
 * (restored before extension panels exist); see launch-devtools-tab.ts for what does.
 */
export function createProfile(extensionOrigin: string, panelTitle = 'Leaks'): string {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-profile-'));
  const leaksTab = panelTabId(extensionOrigin, panelTitle);
  const preferences = {
    devtools: {
      preferences: {
        currentDockState: JSON.stringify('bottom'),
        'panel-selected-tab': JSON.stringify(leaksTab),
        'panel-tab-order': JSON.stringify({ elements: 10, [leaksTab]: 11, console: 20 }),
      },
    },
  };
  fs.mkdirSync(path.join(profileDir, 'Default'), { recursive: true });
  fs.writeFileSync(path.join(profileDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  return profileDir;
}

/** DevTools names an extension panel's tab `<extension origin><panel title>`. */
export function panelTabId(extensionOrigin: string, panelTitle = 'Leaks'): string {
  return `${extensionOrigin}${panelTitle}`;
}

/** Chromium may still be flushing files for a moment after exit, so retry. */
export function removeProfile(profileDir: string): void {
  fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 15, retryDelay: 300 });
}
