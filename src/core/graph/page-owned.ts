import type { EdgeGraph, HeapGraph, HeapSnapshot } from '../snapshot.ts';
import type { TypeCodes } from './node-kinds.ts';
import { uint32Array, uint8Array, type Scratch } from './scratch.ts';

export const ROOT_ORDINAL = 0;

/**
 * User roots as DevTools defines them: the root's non-synthetic children (Window objects, reached by shortcut
 * edges) and the synthetic "(Document DOM trees)" node, which `isDomTrees` tells (isDomTreesNode; a search
 * before the strings passes one that accepts none).
 */
export function userRoots(
  graph: EdgeGraph & Pick<HeapGraph, 'nodeType'>,
  codes: TypeCodes,
  isDomTrees: (node: number) => boolean,
): number[] {
  const roots: number[] = [];
  for (let edge = graph.firstEdge[ROOT_ORDINAL]; edge < graph.firstEdge[ROOT_ORDINAL + 1]; edge++) {
    const child = graph.edgeToNode[edge];
    if (graph.nodeType[child] !== codes.synthetic || isDomTrees(child)) roots.push(child);
  }
  return roots;
}

/**
 * Marks the nodes a page owns: everything reachable over non-weak edges from the user roots
 * (DevTools' JSHeapSnapshot.markPageOwnedNodes). Dominator computation ignores edges from non-page to page nodes.
 */
export function markPageOwned(snapshot: HeapSnapshot, codes: TypeCodes, scratch?: Scratch): Uint8Array {
  return markPageOwnedFrom(
    snapshot,
    codes,
    pageOwnershipSeeds(snapshot, codes, isDomTreesNode(snapshot)),
    scratch,
  );
}

/** Whether a node is the synthetic "(Document DOM trees)" (a name test: needs the strings). */
export function isDomTreesNode(snapshot: HeapSnapshot): (node: number) => boolean {
  return (node) => snapshot.strings.get(snapshot.nodeName[node]) === '(Document DOM trees)';
}

/**
 * Where page ownership starts: the root's shortcut children, and its element children that `isDomTrees` accepts.
 * Without `isDomTrees` (no strings yet) only the shortcut children, a subset.
 */
export function pageOwnershipSeeds(
  graph: EdgeGraph,
  codes: TypeCodes,
  isDomTrees?: (node: number) => boolean,
): number[] {
  const seeds: number[] = [];
  for (let edge = graph.firstEdge[ROOT_ORDINAL]; edge < graph.firstEdge[ROOT_ORDINAL + 1]; edge++) {
    const type = graph.edgeType[edge];
    const child = graph.edgeToNode[edge];
    if (type === codes.edgeShortcut || (type === codes.edgeElement && isDomTrees?.(child) === true))
      seeds.push(child);
  }
  return seeds;
}

/** Everything reachable over non-weak edges from `seeds`, a byte a node. */
export function markPageOwnedFrom(
  graph: EdgeGraph,
  codes: TypeCodes,
  seeds: readonly number[],
  scratch?: Scratch,
): Uint8Array {
  const pageOwned = uint8Array(scratch, graph.nodeCount);
  // Each node is pushed at most once, when it is marked.
  const stack = uint32Array(scratch, graph.nodeCount);
  let top = 0;
  for (const seed of seeds) {
    if (pageOwned[seed] !== 0) continue;
    pageOwned[seed] = 1;
    stack[top++] = seed;
  }
  const { firstEdge, edgeToNode, edgeType } = graph;
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
