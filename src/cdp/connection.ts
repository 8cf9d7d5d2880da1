/**
 * The one interface every CDP source implements: chrome.debugger (untrusted), the browser's remote-debugging
 * WebSocket (trusted) and Node/Playwright. Capture code only sees this; it never branches on the source, only on
 * the optional capability below.
 */
export type CdpEventHandler = (params: unknown) => void;

export interface CdpConnection {
  /** Where the connection goes, for the UI: which capabilities it has is probed, not assumed. */
  readonly kind: 'chrome-debugger' | 'trusted-websocket' | 'node';
  /**
   * Set when the bytes of each HeapProfiler.takeHeapSnapshot can be read from this URL (one GET per snapshot,
   * opened before the command) instead of arriving as chunk events: `leaks browser`'s relay offers it.
   */
  readonly snapshotStreamUrl?: string;
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Subscribes to a CDP event; returns the unsubscribe function. */
  on(event: string, handler: CdpEventHandler): () => void;
  /** Called once when the connection ends for any reason (tab closed, debugger detached, socket dropped). */
  onClose(handler: (reason: string) => void): () => void;
  close(): Promise<void>;
}
