import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { buildSnapshotText } from '../../../test/support/build-snapshot.ts';
import { createSnapshotParser } from '../parser/snapshot-parser.ts';
import type { HeapSnapshot } from '../snapshot.ts';
import {
  BASE_SYSTEM_DISTANCE,
  computeDistances,
  distanceRules,
  distancesFrom,
  NO_DISTANCE,
  NO_PARENT,
  type DistanceRules,
  type Distances,
} from './distances.ts';
import { edgeName, typeCodes } from './node-kinds.ts';
import { ROOT_ORDINAL } from './page-owned.ts';

/**
 * What makes `found` the BFS distances under `rules`: roots at 1, the GC root's side from BASE_SYSTEM_DISTANCE
 * (0 with no user roots), every parent one step closer over an edge the BFS may follow, and no such edge that
 * would make a node closer. Returns the violations (an expect per edge is too slow for 200k edges).
 */
function breadthFirstViolations(snapshot: HeapSnapshot, rules: DistanceRules, found: Distances): string[] {
  const { distance, parent } = found;
  const skipped = new Set(rules.skippedEdges);
  const followable = (edge: number) => snapshot.edgeType[edge] !== rules.weakEdgeType && !skipped.has(edge);
  const violations: string[] = [];
  for (const root of rules.roots)
    if (distance[root] !== 1) violations.push(`root ${root} at ${distance[root]}`);
  if (distance[ROOT_ORDINAL] !== (rules.roots.length > 0 ? BASE_SYSTEM_DISTANCE : 0))
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

function loadSnapshotText(text: string): HeapSnapshot {
  const parser = createSnapshotParser();
  parser.write(text);
  return parser.end();
}

// A Chromium 156 page's root holds only "(GC roots)" (no Window shortcut: every distance is from the GC root); a
// Node process's has a user root.
describe.each([
  ['a Chromium page', fixtureSnapshot('closure-detached', 'final')],
  ['a Node process', fixtureSnapshot('node', 'process')],
])('distances in %s', (_name, file) => {
  const snapshot = loadSnapshot(file);
  const codes = typeCodes(snapshot);
  const rules = distanceRules(snapshot, codes);

  it('skips exactly the edges DevTools’ filter skips: sloppy_function_map of native contexts, descriptor values', () => {
    expect(rules.skippedEdges.length).toBeGreaterThan(0);
    expect([...rules.skippedEdges]).toEqual([...rules.skippedEdges].sort((a, b) => a - b));
    const owners = new Set(rules.skippingNodes);
    let nativeContextEdges = 0;
    for (const node of owners) {
      const name = snapshot.strings.get(snapshot.nodeName[node]!);
      for (let edge = snapshot.firstEdge[node]!; edge < snapshot.firstEdge[node + 1]!; edge++) {
        if (!rules.skippedEdges.includes(edge)) continue;
        if (name.startsWith('system / NativeContext')) {
          expect(edgeName(snapshot, codes, edge)).toBe('sloppy_function_map');
          nativeContextEdges++;
        } else {
          expect(name).toBe('(map descriptors)');
          expect(snapshot.nodeType[node]).toBe(codes.array);
          expect(snapshot.edgeNameOrIndex[edge]! % 3).toBe(1);
        }
      }
    }
    expect(nativeContextEdges).toBeGreaterThan(0);
  });

  it('is a breadth-first search from the user roots, then the GC root, under those rules', () => {
    const found = computeDistances(snapshot, codes);
    expect(breadthFirstViolations(snapshot, rules, found)).toEqual([]);
    expect(found.distance.filter((d) => d !== NO_DISTANCE).length).toBeGreaterThan(snapshot.nodeCount / 2);
    // The same from copies of the edge arrays alone: the BFS reads nothing else.
    const edgesOnly = {
      nodeCount: snapshot.nodeCount,
      edgeCount: snapshot.edgeCount,
      nodeTypeNames: snapshot.nodeTypeNames,
      edgeTypeNames: snapshot.edgeTypeNames,
      firstEdge: snapshot.firstEdge.slice(),
      edgeToNode: snapshot.edgeToNode.slice(),
      edgeType: snapshot.edgeType.slice(),
    };
    const copied = distancesFrom(edgesOnly, structuredClone(rules));
    expect(copied.distance).toEqual(found.distance);
    expect(copied.parent).toEqual(found.parent);
  });
});

describe('distance rules', () => {
  // root → Window (a user root) → native context ─sloppy_function_map→ map; Window → a → b → map as well; and
  // Window → "(map descriptors)" ─index 4 (a value slot)→ c, Window → d → e → c.
  const snapshot = loadSnapshotText(
    buildSnapshotText([
      { name: '', type: 'synthetic', edges: [{ to: 1, type: 'shortcut' }] },
      { name: 'Window', edges: [{ to: 2 }, { to: 4 }, { to: 6 }, { to: 8 }] },
      {
        name: 'system / NativeContext / https://example.test',
        type: 'hidden',
        edges: [{ to: 3, name: 'sloppy_function_map', type: 'internal' }],
      },
      { name: 'system / Map', type: 'hidden' },
      { name: 'a', edges: [{ to: 5 }] },
      { name: 'b', edges: [{ to: 3 }] },
      {
        name: '(map descriptors)',
        type: 'array',
        edges: [
          { to: 9, name: 3, type: 'hidden' },
          { to: 7, name: 4, type: 'hidden' },
        ],
      },
      { name: 'c' },
      { name: 'd', edges: [{ to: 9 }] },
      { name: 'e', edges: [{ to: 7 }] },
    ]),
  );
  const rules = distanceRules(snapshot);

  it('takes the longer way round the skipped edges, and the shorter one without the rules', () => {
    expect(rules.roots).toEqual([1]);
    expect([...rules.skippingNodes]).toEqual([2, 6]);
    const found = distancesFrom(snapshot, rules);
    const { distance } = found;
    expect(distance[3]).toBe(4); // Window → a → b → map, not through the native context
    expect(distance[7]).toBe(4); // Window → d → e → c, not through the descriptors' value slot
    expect(breadthFirstViolations(snapshot, rules, found)).toEqual([]);
    const none = new Uint32Array(0);
    const unfiltered = distancesFrom(snapshot, { ...rules, skippingNodes: none, skippedEdges: none });
    expect(unfiltered.distance[3]).toBe(3);
    expect(unfiltered.distance[7]).toBe(3);
  });
});
