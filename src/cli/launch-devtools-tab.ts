import { WebSocket } from 'ws';
import type { CdpConnection } from '../cdp/connection.ts';
import { connectWebSocket } from '../cdp/websocket-connection.ts';
import type { WebSocketConstructor } from '../cdp/websocket-connection.ts';

/**
 * Brings the Leaks tab to the front of the DevTools window that --auto-open-devtools-for-tabs opened.
 *
 * Measured on Chromium 156: no preference can do it. DevTools restores `panel-selected-tab` only while building its
 * tab strip, before any extension panel exists, and `ExtensionPanel.show()` only works inside a user action. So
 * we do what a user does: the launcher owns the debugging port, attaches to the DevTools page target and sends
 * the tab header the `mousedown` that DevTools' TabbedPane selects tabs on (tab id `<origin><title>`, header id
 * `tab-<tab id>`). Best effort: on failure the user clicks the tab themselves.
 */
export async function selectDevToolsPanel(
  port: number,
  tabId: string,
  options: { timeoutMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const wsUrl = await waitFor(deadline, () => findDevToolsTarget(port));
  if (!wsUrl) return false;
  const conn = await connectWebSocket(wsUrl, { WebSocketImpl: WebSocket as unknown as WebSocketConstructor });
  try {
    const outcome = await waitFor(deadline, async () => {
      const state = await clickTabHeader(conn, tabId);
      return state === 'selected' ? state : undefined;
    });
    return outcome === 'selected';
  } finally {
    await conn.close();
  }
}

async function findDevToolsTarget(port: number): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  const targets = (await response.json()) as { type: string; url: string; webSocketDebuggerUrl?: string }[];
  return targets.find((t) => t.type === 'page' && t.url.startsWith('devtools://devtools/'))
    ?.webSocketDebuggerUrl;
}

/** Finds the header through the shadow roots DevTools draws into; clicks it unless it is already selected. */
async function clickTabHeader(conn: CdpConnection, tabId: string): Promise<string> {
  const expression = `(() => {
    const headerId = ${JSON.stringify(`tab-${tabId}`)};
    const find = (root) => {
      const hit = root.getElementById?.(headerId) ?? root.querySelector?.('[id="' + CSS.escape(headerId) + '"]');
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
      return null;
    };
    const header = find(document);
    if (!header) return 'missing';
    if (header.getAttribute('aria-selected') === 'true') return 'selected';
    header.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
    return header.getAttribute('aria-selected') === 'true' ? 'selected' : 'clicked';
  })()`;
  const { result } = await conn.send<{ result: { value?: string } }>('Runtime.evaluate', {
    expression,
    returnByValue: true,
  });
  return result.value ?? 'missing';
}

async function waitFor<T>(deadline: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // DevTools still loading: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}
