import type { EdgeGraph } from '../snapshot.ts';
import { uint32Array, type Scratch } from './scratch.ts';

/** Predecessor lists in CSR form, in DFS-preorder space: the predecessors of preorder number w are
 * `pred[firstPred[w] .. firstPred[w+1])`, themselves preorder numbers. */
export interface Predecessors {
  firstPred: Uint32Array;
  pred: Uint32Array;
}

/**
 * Builds the retainer index the semi-dominator step reads, by counting sort over edge targets (as DevTools'
 * buildRetainers), over the kept edges only. Keyed and valued by preorder number rather than ordinal:
 * the semi-dominator loop then walks it front to back with no ordinal→preorder lookup, and the caller can drop its
 * ordinal→preorder map (a word a node) as soon as this returns. 4 bytes a kept edge.
 *
 * `counts` comes in holding each node's number of kept incoming edges by ordinal (the DFS counted them while it
 * met every edge once) and leaves as `firstPred`; `spare` (a word a node, free between the DFS and the
 * semi-dominators) holds the counts while they are reordered into preorder. The lists go into `storage` when it is
 * long enough (a search redone after edges left it: resumeDepthFirst), else into the scratch's storage.
 */
export function fillPredecessors(
  graph: EdgeGraph,
  kept: Uint32Array,
  counts: Uint32Array,
  vertex: Uint32Array,
  preorderOf: Uint32Array,
  spare: Uint32Array,
  scratch?: Scratch,
  storage?: Uint32Array,
): Predecessors {
  const { nodeCount, firstEdge, edgeToNode } = graph;
  for (let w = 0; w < nodeCount; w++) spare[w] = counts[vertex[w]];
  const firstPred = counts;
  // Running totals, then fill from the back so firstPred ends up pointing at each list's start.
  let sum = 0;
  for (let w = 0; w < nodeCount; w++) {
    sum += spare[w];
    firstPred[w] = sum;
  }
  firstPred[nodeCount] = sum;
  // Lists are read by their offsets only, so storage longer than needed does.
  const pred = storage && storage.length >= sum ? storage : uint32Array(scratch, sum);
  for (let from = nodeCount - 1; from >= 0; from--) {
    const fromPreorder = preorderOf[from];
    for (let edge = firstEdge[from + 1] - 1; edge >= firstEdge[from]; edge--) {
      if ((kept[edge >>> 5] & (1 << (edge & 31))) === 0) continue;
      pred[--firstPred[preorderOf[edgeToNode[edge]]]] = fromPreorder;
    }
  }
  return { firstPred, pred };
}
