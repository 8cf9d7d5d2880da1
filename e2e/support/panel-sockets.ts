import type { TargetSession } from './target-session.ts';

/**
 * Keeps every WebSocket the panel opens from now on in `window.__leaksSockets`, so a test can drop the trusted
 * connection mid-capture. The socket stays the browser's own; only its constructor is wrapped, before the panel
 * connects (it connects on the first Record click).
 */
export function trackPanelSockets(panel: TargetSession): Promise<unknown> {
  return panel.evaluate(`(() => {
    const Native = WebSocket;
    window.__leaksSockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); window.__leaksSockets.push(this); }
    };
    return true;
  })()`);
}

/** Closes the panel's open sockets; resolves to how many it closed. */
export function dropPanelSockets(panel: TargetSession): Promise<number> {
  return panel.evaluate<number>(`window.__leaksSockets
    .filter((s) => s.readyState === WebSocket.OPEN)
    .map((s) => s.close(4000, 'dropped by the test')).length`);
}
