import type { HeapSnapshot } from '../snapshot.ts';

export const V8_EVENT_LISTENER = 'V8EventListener';

/** The string index of a name, or -1 (names are interned: compare indexes, not strings, per node). */
export function stringIndex(snapshot: HeapSnapshot, value: string): number {
  return snapshot.strings.indexOf(value);
}

/**
 * JS event listeners alive: one `V8EventListener` native per listener registered from JS. On Chromium 156 this count
 * equals Memory.getDOMCounters().jsEventListeners (measured; DESIGN.md §3).
 */
export function countEventListeners(snapshot: HeapSnapshot): number {
  const name = stringIndex(snapshot, V8_EVENT_LISTENER);
  if (name < 0) return 0;
  let count = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) if (snapshot.nodeName[node] === name) count++;
  return count;
}
