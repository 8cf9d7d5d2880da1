import type { HeapSnapshot } from '../snapshot.ts';

export const V8_EVENT_LISTENER = 'V8EventListener';
/** `el.onclick = fn` handlers: Memory.getDOMCounters().jsEventListeners counts them too (measured on the demo app). */
export const V8_EVENT_HANDLER = 'V8EventHandlerNonNull';

/** String indexes of the listener node names, -1 when absent (names are interned: compare indexes, not strings). */
export function listenerNames(snapshot: HeapSnapshot): [number, number] {
  const [listener, handler] = snapshot.strings.indexesOf([V8_EVENT_LISTENER, V8_EVENT_HANDLER]);
  return [listener, handler];
}

/**
 * JS event listeners alive: one `V8EventListener` native per addEventListener listener and one
 * `V8EventHandlerNonNull` per `on*` handler. Their sum equals Memory.getDOMCounters().jsEventListeners on
 * Chromium 156 (measured on the fixture pages; DESIGN.md §3 counted a page without `on*` handlers).
 */
export function countEventListeners(snapshot: HeapSnapshot): number {
  const [listener, handler] = listenerNames(snapshot);
  if (listener < 0 && handler < 0) return 0;
  let count = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const name = snapshot.nodeName[node];
    if (name === listener || name === handler) count++;
  }
  return count;
}
