import type { EdgeGraph, HeapGraph, HeapSnapshot } from '../snapshot.ts';
import type { TypeCodes } from './node-kinds.ts';
import { ROOT_ORDINAL } from './page-owned.ts';
import { uint32Array, type Scratch } from './scratch.ts';

/** `<index> / part of key (K @1) -> value (V @2) pair in WeakMap (table @3)` — V8's ephemeron edge names. */
const WEAK_MAP_EDGE =
  /^\d+ \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$/;

/**
 * Decides which edges take part in dominance, following DevTools (HeapSnapshot.isEssentialEdge and
 * JSHeapSnapshot's WeakMap rule): no weak edges; shortcut edges only from the root, where they mark user globals;
 * and a WeakMap value is retained by its key together with the table, so the table's own edge to the value is not
 * essential. The rules as a question about one edge; dominanceEdgeMask answers it for all edges at once, and the
 * tests hold the two to each other. `tableIdByName` is weakMapTableIds' answer.
 */
export function essentialEdgeFilter(
  snapshot: HeapGraph,
  codes: TypeCodes,
  tableIdByName: ReadonlyMap<number, number>,
): (from: number, edge: number) => boolean {
  const { edgeType, edgeNameOrIndex, nodeId } = snapshot;
  const { edgeWeak, edgeShortcut, edgeInternal } = codes;
  const checkTables = tableIdByName.size > 0;
  return (from: number, edge: number): boolean => {
    const type = edgeType[edge];
    if (type === edgeWeak) return false;
    if (type === edgeShortcut) return from === ROOT_ORDINAL;
    if (checkTables && type === edgeInternal) {
      const tableId = tableIdByName.get(edgeNameOrIndex[edge]);
      if (tableId !== undefined && nodeId[from] === tableId) return false;
    }
    return true;
  };
}

/** The table id in each ephemeron edge name (by string index); empty when the snapshot has no WeakMap entries. */
export function weakMapTableIds(snapshot: HeapSnapshot): Map<number, number> {
  const tableIdByName = new Map<number, number>();
  // Ephemeron edge names start with a digit; only those long enough are decoded and matched.
  const digitLed = snapshot.strings.matchPrefixes(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  for (let name = 0; name < snapshot.strings.length; name++) {
    if (digitLed[name] === 0 || snapshot.strings.byteLength(name) < 60) continue;
    const text = snapshot.strings.get(name);
    if (!text.includes('pair in WeakMap (table @')) continue;
    const match = WEAK_MAP_EDGE.exec(text);
    if (match) tableIdByName.set(name, Number(match[1]));
  }
  return tableIdByName;
}

/**
 * The edges dominance is computed over, as one bit an edge (DevTools' isEssentialEdge plus its rule that an edge
 * from a non-page node into a page node does not count, except from the root). Computed once: the DFS and the
 * predecessor index read a bit instead of asking per edge (with the DFS counting, 13% faster on a 234 MB target);
 * bits rather than bytes keep the dominator phase, the analysis' memory peak, where it was.
 */
export function dominanceEdgeMask(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  pageOwned: Uint8Array,
  scratch?: Scratch,
): Uint32Array {
  const kept = structuralEdgeMask(snapshot, codes, pageOwned, scratch);
  for (const edge of weakMapTableEdges(snapshot, codes)) kept[edge >>> 5] &= ~(1 << (edge & 31));
  return kept;
}

/**
 * The dominance mask without the WeakMap rule, the one rule that reads names. Each word is built from 32 edge
 * types at once (weak and shortcut edges out, then the root's shortcuts back in), and the page rule runs as a
 * pass of its own only when some node is page-owned (on Chromium 156 the root's only edge leads to "(GC roots)",
 * so none is). On a 234 MB target, best of 12 in Node: 25 ms, against 42 ms clearing bits edge by edge with the
 * page test inside the loop, and 168–205 ms asking essentialEdgeFilter about every edge.
 */
export function structuralEdgeMask(
  graph: EdgeGraph,
  codes: TypeCodes,
  pageOwned: Uint8Array,
  scratch?: Scratch,
): Uint32Array {
  const { nodeCount, edgeCount, firstEdge, edgeToNode, edgeType } = graph;
  const words = Math.ceil(edgeCount / 32);
  const kept = uint32Array(scratch, words);
  const dropped = new Uint8Array(256);
  if (codes.edgeWeak >= 0) dropped[codes.edgeWeak] = 1;
  if (codes.edgeShortcut >= 0) dropped[codes.edgeShortcut] = 1;
  const whole = edgeCount >>> 5;
  for (let word = 0; word < whole; word++) {
    const base = word << 5;
    let bits = 0;
    for (let bit = 0; bit < 32; bit++) bits |= (dropped[edgeType[base + bit]] ^ 1) << bit;
    kept[word] = bits;
  }
  for (let edge = whole << 5; edge < edgeCount; edge++)
    if (dropped[edgeType[edge]] === 0) kept[edge >>> 5] |= 1 << (edge & 31);
  for (let edge = firstEdge[ROOT_ORDINAL]; edge < firstEdge[ROOT_ORDINAL + 1]; edge++)
    if (edgeType[edge] === codes.edgeShortcut) kept[edge >>> 5] |= 1 << (edge & 31);
  if (pageOwned.indexOf(1) < 0) return kept;
  for (let from = 0; from < nodeCount; from++) {
    if (from === ROOT_ORDINAL || pageOwned[from] === 1) continue;
    for (let edge = firstEdge[from]; edge < firstEdge[from + 1]; edge++)
      if (pageOwned[edgeToNode[edge]] === 1) kept[edge >>> 5] &= ~(1 << (edge & 31));
  }
  return kept;
}

/**
 * The edges the WeakMap rule drops, in edge order: internal edges from the very table their ephemeron name points
 * at. Only the tables' own edges are read, found by id, rather than every internal edge of the snapshot.
 */
export function weakMapTableEdges(snapshot: HeapSnapshot, codes: TypeCodes): number[] {
  const edges: number[] = [];
  const tableIdByName = weakMapTableIds(snapshot);
  if (tableIdByName.size === 0) return edges;
  const tableIds = new Set(tableIdByName.values());
  let lowest = Infinity;
  let highest = -Infinity;
  for (const id of tableIds) {
    lowest = Math.min(lowest, id);
    highest = Math.max(highest, id);
  }
  const { nodeCount, nodeId, firstEdge, edgeType, edgeNameOrIndex } = snapshot;
  for (let node = 0; node < nodeCount; node++) {
    const id = nodeId[node];
    if (id < lowest || id > highest || !tableIds.has(id)) continue;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++)
      if (edgeType[edge] === codes.edgeInternal && tableIdByName.get(edgeNameOrIndex[edge]) === id)
        edges.push(edge);
  }
  return edges;
}
