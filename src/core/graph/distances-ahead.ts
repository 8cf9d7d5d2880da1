import type { HeapGraph, HeapSnapshot } from '../snapshot.ts';
import {
  filteredNames,
  filterOf,
  filterSkips,
  NO_DISTANCE,
  NO_PARENT,
  searchDistances,
  type Distances,
} from './distances.ts';
import { typeCodes, type TypeCodes } from './node-kinds.ts';
import { isDomTreesNode, userRoots } from './page-owned.ts';
import { uint32Array, type Scratch } from './scratch.ts';

/**
 * computeDistances' search from the graph alone, as soon as a snapshot's edges are in, while its locations and
 * strings still stream: in the panel's worker the search was 290 ms of the 840 ms a 200 MB target's analysis took
 * after its last byte (profiled). Two things in it read names: which of the root's synthetic children are user
 * roots (only "(Document DOM trees)"), and the DevTools filter's two edge rules (a native context's
 * sloppy_function_map, the value slots of map descriptor arrays). This search takes the root's other children as
 * user roots and skips no named edge; finishDistancesAhead brings both in.
 */
export interface DistancesAhead extends Distances {
  roots: number[];
  /** The nodes in search order, `queued` of them: a node's parent always before it. */
  queue: Uint32Array;
  queued: number;
}

/** `scratch`: storage made ahead (reserveAnalysisAhead), else the arrays are new. */
export function computeDistancesAhead(graph: HeapGraph, scratch?: Scratch): DistancesAhead {
  const codes = typeCodes(graph);
  const count = graph.nodeCount;
  const distance = uint32Array(scratch, count).fill(NO_DISTANCE);
  const parent = uint32Array(scratch, count).fill(NO_PARENT);
  const queue = uint32Array(scratch, count);
  const roots = userRoots(graph, codes, () => false);
  const queued = searchDistances(graph, codes, roots, undefined, { distance, parent, queue });
  return { distance, parent, queue, queued, roots };
}

/**
 * The distances computeDistances gives, from the search ahead, or undefined when computeDistances has to run after
 * all: the user roots differ (a "(Document DOM trees)" child), or the filter's rules move much of the graph. Skipping
 * an edge changes nothing unless the search reached a node first over it (3 native contexts' maps in a 200 MB page):
 * only such a node and the nodes the search reached through it (its subtree in the search tree) can be farther
 * under the filter; every other node's path in the search tree holds. Their distances are searched again, nearest
 * first, from the nodes around them: a node's distance is one more than its nearest followable predecessor's, as in
 * the breadth-first search. Distances then match computeDistances' exactly; a node searched again takes a nearest
 * such predecessor as its parent, one of the same level as computeDistances' own.
 */
export function finishDistancesAhead(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  ahead: DistancesAhead,
): Distances | undefined {
  const roots = userRoots(snapshot, codes, isDomTreesNode(snapshot));
  if (roots.length !== ahead.roots.length || roots.some((root, k) => root !== ahead.roots[k]))
    return undefined;
  const nameFlags = filteredNames(snapshot);
  const { distance, parent } = ahead;
  const cutOff = cutOffChildren(snapshot, codes, nameFlags, ahead);
  if (cutOff.length === 0) return { distance, parent };
  const moved = subtreesOf(snapshot, ahead, cutOff);
  if (moved.nodes.length > Math.max(1024, snapshot.nodeCount * MAX_MOVED_SHARE)) return undefined;
  searchAgain(snapshot, codes, nameFlags, ahead, moved.mark, moved.nodes);
  return { distance, parent };
}

/** Beyond this share of the nodes searched again, computeDistances' one search costs less. */
const MAX_MOVED_SHARE = 1 / 8;

/**
 * `cutOff` and every node the search reached through them: the search tree's children of a node are among its
 * edges' targets (parent[child] is the node), so the subtrees are walked from the cut-off nodes along their edges
 * alone, not along the whole queue (9 nodes in a 200 MB target, where a pass over its 3.4 M queued nodes took 17 ms
 * in Node).
 */
function subtreesOf(
  graph: HeapGraph,
  { parent }: DistancesAhead,
  cutOff: number[],
): { mark: Uint8Array; nodes: number[] } {
  const { firstEdge, edgeToNode } = graph;
  const mark = new Uint8Array(graph.nodeCount);
  const nodes: number[] = [];
  for (const node of cutOff) {
    if (mark[node] === 1) continue;
    mark[node] = 1;
    nodes.push(node);
  }
  for (let at = 0; at < nodes.length; at++) {
    const node = nodes[at];
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const child = edgeToNode[edge];
      if (mark[child] === 1 || parent[child] !== node) continue;
      mark[child] = 1;
      nodes.push(child);
    }
  }
  return { mark, nodes };
}

/**
 * Distances and parents of the `moved` nodes (marked in `mark`) again, under the filter: a breadth-first search
 * that takes its nodes in distance order from two sources merged, the search ahead's queue (the nodes that did not
 * move, level by level, as it made them) and a FIFO of the moved nodes it reaches. A moved node can only be farther
 * than the search ahead had it, so the queue is read from the level above the nearest moved node, and no further
 * than until every moved node is settled: a level or two where a scan of every edge took 46 ms of a 200 MB target
 * (Node). A moved node nothing reaches stays unreached (the queue is then read to its end).
 */
function searchAgain(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  nameFlags: Uint8Array,
  ahead: DistancesAhead,
  mark: Uint8Array,
  moved: number[],
): void {
  const { firstEdge, edgeToNode, edgeType, nodeName, nodeType } = snapshot;
  const { distance, parent, queue, queued } = ahead;
  const weak = codes.edgeWeak;
  let nearest = NO_DISTANCE;
  for (const node of moved) nearest = Math.min(nearest, distance[node]);
  // The queue's distances never decrease (the user roots' levels, then the GC root's, each one up): the first
  // position of the level above the nearest moved node, found before the moved nodes' distances are cleared.
  let low = 0;
  let high = queued;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (distance[queue[middle]] + 1 < nearest) low = middle + 1;
    else high = middle;
  }
  for (const node of moved) {
    distance[node] = NO_DISTANCE;
    parent[node] = NO_PARENT;
  }
  const fifo: number[] = [];
  let head = 0;
  let next = low;
  let unsettled = moved.length;
  while (unsettled > 0) {
    while (next < queued && mark[queue[next]] !== 0) next++;
    const queueLevel = next < queued ? distance[queue[next]] : NO_DISTANCE;
    const fifoLevel = head < fifo.length ? distance[fifo[head]] : NO_DISTANCE;
    if (queueLevel === NO_DISTANCE && fifoLevel === NO_DISTANCE) break;
    let node: number;
    if (fifoLevel <= queueLevel) {
      node = fifo[head++];
      mark[node] = 2; // settled: its distance was set by a node of the level above, all taken before it
      unsettled--;
    } else node = queue[next++];
    const filter = filterOf(nameFlags, nodeName, nodeType, codes, node);
    const reached = distance[node] + 1;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const to = edgeToNode[edge];
      if (mark[to] !== 1 || distance[to] !== NO_DISTANCE || edgeType[edge] === weak) continue;
      if (filter !== 0 && filterSkips(snapshot, codes, filter, edge)) continue;
      distance[to] = reached;
      parent[to] = node;
      fifo.push(to);
    }
  }
}

/** Nodes whose search parent reaches them only over edges the filter skips. */
function cutOffChildren(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  nameFlags: Uint8Array,
  { distance, parent }: Distances,
): number[] {
  const { firstEdge, edgeToNode, edgeType, nodeName, nodeType } = snapshot;
  const orphans: number[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const filter = filterOf(nameFlags, nodeName, nodeType, codes, node);
    if (filter === 0 || distance[node] === NO_DISTANCE) continue;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const child = edgeToNode[edge];
      if (parent[child] !== node || edgeType[edge] === codes.edgeWeak) continue;
      if (!filterSkips(snapshot, codes, filter, edge)) continue;
      // Reached over a skipped edge, and orphaned unless another of the node's edges to it is kept (rare: checked
      // only then, so the arrays' many children cost no map of their own).
      if (!orphans.includes(child) && !keptEdgeTo(snapshot, codes, filter, node, child)) orphans.push(child);
    }
  }
  return orphans;
}

/** Whether one of `node`'s edges to `child` is one the filter keeps. */
function keptEdgeTo(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  filter: number,
  node: number,
  child: number,
): boolean {
  for (let edge = snapshot.firstEdge[node]; edge < snapshot.firstEdge[node + 1]; edge++) {
    if (snapshot.edgeToNode[edge] !== child || snapshot.edgeType[edge] === codes.edgeWeak) continue;
    if (!filterSkips(snapshot, codes, filter, edge)) return true;
  }
  return false;
}
