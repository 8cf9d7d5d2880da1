/**
 * Everything the panel needs from Chrome, behind one interface: the only panel file that touches chrome.*.
 * The controller and components get a PanelHost, so they read as plain code and a test can hand in a fake.
 */
import { attachChromeDebugger } from '../cdp/chrome-debugger-connection.ts';
import type { CdpConnection } from '../cdp/connection.ts';
import {
  chromeTrustedEndpointDeps,
  findTrustedEndpoint,
  sessionUrls,
  type TrustedEndpoint,
} from '../cdp/trusted-endpoint.ts';
import { connectWebSocket } from '../cdp/websocket-connection.ts';

export interface PanelHost {
  readonly inspectedTabId: number;
  readonly extensionId: string;
  theme(): 'light' | 'dark';
  /** Told when the user switches DevTools' theme while the panel is open. */
  onThemeChange(handler: (theme: 'light' | 'dark') => void): void;
  /** Opens a script in DevTools' Sources panel; `line` and `column` are 0-based like V8's (and DevTools'). */
  openResource(url: string, line: number, column: number): void;
  findTrustedEndpoint(): Promise<TrustedEndpoint | null>;
  connectTrusted(endpoint: TrustedEndpoint): Promise<CdpConnection>;
  /** The untrusted chrome.debugger connection quick mode uses; call from a click (it shows an infobar). */
  attachDebugger(): Promise<CdpConnection>;
}

export function createChromePanelHost(): PanelHost {
  const tabId = chrome.devtools.inspectedWindow.tabId;
  return {
    inspectedTabId: tabId,
    extensionId: chrome.runtime.id,
    theme: () => (chrome.devtools.panels.themeName === 'dark' ? 'dark' : 'light'),
    onThemeChange: (handler) =>
      chrome.devtools.panels.setThemeChangeHandler?.((theme) => handler(theme === 'dark' ? 'dark' : 'light')),
    openResource: (url, line, column) =>
      chrome.devtools.panels.openResource(url, line, column, () => undefined),
    findTrustedEndpoint: () => findTrustedEndpoint(tabId, chromeTrustedEndpointDeps()),
    connectTrusted: (endpoint) => {
      const { wsUrl, snapshotStreamUrl } = sessionUrls(endpoint);
      return connectWebSocket(wsUrl, { connectTimeoutMs: 5000, snapshotStreamUrl });
    },
    attachDebugger: () => attachChromeDebugger(tabId),
  };
}
