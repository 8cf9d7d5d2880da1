import type { HeapSnapshot } from '../snapshot.ts';
import type { TypeCodes } from './node-kinds.ts';
import { uint8Array, type Scratch } from './scratch.ts';

export const DOM_UNKNOWN = 0;
export const DOM_ATTACHED = 1;
export const DOM_DETACHED = 2;

/**
 * Propagates DOM attachedness from the nodes that know it (Blink writes 1 attached / 2 detached) to the native
 * nodes they hold, as DevTools' propagateDOMState does: attached wins, state does not flow through JS objects (every
 * entry from JS into embedder objects knows its own state). Snapshots older than the detachedness field fall back to
 * the `Detached ` name prefix.
 */
export function propagateDomState(snapshot: HeapSnapshot, codes: TypeCodes, scratch?: Scratch): Uint8Array {
  const count = snapshot.nodeCount;
  const state = uint8Array(scratch, count);
  state.set(snapshot.nodeDetachedness.subarray(0, count));
  const visited = uint8Array(scratch, count);
  const { nodeType, firstEdge, edgeToNode, edgeType } = snapshot;
  const native = codes.native;
  const attached: number[] = [];
  const detached: number[] = [];
  const enqueue = (node: number, newState: number): void => {
    if (visited[node] !== 0) return;
    visited[node] = 1;
    if (nodeType[node] !== native) return;
    state[node] = newState;
    (newState === DOM_ATTACHED ? attached : detached).push(node);
  };
  const detachedPrefix = snapshot.strings.matchPrefixes(['Detached ']);
  for (let node = 0; node < count; node++) {
    let known = state[node];
    if (known === DOM_UNKNOWN && nodeType[node] === native && detachedPrefix[snapshot.nodeName[node]] === 1) {
      known = DOM_DETACHED;
    }
    if (known !== DOM_UNKNOWN) enqueue(node, known);
  }
  const propagate = (parent: number, newState: number): void => {
    for (let edge = firstEdge[parent]; edge < firstEdge[parent + 1]; edge++) {
      if (edgeType[edge] !== codes.edgeWeak) enqueue(edgeToNode[edge], newState);
    }
  };
  while (attached.length > 0) propagate(attached.pop()!, DOM_ATTACHED);
  while (detached.length > 0) {
    const node = detached.pop()!;
    if (state[node] !== DOM_ATTACHED) propagate(node, DOM_DETACHED);
  }
  scratch?.give(visited);
  return state;
}
