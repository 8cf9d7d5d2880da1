import type { HeapSnapshot } from '../snapshot.ts';
import { NO_PARENT } from '../graph/distances.ts';
import type { TypeCodes } from '../graph/node-kinds.ts';

export interface RawPath {
  /** Node ordinals from the first node below the synthetic root to the target. */
  nodes: number[];
  /** edges[k] is the edge from nodes[k-1] to nodes[k]; edges[0] is the edge from the synthetic root. */
  edges: number[];
}

const MAX_DEPTH = 10_000;

/**
 * The shortest strong path from the roots to `target`, read off the BFS tree of computeDistances. Between two
 * consecutive nodes the most telling edge is chosen: a named property or variable over an index, over internals.
 */
export function pathTo(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  parent: Uint32Array,
  target: number,
): RawPath | null {
  if (parent[target] === NO_PARENT && target !== 0) return null;
  const nodes: number[] = [];
  for (let node = target; node !== 0 && nodes.length < MAX_DEPTH; node = parent[node]) {
    if (node === NO_PARENT) return null;
    nodes.push(node);
  }
  nodes.reverse();
  const edges: number[] = [];
  let from = 0;
  for (const node of nodes) {
    edges.push(bestEdge(snapshot, codes, from, node));
    from = node;
  }
  return { nodes, edges };
}

function edgeRank(codes: TypeCodes, type: number): number {
  if (type === codes.edgeContext || type === codes.edgeProperty) return 0;
  if (type === codes.edgeElement) return 1;
  if (type === codes.edgeInternal || type === codes.edgeShortcut) return 2;
  if (type === codes.edgeHidden) return 3;
  return 4;
}

function bestEdge(snapshot: HeapSnapshot, codes: TypeCodes, from: number, to: number): number {
  let best = -1;
  let bestRank = Infinity;
  for (let edge = snapshot.firstEdge[from]; edge < snapshot.firstEdge[from + 1]; edge++) {
    if (snapshot.edgeToNode[edge] !== to || snapshot.edgeType[edge] === codes.edgeWeak) continue;
    const rank = edgeRank(codes, snapshot.edgeType[edge]);
    if (rank < bestRank) {
      best = edge;
      bestRank = rank;
    }
  }
  return best;
}
