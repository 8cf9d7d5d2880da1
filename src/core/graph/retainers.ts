import type { HeapSnapshot } from '../snapshot.ts';

import type { Scratch } from './scratch.ts';

/** Predecessor lists in CSR form: the retainers of node o are retainerNode[firstRetainer[o] .. firstRetainer[o+1]). */
export interface Retainers {
  firstRetainer: Uint32Array;
  retainerNode: Uint32Array;
}

/**
 * Builds the retainer index by counting sort over edge targets (as DevTools' buildRetainers), keeping only the
 * edges `keep` accepts. Only retainer node ordinals are stored (4 bytes an edge): dominance needs no more, and
 * retainer paths come from the BFS tree.
 */
export function buildRetainers(
  snapshot: HeapSnapshot,
  keep: (from: number, edge: number) => boolean,
  scratch?: Scratch,
): Retainers {
  const { nodeCount, firstEdge, edgeToNode } = snapshot;
  const firstRetainer = scratch ? scratch.uint32(nodeCount + 1) : new Uint32Array(nodeCount + 1);
  let kept = 0;
  for (let from = 0; from < nodeCount; from++) {
    for (let edge = firstEdge[from]; edge < firstEdge[from + 1]; edge++) {
      if (!keep(from, edge)) continue;
      firstRetainer[edgeToNode[edge]]++;
      kept++;
    }
  }
  // Exclusive prefix sums, then fill from the back so firstRetainer ends up pointing at each list's start.
  let sum = 0;
  for (let node = 0; node < nodeCount; node++) {
    sum += firstRetainer[node];
    firstRetainer[node] = sum;
  }
  firstRetainer[nodeCount] = sum;
  const retainerNode = new Uint32Array(kept);
  for (let from = nodeCount - 1; from >= 0; from--) {
    for (let edge = firstEdge[from + 1] - 1; edge >= firstEdge[from]; edge--) {
      if (!keep(from, edge)) continue;
      retainerNode[--firstRetainer[edgeToNode[edge]]] = from;
    }
  }
  return { firstRetainer, retainerNode };
}
