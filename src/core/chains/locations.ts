import type { HeapSnapshot, SourceLocation } from '../snapshot.ts';

const NO_NODE = 0xffffffff;
const SCRIPT_PREFIX = 'system / Script / ';

/** The source location V8 recorded for a closure (binary search over the node-sorted `locations`). */
export function locationOf(snapshot: HeapSnapshot, node: number): SourceLocation | undefined {
  const nodes = snapshot.locationNode;
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = nodes[mid];
    if (value < node) low = mid + 1;
    else if (value > node) high = mid - 1;
    else {
      const location: SourceLocation = {
        scriptId: snapshot.locationScriptId[mid],
        line: snapshot.locationLine[mid],
        column: snapshot.locationColumn[mid],
      };
      const scriptNode = snapshot.locationScriptNode[mid];
      if (scriptNode !== NO_NODE) {
        const name = snapshot.strings.get(snapshot.nodeName[scriptNode]);
        if (name.startsWith(SCRIPT_PREFIX) && name.length > SCRIPT_PREFIX.length) {
          location.url = name.slice(SCRIPT_PREFIX.length);
        }
      }
      return location;
    }
  }
  return undefined;
}
