import type { CdpConnection } from '../../cdp/connection.ts';
import { takeListenerInventory } from '../../capture/quick-checkpoint.ts';
import type { ListenerHint } from '../../core/index.ts';

/**
 * Event types for the report's listener steps: the page's listener inventory, keyed by handler location, which
 * the engine matches against the closures in the heap snapshot. Best effort: without it the report still says
 * "event listener on Window", so a failure here never fails the capture.
 */
export async function readListenerHints(conn: CdpConnection): Promise<ListenerHint[]> {
  try {
    const listeners = await takeListenerInventory(conn);
    return listeners.map((listener) => ({
      handlerLocation: {
        scriptId: listener.location.scriptId,
        line: listener.location.line,
        column: listener.location.column,
      },
      type: listener.type,
      target: listener.target,
    }));
  } catch {
    return [];
  }
}
