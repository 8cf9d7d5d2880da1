import type { HeapSnapshot } from '../snapshot.ts';
import type { TypeCodes } from './node-kinds.ts';
import type { Scratch } from './scratch.ts';

export const ROOT_ORDINAL = 0;

/**
 * User roots as DevTools defines them: the root's non-synthetic children (Window objects, reached by shortcut
 * edges) and the synthetic "(Document DOM trees)" node.
 */
export function userRoots(snapshot: HeapSnapshot, codes: TypeCodes): number[] {
  const roots: number[] = [];
  for (let edge = snapshot.firstEdge[ROOT_ORDINAL]; edge < snapshot.firstEdge[ROOT_ORDINAL + 1]; edge++) {
    const child = snapshot.edgeToNode[edge];
    const synthetic = snapshot.nodeType[child] === codes.synthetic;
    if (!synthetic || snapshot.strings.get(snapshot.nodeName[child]) === '(Document DOM trees)')
      roots.push(child);
  }
  return roots;
}

/**
 * Marks the nodes a page owns: everything reachable over non-weak edges from the user roots
 * (DevTools' JSHeapSnapshot.markPageOwnedNodes). Dominator computation ignores edges from non-page to page nodes.
 */
export function markPageOwned(snapshot: HeapSnapshot, codes: TypeCodes, scratch?: Scratch): Uint8Array {
  const pageOwned = new Uint8Array(snapshot.nodeCount);
  // One word more than needed, so the retainer index can reuse it as its offsets (nodeCount + 1 words).
  const stack = new Uint32Array(snapshot.nodeCount + 1);
  let top = 0;
  for (let edge = snapshot.firstEdge[ROOT_ORDINAL]; edge < snapshot.firstEdge[ROOT_ORDINAL + 1]; edge++) {
    const type = snapshot.edgeType[edge];
    const child = snapshot.edgeToNode[edge];
    const isDomTrees =
      type === codes.edgeElement && snapshot.strings.get(snapshot.nodeName[child]) === '(Document DOM trees)';
    if ((type === codes.edgeShortcut || isDomTrees) && pageOwned[child] === 0) {
      pageOwned[child] = 1;
      stack[top++] = child;
    }
  }
  const { firstEdge, edgeToNode, edgeType } = snapshot;
  const weak = codes.edgeWeak;
  while (top > 0) {
    const node = stack[--top];
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const child = edgeToNode[edge];
      if (pageOwned[child] !== 0 || edgeType[edge] === weak) continue;
      pageOwned[child] = 1;
      stack[top++] = child;
    }
  }
  scratch?.give(stack);
  return pageOwned;
}
