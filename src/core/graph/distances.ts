import type { HeapGraph, HeapSnapshot } from '../snapshot.ts';
import { edgeName, type TypeCodes } from './node-kinds.ts';
import { isDomTreesNode, ROOT_ORDINAL, userRoots } from './page-owned.ts';
import { uint32Array, type Scratch } from './scratch.ts';

export const NO_DISTANCE = 0xffffffff;
export const NO_PARENT = 0xffffffff;
/** DevTools puts objects only reachable from system roots this far away, behind everything a page holds. */
export const BASE_SYSTEM_DISTANCE = 100_000_000;

export interface Distances {
  distance: Uint32Array;
  /** BFS tree: the node through which each node was first reached (a shortest strong path), or NO_PARENT. */
  parent: Uint32Array;
}

/**
 * Breadth-first distances from the user roots (Window, DOM trees), then from the GC root for the rest, skipping
 * weak edges and the two edge kinds DevTools' JSHeapSnapshot filter skips (a native context's sloppy_function_map,
 * and the value slots of map descriptor arrays), so numbers match the Memory panel's Distance column.
 */
export function computeDistances(snapshot: HeapSnapshot, codes: TypeCodes, scratch?: Scratch): Distances {
  const count = snapshot.nodeCount;
  const distance = uint32Array(scratch, count).fill(NO_DISTANCE);
  const parent = uint32Array(scratch, count).fill(NO_PARENT);
  const queue = uint32Array(scratch, count);
  const roots = userRoots(snapshot, codes, isDomTreesNode(snapshot));
  searchDistances(snapshot, codes, roots, filteredNames(snapshot), { distance, parent, queue });
  scratch?.give(queue);
  return { distance, parent };
}

/**
 * Both searches of computeDistances into the given arrays (distance and parent filled with NO_DISTANCE and
 * NO_PARENT): from `roots` at distance 1, then from the GC root for what they leave. Returns how many nodes it
 * queued, in search order: a node's parent always before it.
 */
export function searchDistances(
  graph: HeapGraph & Partial<Pick<HeapSnapshot, 'strings'>>,
  codes: TypeCodes,
  roots: readonly number[],
  nameFlags: Uint8Array | undefined,
  { distance, parent, queue }: Distances & { queue: Uint32Array },
): number {
  let tail = 0;
  for (const root of roots) {
    if (distance[root] !== NO_DISTANCE) continue;
    distance[root] = 1;
    parent[root] = ROOT_ORDINAL;
    queue[tail++] = root;
  }
  tail = bfs(graph, codes, nameFlags, distance, parent, queue, 0, tail);
  distance[ROOT_ORDINAL] = roots.length > 0 ? BASE_SYSTEM_DISTANCE : 0;
  queue[tail] = ROOT_ORDINAL;
  return bfs(graph, codes, nameFlags, distance, parent, queue, tail, tail + 1);
}

const NATIVE_CONTEXT = 1;
const MAP_DESCRIPTORS = 2;

/** The two names the filter looks at, flagged once per string instead of compared per node. */
export function filteredNames(snapshot: HeapSnapshot): Uint8Array {
  const nameFlags = snapshot.strings.matchPrefixes(['system / NativeContext', '(map descriptors)']);
  for (let name = 0; name < nameFlags.length; name++) {
    if (
      nameFlags[name] === MAP_DESCRIPTORS &&
      snapshot.strings.byteLength(name) !== '(map descriptors)'.length
    ) {
      nameFlags[name] = 0;
    }
  }
  return nameFlags;
}

/**
 * Which of the filter's rules a node's edges are under: NATIVE_CONTEXT, MAP_DESCRIPTORS (an array of that name), or
 * 0 for none (every node when there are no names yet: computeDistancesAhead).
 */
export function filterOf(
  nameFlags: Uint8Array | undefined,
  nodeName: Uint32Array,
  nodeType: Uint8Array | Uint32Array,
  codes: TypeCodes,
  node: number,
): number {
  const special = nameFlags === undefined ? 0 : nameFlags[nodeName[node]];
  if (special === MAP_DESCRIPTORS && nodeType[node] !== codes.array) return 0;
  return special;
}

/** Whether the filter skips this edge of a node under `filter` (filterOf). */
export function filterSkips(snapshot: HeapSnapshot, codes: TypeCodes, filter: number, edge: number): boolean {
  if (filter === NATIVE_CONTEXT) return edgeName(snapshot, codes, edge) === 'sloppy_function_map';
  if (filter !== MAP_DESCRIPTORS) return false;
  // The slot number is the edge's name, as DevTools reads it (parseInt of edge.name()): an element or hidden
  // edge's index (taken as it is: parseInt of its decimal form gives it back), or a named edge's string ("4"),
  // whose name_or_index is a string index instead.
  const type = snapshot.edgeType[edge];
  const nameOrIndex = snapshot.edgeNameOrIndex[edge];
  const index =
    type === codes.edgeElement || type === codes.edgeHidden
      ? nameOrIndex
      : Number.parseInt(snapshot.strings.get(nameOrIndex), 10);
  return index >= 2 && index % 3 === 1;
}

/**
 * FIFO breadth-first search from queue[head, tail): levels come out contiguous in `queue`, each node's parent the
 * first node of the level above to reach it. Without names (`nameFlags` undefined) no named edge is skipped, and
 * no node's filter is looked up. With that, and a node's edge range read once, the search ahead took 79 → 68–72 ms
 * (Node, 200 MB target, best of 8).
 */
function bfs(
  snapshot: HeapGraph & Partial<Pick<HeapSnapshot, 'strings'>>,
  codes: TypeCodes,
  nameFlags: Uint8Array | undefined,
  distance: Uint32Array,
  parent: Uint32Array,
  queue: Uint32Array,
  head: number,
  tail: number,
): number {
  const { firstEdge, edgeToNode, edgeType, nodeType, nodeName } = snapshot;
  const weak = codes.edgeWeak;
  while (head < tail) {
    const node = queue[head++];
    const filter = nameFlags === undefined ? 0 : filterOf(nameFlags, nodeName, nodeType, codes, node);
    const next = distance[node] + 1;
    const end = firstEdge[node + 1];
    for (let edge = firstEdge[node]; edge < end; edge++) {
      if (edgeType[edge] === weak) continue;
      const child = edgeToNode[edge];
      if (distance[child] !== NO_DISTANCE) continue;
      if (filter !== 0 && filterSkips(snapshot as HeapSnapshot, codes, filter, edge)) continue;
      distance[child] = next;
      parent[child] = node;
      queue[tail++] = child;
    }
  }
  return tail;
}
