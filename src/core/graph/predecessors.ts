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
 * the semi-dominator loop then walks it front to back with no ordinal→preorder lookup. 4 bytes a kept edge.
 *
 * `counts` holds each preorder number's count of kept incoming edges (the DFS counted them while it met every
 * edge once) and is left as it is; `firstPred` (a word a node and one more, any content) becomes the offsets. The
 * lists go into `storage` when it is long enough (a search redone after edges left it: resumeDepthFirst), else
 * into the scratch's storage.
 */
export function fillPredecessors(
  graph: EdgeGraph,
  kept: Uint32Array,
  counts: Uint32Array,
  firstPred: Uint32Array,
  preorderOf: Uint32Array,
  scratch?: Scratch,
  storage?: Uint32Array,
): Predecessors {
  const { nodeCount, firstEdge, edgeToNode } = graph;
  // Running totals, then fill from the back so firstPred ends up pointing at each list's start.
  let sum = 0;
  for (let w = 0; w < nodeCount; w++) {
    sum += counts[w];
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
