import type { HeapSnapshot } from '../snapshot.ts';
import type { Scratch } from './scratch.ts';

/** Predecessor lists in CSR form, in DFS-preorder space: the predecessors of preorder number w are
 * `pred[firstPred[w] .. firstPred[w+1])`, themselves preorder numbers. */
export interface Predecessors {
  firstPred: Uint32Array;
  pred: Uint32Array;
}

/**
 * Builds the retainer index the semi-dominator step reads, by counting sort over edge targets (as DevTools'
 * buildRetainers), keeping only the edges `keep` accepts. Keyed and valued by preorder number rather than ordinal:
 * the semi-dominator loop then walks it front to back with no ordinal→preorder lookup, and the caller can drop its
 * ordinal→preorder map (a word a node) as soon as this returns. 4 bytes a kept edge.
 */
export function buildPredecessors(
  snapshot: HeapSnapshot,
  keep: (from: number, edge: number) => boolean,
  preorderOf: Uint32Array,
  scratch?: Scratch,
): Predecessors {
  const { nodeCount, firstEdge, edgeToNode } = snapshot;
  const firstPred = scratch ? scratch.uint32(nodeCount + 1) : new Uint32Array(nodeCount + 1);
  let kept = 0;
  for (let from = 0; from < nodeCount; from++) {
    for (let edge = firstEdge[from]; edge < firstEdge[from + 1]; edge++) {
      if (!keep(from, edge)) continue;
      firstPred[preorderOf[edgeToNode[edge]]]++;
      kept++;
    }
  }
  // Running totals, then fill from the back so firstPred ends up pointing at each list's start.
  let sum = 0;
  for (let w = 0; w < nodeCount; w++) {
    sum += firstPred[w];
    firstPred[w] = sum;
  }
  firstPred[nodeCount] = sum;
  const pred = new Uint32Array(kept);
  for (let from = nodeCount - 1; from >= 0; from--) {
    const fromPreorder = preorderOf[from];
    for (let edge = firstEdge[from + 1] - 1; edge >= firstEdge[from]; edge--) {
      if (!keep(from, edge)) continue;
      pred[--firstPred[preorderOf[edgeToNode[edge]]]] = fromPreorder;
    }
  }
  return { firstPred, pred };
}
