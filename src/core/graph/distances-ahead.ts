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

export function computeDistancesAhead(graph: HeapGraph): DistancesAhead {
  const codes = typeCodes(graph);
  const count = graph.nodeCount;
  const distance = new Uint32Array(count).fill(NO_DISTANCE);
  const parent = new Uint32Array(count).fill(NO_PARENT);
  const queue = new Uint32Array(count);
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
  const moved = subtreesOf(ahead, cutOff, snapshot.nodeCount);
  if (moved.nodes.length > Math.max(1024, snapshot.nodeCount * MAX_MOVED_SHARE)) return undefined;
  searchAgain(snapshot, codes, nameFlags, distance, parent, moved.mark, moved.nodes);
  return { distance, parent };
}

/** Beyond this share of the nodes searched again, computeDistances' one search costs less. */
const MAX_MOVED_SHARE = 1 / 8;

/**
 * `cutOff` and every node the search reached through them, in search order: a parent is queued before its
 * children, so one pass over the queue finds them.
 */
function subtreesOf(
  { queue, queued, parent }: DistancesAhead,
  cutOff: number[],
  nodeCount: number,
): { mark: Uint8Array; nodes: number[] } {
  const mark = new Uint8Array(nodeCount);
  for (const node of cutOff) mark[node] = 1;
  const nodes: number[] = [];
  for (let at = 0; at < queued; at++) {
    const node = queue[at];
    if (mark[node] === 0 && parent[node] !== NO_PARENT && mark[parent[node]] === 1) mark[node] = 1;
    if (mark[node] === 1) nodes.push(node);
  }
  return { mark, nodes };
}

/**
 * Distances and parents of the `moved` nodes (marked in `mark`) again, under the filter: first the nearest each
 * gets from a node that did not move (one pass over the edges), then a search by distance among them, a FIFO of
 * the nodes it reaches merged with those first distances in order (unit steps keep both sorted: Dijkstra's
 * algorithm with a bucket order). A moved node nothing reaches stays unreached.
 */
function searchAgain(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  nameFlags: Uint8Array,
  distance: Uint32Array,
  parent: Uint32Array,
  mark: Uint8Array,
  moved: number[],
): void {
  const { firstEdge, edgeToNode, edgeType, nodeName, nodeType } = snapshot;
  const weak = codes.edgeWeak;
  for (const node of moved) {
    distance[node] = NO_DISTANCE;
    parent[node] = NO_PARENT;
  }
  for (let from = 0; from < snapshot.nodeCount; from++) {
    if (mark[from] === 1 || distance[from] === NO_DISTANCE) continue;
    const filter = filterOf(nameFlags, nodeName, nodeType, codes, from);
    const next = distance[from] + 1;
    for (let edge = firstEdge[from]; edge < firstEdge[from + 1]; edge++) {
      const to = edgeToNode[edge];
      if (mark[to] === 0 || edgeType[edge] === weak || distance[to] <= next) continue;
      if (filter !== 0 && filterSkips(snapshot, codes, filter, edge)) continue;
      distance[to] = next;
      parent[to] = from;
    }
  }
  // Entries are (node, distance when queued); one whose node has since come nearer, or is settled, is passed over.
  const seeded = moved.filter((node) => distance[node] !== NO_DISTANCE);
  seeded.sort((a, b) => distance[a] - distance[b]);
  const seededAt = seeded.map((node) => distance[node]);
  const fifo: number[] = [];
  const fifoAt: number[] = [];
  let nextSeed = 0;
  let nextInFifo = 0;
  while (nextSeed < seeded.length || nextInFifo < fifo.length) {
    const fromSeeds =
      nextInFifo === fifo.length || (nextSeed < seeded.length && seededAt[nextSeed] <= fifoAt[nextInFifo]);
    const node = fromSeeds ? seeded[nextSeed] : fifo[nextInFifo];
    const at = fromSeeds ? seededAt[nextSeed++] : fifoAt[nextInFifo++];
    if (mark[node] !== 1 || distance[node] !== at) continue;
    mark[node] = 2; // settled
    const filter = filterOf(nameFlags, nodeName, nodeType, codes, node);
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const to = edgeToNode[edge];
      if (mark[to] !== 1 || edgeType[edge] === weak || distance[to] <= at + 1) continue;
      if (filter !== 0 && filterSkips(snapshot, codes, filter, edge)) continue;
      distance[to] = at + 1;
      parent[to] = node;
      fifo.push(to);
      fifoAt.push(at + 1);
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
  const orphans: number[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const filter = filterOf(nameFlags, snapshot.nodeName, snapshot.nodeType, codes, node);
    if (filter === 0 || distance[node] === NO_DISTANCE) continue;
    const reachedOverKept = new Map<number, boolean>();
    for (let edge = snapshot.firstEdge[node]; edge < snapshot.firstEdge[node + 1]; edge++) {
      const child = snapshot.edgeToNode[edge];
      if (parent[child] !== node || snapshot.edgeType[edge] === codes.edgeWeak) continue;
      const kept = !filterSkips(snapshot, codes, filter, edge);
      reachedOverKept.set(child, (reachedOverKept.get(child) ?? false) || kept);
    }
    for (const [child, kept] of reachedOverKept) if (!kept) orphans.push(child);
  }
  return orphans;
}
