import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { buildSnapshot, type TestNode } from '../../../test/support/build-snapshot.ts';
import type { HeapSnapshot } from '../snapshot.ts';
import {
  BASE_SYSTEM_DISTANCE,
  computeDistances,
  NO_DISTANCE,
  NO_PARENT,
  type Distances,
} from './distances.ts';
import { computeDistancesAhead, finishDistancesAhead } from './distances-ahead.ts';
import { edgeName, typeCodes } from './node-kinds.ts';
import { isDomTreesNode, ROOT_ORDINAL, userRoots } from './page-owned.ts';

/**
 * The edges DevTools' distance filter skips (HeapSnapshot.ts, JSHeapSnapshot's filter), written from its
 * definition by name, independently of distances.ts: a native context's sloppy_function_map, and the value slots
 * (index ≥ 2, index % 3 == 1) of "(map descriptors)" arrays.
 */
function skippedEdges(snapshot: HeapSnapshot): Set<number> {
  const codes = typeCodes(snapshot);
  const skipped = new Set<number>();
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const name = snapshot.strings.get(snapshot.nodeName[node]!);
    const nativeContext = name.startsWith('system / NativeContext');
    const descriptors = name === '(map descriptors)' && snapshot.nodeType[node] === codes.array;
    if (!nativeContext && !descriptors) continue;
    for (let edge = snapshot.firstEdge[node]!; edge < snapshot.firstEdge[node + 1]!; edge++) {
      const edgeLabel = edgeName(snapshot, codes, edge);
      const index = Number(edgeLabel);
      if (nativeContext && edgeLabel === 'sloppy_function_map') skipped.add(edge);
      if (descriptors && index >= 2 && index % 3 === 1) skipped.add(edge);
    }
  }
  return skipped;
}

/**
 * What makes `found` the BFS distances past the skipped edges: roots at 1, the GC root's side from BASE_SYSTEM_DISTANCE
 * (0 with no user roots), every parent one step closer over an edge the BFS may follow, and no such edge that
 * would make a node closer. Returns the violations (an expect per edge is too slow for 200k edges).
 */
function breadthFirstViolations(snapshot: HeapSnapshot, found: Distances): string[] {
  const { distance, parent } = found;
  const codes = typeCodes(snapshot);
  const skipped = skippedEdges(snapshot);
  const followable = (edge: number) => snapshot.edgeType[edge] !== codes.edgeWeak && !skipped.has(edge);
  const roots = userRoots(snapshot, codes, isDomTreesNode(snapshot));
  const violations: string[] = [];
  for (const root of roots) if (distance[root] !== 1) violations.push(`root ${root} at ${distance[root]}`);
  if (distance[ROOT_ORDINAL] !== (roots.length > 0 ? BASE_SYSTEM_DISTANCE : 0))
    violations.push(`the GC root at ${distance[ROOT_ORDINAL]}`);
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (distance[node] === NO_DISTANCE) {
      if (parent[node] !== NO_PARENT) violations.push(`unreached ${node} has a parent`);
      continue;
    }
    const from = parent[node]!;
    if (node !== ROOT_ORDINAL && from !== ROOT_ORDINAL) {
      if (distance[node] !== distance[from]! + 1) violations.push(`${node} is not one past its parent`);
      let viaFollowable = false;
      for (let edge = snapshot.firstEdge[from]!; edge < snapshot.firstEdge[from + 1]!; edge++)
        if (snapshot.edgeToNode[edge] === node && followable(edge)) viaFollowable = true;
      if (!viaFollowable) violations.push(`${node} has no followable edge from its parent`);
    }
    for (let edge = snapshot.firstEdge[node]!; edge < snapshot.firstEdge[node + 1]!; edge++) {
      if (!followable(edge)) continue;
      const child = snapshot.edgeToNode[edge]!;
      // Within one search (the user roots' side, or the GC root's for what they left) no edge may be a shortcut.
      const sameSide = distance[node]! < BASE_SYSTEM_DISTANCE === distance[child]! < BASE_SYSTEM_DISTANCE;
      const fine = sameSide
        ? distance[child]! <= distance[node]! + 1
        : distance[child]! < BASE_SYSTEM_DISTANCE;
      if (!fine) violations.push(`edge ${edge} would bring ${child} closer`);
    }
  }
  return violations;
}

// A Chromium 156 page's root holds only "(GC roots)" (no Window shortcut: every distance is from the GC root); a
// Node process's has a user root.
describe.each([
  ['a Chromium page', fixtureSnapshot('closure-detached', 'final')],
  ['a Node process', fixtureSnapshot('node', 'process')],
])('distances in %s', (_name, file) => {
  const snapshot = loadSnapshot(file);

  it('are a breadth-first search from the user roots, then the GC root, past the edges DevTools skips', () => {
    expect(skippedEdges(snapshot).size).toBeGreaterThan(0);
    const found = computeDistances(snapshot, typeCodes(snapshot));
    expect(breadthFirstViolations(snapshot, found)).toEqual([]);
    expect(found.distance.filter((d) => d !== NO_DISTANCE).length).toBeGreaterThan(snapshot.nodeCount / 2);
  });

  it('come out the same from the search ahead of the names, with parents that pass the same checks', () => {
    const exact = computeDistances(snapshot, typeCodes(snapshot));
    const ahead = computeDistancesAhead(snapshot);
    const finished = finishDistancesAhead(snapshot, typeCodes(snapshot), ahead);
    expect(finished).toBeDefined();
    expect(finished!.distance).toEqual(exact.distance);
    expect(breadthFirstViolations(snapshot, finished!)).toEqual([]);
  });
});

it('the search ahead of the names reaches some of a Chromium page first over an edge the filter skips', () => {
  // What finishDistancesAhead mends: without such a node the test above would not exercise it.
  const snapshot = loadSnapshot(fixtureSnapshot('closure-detached', 'final'));
  const { parent } = computeDistancesAhead(snapshot);
  const reachedOverSkipped = [...skippedEdges(snapshot)].filter((edge) => {
    const child = snapshot.edgeToNode[edge]!;
    return snapshot.firstEdge[parent[child]!]! <= edge && edge < snapshot.firstEdge[parent[child]! + 1]!;
  });
  expect(reachedOverSkipped.length).toBeGreaterThan(0);
});

describe('the distance filter', () => {
  // root → Window (a user root) → native context ─sloppy_function_map→ map, and Window → a → b → map as well.
  // Window → "(map descriptors)" ─slots 3, 4, 5, 7→ c, f, g, h, and Window → d → e → each of them as well. Slots
  // 4 and 7 hold values (index ≥ 2, index % 3 == 1). They are hidden edges (a number) or, as V8 writes a
  // descriptor array's, internal edges named "3", "4"… (a string, whose name_or_index is a string index).
  const SLOTS = [3, 4, 5, 7];
  const TARGETS = [7, 10, 11, 12];
  const graph = (nativeContext: string, descriptors: string, slotType = 'hidden'): TestNode[] => [
    { name: '', type: 'synthetic', edges: [{ to: 1, type: 'shortcut' }] },
    { name: 'Window', edges: [{ to: 2 }, { to: 4 }, { to: 6 }, { to: 8 }] },
    {
      name: nativeContext,
      type: 'hidden',
      edges: [{ to: 3, name: 'sloppy_function_map', type: 'internal' }],
    },
    { name: 'system / Map', type: 'hidden' },
    { name: 'a', edges: [{ to: 5 }] },
    { name: 'b', edges: [{ to: 3 }] },
    {
      name: descriptors,
      type: 'array',
      edges: SLOTS.map((slot, k) => ({
        to: TARGETS[k]!,
        name: slotType === 'hidden' ? slot : String(slot),
        type: slotType,
      })),
    },
    { name: 'c' },
    { name: 'd', edges: [{ to: 9 }] },
    { name: 'e', edges: TARGETS.map((to) => ({ to })) },
    { name: 'f' },
    { name: 'g' },
    { name: 'h' },
  ];
  const distancesIn = (nodes: TestNode[]) => {
    const snapshot = buildSnapshot(nodes);
    const found = computeDistances(snapshot, typeCodes(snapshot));
    expect(breadthFirstViolations(snapshot, found)).toEqual([]);
    return { map: found.distance[3], slots: TARGETS.map((target) => found.distance[target]) };
  };

  /**
   * root → Window → native context ─sloppy_function_map→ map (node 3, with `mapEdges`), and Window → node 4, the
   * first of `rest`.
   */
  const mapBehindNativeContext = (mapEdges: TestNode['edges'], rest: TestNode[]): TestNode[] => [
    { name: '', type: 'synthetic', edges: [{ to: 1, type: 'shortcut' }] },
    { name: 'Window', edges: [{ to: 2 }, { to: 4 }] },
    {
      name: 'system / NativeContext',
      type: 'hidden',
      edges: [{ to: 3, name: 'sloppy_function_map', type: 'internal' }],
    },
    { name: 'system / Map', type: 'hidden', edges: mapEdges },
    ...rest,
  ];

  it('searches again what the search ahead of the names reached nearer over a skipped edge', () => {
    for (const nodes of [
      graph('system / NativeContext', '(map descriptors) copy'),
      graph('system / Context', '(map descriptors)'),
      graph('system / Context', '(map descriptors) copy'), // nothing skipped: the search ahead is the answer
    ]) {
      const snapshot = buildSnapshot(nodes);
      const finished = finishDistancesAhead(snapshot, typeCodes(snapshot), computeDistancesAhead(snapshot));
      expect(finished?.distance).toEqual(computeDistances(snapshot, typeCodes(snapshot)).distance);
      expect(breadthFirstViolations(snapshot, finished!)).toEqual([]);
    }
  });

  it('keeps a distance the search ahead reached over a skipped edge when a kept one on its level does too', () => {
    // Window → x → map: the same level as the native context's skipped edge.
    const snapshot = buildSnapshot(
      mapBehindNativeContext([{ to: 5 }], [{ name: 'x', edges: [{ to: 3 }] }, { name: 'prototype' }]),
    );
    const ahead = computeDistancesAhead(snapshot);
    expect(ahead.parent[3]).toBe(2);
    const finished = finishDistancesAhead(snapshot, typeCodes(snapshot), ahead)!;
    expect(finished.distance).toEqual(computeDistances(snapshot, typeCodes(snapshot)).distance);
    expect(finished.parent[3]).toBe(4);
    expect(breadthFirstViolations(snapshot, finished)).toEqual([]);
  });

  it("searches again past the user roots' side: a map only the GC root's side reaches, or nothing does", () => {
    // root → Window → native context ─sloppy_function_map→ map → leaf, both maps; the first map is held by the
    // GC roots as well (root → "(GC roots)" → holder → map), so under the filter it is reached from there only.
    const snapshot = buildSnapshot([
      {
        name: '',
        type: 'synthetic',
        edges: [
          { to: 1, type: 'shortcut' },
          { to: 6, type: 'element' },
        ],
      },
      { name: 'Window', edges: [{ to: 2 }] },
      {
        name: 'system / NativeContext',
        type: 'hidden',
        edges: [
          { to: 3, name: 'sloppy_function_map', type: 'internal' },
          { to: 5, name: 'sloppy_function_map', type: 'internal' },
        ],
      },
      { name: 'system / Map', type: 'hidden', edges: [{ to: 4 }] },
      { name: 'leaf' },
      { name: 'system / Map', type: 'hidden', edges: [{ to: 4 }] },
      { name: '(GC roots)', type: 'synthetic', edges: [{ to: 7 }] },
      { name: 'holder', edges: [{ to: 3 }] },
    ]);
    const ahead = computeDistancesAhead(snapshot);
    expect(ahead.parent[3]).toBe(2);
    const finished = finishDistancesAhead(snapshot, typeCodes(snapshot), ahead)!;
    const exact = computeDistances(snapshot, typeCodes(snapshot));
    expect(finished.distance).toEqual(exact.distance);
    expect(finished.distance[3]).toBe(BASE_SYSTEM_DISTANCE + 3);
    expect(finished.distance[5]).toBe(NO_DISTANCE);
    expect(breadthFirstViolations(snapshot, finished)).toEqual([]);
  });

  it('is left to computeDistances when the filter moves more than it would search itself', () => {
    // The map holds 2000 nodes, and Window → a → b → map is one step longer.
    const many = 2000;
    const snapshot = buildSnapshot(
      mapBehindNativeContext(
        Array.from({ length: many }, (_, k) => ({ to: 6 + k })),
        [
          { name: 'a', edges: [{ to: 5 }] },
          { name: 'b', edges: [{ to: 3 }] },
          ...Array.from({ length: many }, () => ({ name: 'leaf' })),
        ],
      ),
    );
    expect(
      finishDistancesAhead(snapshot, typeCodes(snapshot), computeDistancesAhead(snapshot)),
    ).toBeUndefined();
  });

  it('is left to computeDistances when the root has a "(Document DOM trees)" child, a user root by name', () => {
    const snapshot = buildSnapshot([
      {
        name: '',
        type: 'synthetic',
        edges: [
          { to: 1, type: 'shortcut' },
          { to: 2, type: 'element' },
        ],
      },
      { name: 'Window', edges: [{ to: 3 }] },
      { name: '(Document DOM trees)', type: 'synthetic', edges: [{ to: 3 }] },
      { name: 'div' },
    ]);
    expect(
      finishDistancesAhead(snapshot, typeCodes(snapshot), computeDistancesAhead(snapshot)),
    ).toBeUndefined();
  });

  it('takes the longer way round the skipped edges, and the shorter one where the names do not match', () => {
    const nativeContext = 'system / NativeContext / https://example.test';
    // Window → a → b → map, not through the native context; the value slots' targets through d → e.
    expect(distancesIn(graph(nativeContext, '(map descriptors)'))).toEqual({ map: 4, slots: [3, 4, 3, 4] });
    expect(distancesIn(graph(nativeContext, '(map descriptors)', 'internal')).slots).toEqual([3, 4, 3, 4]);
    expect(distancesIn(graph('system / Context', '(map descriptors) copy'))).toEqual({
      map: 3,
      slots: [3, 3, 3, 3],
    });
  });
});
