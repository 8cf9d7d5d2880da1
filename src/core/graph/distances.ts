import type { EdgeGraph, HeapSnapshot } from '../snapshot.ts';
import { edgeName, typeCodes, type TypeCodes } from './node-kinds.ts';
import { ROOT_ORDINAL, userRoots } from './page-owned.ts';
import { uint32Array, uint8Array, type Scratch } from './scratch.ts';

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
 * What the names decide about the distance BFS (distancesFrom): read once, so the BFS reads only edge arrays. Small
 * (a few roots and the skipped edges): a thread that holds only edge copies could run it. Running it on the
 * dominator helper was tried, and a 200 MB target's results came later: the helper, still finishing the tree when
 * the last byte came, was the slower thread.
 */
export interface DistanceRules {
  /** The edge type the BFS never follows ("weak"). */
  weakEdgeType: number;
  /** Where the BFS starts: the user roots (userRoots). */
  roots: number[];
  /** Nodes with an edge the BFS skips, ascending. */
  skippingNodes: Uint32Array;
  /** The edges the BFS skips, ascending: the sloppy_function_map of native contexts, map descriptors' values. */
  skippedEdges: Uint32Array;
}

/**
 * Breadth-first distances from the user roots (Window, DOM trees), then from the GC root for the rest, skipping
 * weak edges and the two edge kinds DevTools' JSHeapSnapshot filter skips (a native context's sloppy_function_map,
 * and the value slots of map descriptor arrays), so numbers match the Memory panel's Distance column.
 */
export function computeDistances(snapshot: HeapSnapshot, codes: TypeCodes, scratch?: Scratch): Distances {
  return distancesFrom(snapshot, distanceRules(snapshot, codes), scratch);
}

export function distanceRules(snapshot: HeapSnapshot, codes = typeCodes(snapshot)): DistanceRules {
  // The two names the filter looks at, flagged once per string instead of compared per node.
  const nameFlags = snapshot.strings.matchPrefixes(['system / NativeContext', '(map descriptors)']);
  for (let name = 0; name < nameFlags.length; name++) {
    if (
      nameFlags[name] === MAP_DESCRIPTORS &&
      snapshot.strings.byteLength(name) !== '(map descriptors)'.length
    ) {
      nameFlags[name] = 0;
    }
  }
  const { firstEdge, nodeName, nodeType, edgeNameOrIndex } = snapshot;
  const skippingNodes: number[] = [];
  const skippedEdges: number[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const special = nameFlags[nodeName[node]];
    if (special === 0) continue;
    const before = skippedEdges.length;
    if (special === NATIVE_CONTEXT) {
      for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++)
        if (edgeName(snapshot, codes, edge) === 'sloppy_function_map') skippedEdges.push(edge);
    } else if (nodeType[node] === codes.array) {
      for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
        const index = edgeNameOrIndex[edge];
        if (index >= 2 && index % 3 === 1) skippedEdges.push(edge);
      }
    }
    if (skippedEdges.length > before) skippingNodes.push(node);
  }
  return {
    weakEdgeType: codes.edgeWeak,
    roots: userRoots(snapshot, codes),
    skippingNodes: Uint32Array.from(skippingNodes),
    skippedEdges: Uint32Array.from(skippedEdges),
  };
}

/** The BFS itself, over the edge arrays only. */
export function distancesFrom(graph: EdgeGraph, rules: DistanceRules, scratch?: Scratch): Distances {
  const count = graph.nodeCount;
  const distance = uint32Array(scratch, count).fill(NO_DISTANCE);
  const parent = uint32Array(scratch, count).fill(NO_PARENT);
  const queue = uint32Array(scratch, count);
  const skipping = uint8Array(scratch, count);
  for (const node of rules.skippingNodes) skipping[node] = 1;
  const walk = { graph, rules, skipping, distance, parent, queue };
  let tail = 0;
  for (const root of rules.roots) {
    if (distance[root] !== NO_DISTANCE) continue;
    distance[root] = 1;
    parent[root] = ROOT_ORDINAL;
    queue[tail++] = root;
  }
  tail = bfs(walk, 0, tail);
  distance[ROOT_ORDINAL] = rules.roots.length > 0 ? BASE_SYSTEM_DISTANCE : 0;
  queue[tail] = ROOT_ORDINAL;
  bfs(walk, tail, tail + 1);
  scratch?.give(queue, skipping);
  return { distance, parent };
}

const NO_EDGE = 0xffffffff;
const NATIVE_CONTEXT = 1;
const MAP_DESCRIPTORS = 2;

interface Walk {
  graph: EdgeGraph;
  rules: DistanceRules;
  skipping: Uint8Array;
  distance: Uint32Array;
  parent: Uint32Array;
  queue: Uint32Array;
}

function bfs(walk: Walk, head: number, tail: number): number {
  const { firstEdge, edgeToNode, edgeType } = walk.graph;
  const { skipping, distance, parent, queue } = walk;
  const { skippedEdges, weakEdgeType: weak } = walk.rules;
  while (head < tail) {
    const node = queue[head++];
    const next = distance[node] + 1;
    const first = firstEdge[node];
    const end = firstEdge[node + 1];
    // Skipped edges are few and ascending: a cursor over them for the few nodes that have any, and for the rest
    // a next skip no edge reaches.
    let skip = skipping[node] === 1 ? lowerBound(skippedEdges, first) : skippedEdges.length;
    let nextSkip = skip < skippedEdges.length ? skippedEdges[skip] : NO_EDGE;
    for (let edge = first; edge < end; edge++) {
      if (edge === nextSkip) {
        skip++;
        nextSkip = skip < skippedEdges.length ? skippedEdges[skip] : NO_EDGE;
        continue;
      }
      if (edgeType[edge] === weak) continue;
      const child = edgeToNode[edge];
      if (distance[child] !== NO_DISTANCE) continue;
      distance[child] = next;
      parent[child] = node;
      queue[tail++] = child;
    }
  }
  return tail;
}

function lowerBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
