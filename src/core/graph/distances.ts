import type { HeapSnapshot } from '../snapshot.ts';
import { edgeName, type TypeCodes } from './node-kinds.ts';
import { ROOT_ORDINAL, userRoots } from './page-owned.ts';
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
  const roots = userRoots(snapshot, codes);
  let tail = 0;
  for (const root of roots) {
    if (distance[root] !== NO_DISTANCE) continue;
    distance[root] = 1;
    parent[root] = ROOT_ORDINAL;
    queue[tail++] = root;
  }
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
  tail = bfs(snapshot, codes, nameFlags, distance, parent, queue, 0, tail);
  distance[ROOT_ORDINAL] = roots.length > 0 ? BASE_SYSTEM_DISTANCE : 0;
  queue[tail] = ROOT_ORDINAL;
  bfs(snapshot, codes, nameFlags, distance, parent, queue, tail, tail + 1);
  scratch?.give(queue);
  return { distance, parent };
}

const NATIVE_CONTEXT = 1;
const MAP_DESCRIPTORS = 2;

function bfs(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  nameFlags: Uint8Array,
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
    const special = nameFlags[nodeName[node]];
    const isNativeContext = special === NATIVE_CONTEXT;
    const isMapDescriptors = special === MAP_DESCRIPTORS && nodeType[node] === codes.array;
    const next = distance[node] + 1;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      if (edgeType[edge] === weak) continue;
      const child = edgeToNode[edge];
      if (distance[child] !== NO_DISTANCE) continue;
      if (isNativeContext && edgeName(snapshot, codes, edge) === 'sloppy_function_map') continue;
      if (isMapDescriptors) {
        // The slot number is the edge's name, as DevTools reads it (parseInt of edge.name()): an element or
        // hidden edge's index, or a named edge's string ("4"), whose name_or_index is a string index instead.
        const index = Number.parseInt(edgeName(snapshot, codes, edge), 10);
        if (index >= 2 && index % 3 === 1) continue;
      }
      distance[child] = next;
      parent[child] = node;
      queue[tail++] = child;
    }
  }
  return tail;
}
