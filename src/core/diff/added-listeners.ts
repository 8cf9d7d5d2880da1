import type { AddedListener } from '../report/model.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { listenerNames } from '../analysis/listeners.ts';
import { NO_PARENT } from '../graph/distances.ts';
import { locationOf } from '../chains/locations.ts';
import { formatLocationFile } from '../report/format.ts';
import {
  describeListenerTarget,
  isListenerPlumbing,
  type ListenerTypeLookup,
} from '../chains/listener-plumbing.ts';

/** The JS function a V8EventListener calls: its first edge to a closure. */
export function listenerHandler(analysis: HeapAnalysis, listener: number): number | undefined {
  const { snapshot, codes } = analysis;
  for (let edge = snapshot.firstEdge[listener]; edge < snapshot.firstEdge[listener + 1]; edge++) {
    const target = snapshot.edgeToNode[edge];
    if (snapshot.nodeType[target] === codes.closure) return target;
  }
  return undefined;
}

/** The event target holding a listener: up the BFS tree past Blink's listener plumbing. */
export function listenerTarget(analysis: HeapAnalysis, listener: number): number | undefined {
  const { snapshot, bfsParent } = analysis;
  let node = bfsParent[listener];
  for (let steps = 0; node !== NO_PARENT && node !== 0 && steps < 16; steps++) {
    if (!isListenerPlumbing(snapshot.strings.get(snapshot.nodeName[node]))) return node;
    node = bfsParent[node];
  }
  return undefined;
}

/**
 * Listeners registered by the action and still alive, grouped by target × type × handler location so a pile-up
 * reads as one row with a count (`'resize' on Window → onResize page.html:12:3 ×3`).
 */
export function addedListeners(
  analysis: HeapAnalysis,
  isCandidate: Uint8Array,
  listenerType: ListenerTypeLookup,
): AddedListener[] {
  const { snapshot } = analysis;
  const [listenerName, onHandlerName] = listenerNames(snapshot);
  const groups = new Map<string, AddedListener>();
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const name = snapshot.nodeName[node];
    if ((name !== listenerName && name !== onHandlerName) || isCandidate[node] === 0) continue;
    const handler = listenerHandler(analysis, node);
    const location = handler !== undefined ? locationOf(snapshot, handler) : undefined;
    const type = location ? listenerType(location) : undefined;
    const target = describeListenerTarget(analysis, listenerTarget(analysis, node));
    const handlerLabel =
      handler !== undefined ? snapshot.strings.get(snapshot.nodeName[handler]) || '(anonymous)' : '(unknown)';
    const key = `${target}\u0000${type ?? ''}\u0000${handlerLabel}\u0000${location ? formatLocationFile(location) : ''}`;
    const group = groups.get(key);
    if (group) group.count++;
    else {
      groups.set(key, {
        target,
        ...(type ? { type } : {}),
        handler: handlerLabel,
        ...(location ? { location } : {}),
        count: 1,
      });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
