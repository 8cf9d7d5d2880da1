import type { CdpConnection } from '../../cdp/connection.ts';
import { takeListenerInventory } from '../../capture/quick-checkpoint.ts';
import type { LeakReport, ListenerHint, SourceLocation } from '../../core/index.ts';

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

const locationKey = (location: Pick<SourceLocation, 'scriptId' | 'line' | 'column'>): string =>
  `${location.scriptId}:${location.line}:${location.column}`;

/**
 * Handler locations the report shows without an event type: listener steps of the chains and added listeners.
 * Empty means an inventory could not add anything, so it is not read at all.
 */
export function unnamedListenerLocations(report: LeakReport): Set<string> {
  const wanted = new Set<string>();
  for (const leak of report.leaks) {
    for (const step of leak.readableChain) {
      // An untyped step reads "event listener on …" (readable-chain.ts).
      if (step.kind === 'listener' && step.location && step.text.startsWith('event listener on '))
        wanted.add(locationKey(step.location));
    }
  }
  for (const added of report.listeners.added)
    if (added.location && !added.type) wanted.add(locationKey(added.location));
  return wanted;
}

/** Whether the inventory names at least one of the wanted handler locations. */
export function hintsName(hints: readonly ListenerHint[], wanted: ReadonlySet<string>): boolean {
  return hints.some((hint) => wanted.has(locationKey(hint.handlerLocation)));
}
