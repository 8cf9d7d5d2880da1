import type { CDPSession } from 'playwright-core';
import type { CdpConnection, CdpEventHandler } from './connection.ts';
import { errorMessage } from '../shared/error-message.ts';

const DETACH_TIMEOUT_MS = 2_000;

/** The loosely typed view of a CDPSession we need: Playwright types `send`/`on` per protocol method. */
interface UntypedSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on(event: 'event', listener: (data: { method: string; params?: unknown }) => void): unknown;
  off(event: 'event', listener: (data: { method: string; params?: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  detach(): Promise<void>;
}

/**
 * A CdpConnection over a Playwright CDPSession (Node side: tests, bench, the CLI). Events are routed from the
 * session's catch-all 'event' stream so any CDP event name works without Playwright's typed overloads.
 */
export function createPlaywrightConnection(session: CDPSession): CdpConnection {
  const raw = session as unknown as UntypedSession;
  const closeHandlers = new Set<(reason: string) => void>();
  let closedReason: string | undefined;

  const markClosed = (reason: string): void => {
    if (closedReason !== undefined) return;
    closedReason = reason;
    raw.off('close', onSessionClose);
    for (const handler of [...closeHandlers]) handler(reason);
    closeHandlers.clear();
  };
  const onSessionClose = (): void => markClosed('CDP session closed (page, context or browser closed)');
  raw.on('close', onSessionClose);

  return {
    kind: 'node',

    async send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T> {
      if (closedReason !== undefined) throw new Error(`CDP ${method} failed: ${closedReason}`);
      try {
        return (await raw.send(method, params)) as T;
      } catch (error) {
        const message = errorMessage(error);
        throw new Error(`CDP ${method} failed: ${message}`, { cause: error });
      }
    },

    on(event: string, handler: CdpEventHandler): () => void {
      const listener = (data: { method: string; params?: unknown }): void => {
        if (data.method === event) handler(data.params ?? {});
      };
      raw.on('event', listener);
      return () => raw.off('event', listener);
    },

    onClose(handler: (reason: string) => void): () => void {
      if (closedReason !== undefined) {
        // Late subscribers still hear about the close, but asynchronously like a real event.
        const reason = closedReason;
        queueMicrotask(() => handler(reason));
        return () => {};
      }
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },

    async close(): Promise<void> {
      if (closedReason !== undefined) return;
      // Detaching right after a heap snapshot has hung in CI (DESIGN §7); callers who own the page should
      // prefer closing it. Here we detach but do not wait forever.
      markClosed('connection closed by caller');
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        raw.detach().catch(() => {}),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, DETACH_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
    },
  };
}
