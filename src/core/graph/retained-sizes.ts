import type { HeapSnapshot } from '../snapshot.ts';
import type { DominatorTree } from './dominators.ts';
import { float64Array, type Scratch } from './scratch.ts';

/**
 * Retained size = self size plus the retained sizes of the nodes it immediately dominates. Walking the DFS preorder
 * backwards visits every node before its dominator (a dominator is a DFS ancestor), so one pass suffices.
 */
export function computeRetainedSizes(
  snapshot: HeapSnapshot,
  tree: DominatorTree,
  scratch?: Scratch,
): Float64Array {
  const retained = float64Array(scratch, snapshot.nodeCount);
  retained.set(snapshot.nodeSelfSize.subarray(0, snapshot.nodeCount));
  const { dominator, preorder } = tree;
  for (let k = preorder.length - 1; k > 0; k--) {
    const node = preorder[k];
    retained[dominator[node]] += retained[node];
  }
  return retained;
}
