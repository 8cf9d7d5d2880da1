import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../index.ts';
import { buildSnapshot, type TestNode } from '../../../test/support/build-snapshot.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import {
  randomHeapGraph,
  referenceDominators,
  seededRandom,
} from '../../../test/support/reference-dominators.ts';

/** The synthetic root, with an element edge to each of `children`. */
function rootOf(...children: number[]): TestNode {
  return { name: '', type: 'synthetic', selfSize: 0, edges: children.map((to) => ({ to, type: 'element' })) };
}

describe('dominators and retained sizes on hand-built graphs', () => {
  it('finds the join point of a diamond and sums retained sizes below it', () => {
    //      root → a → c → d
    //      root → b → c
    const s = buildSnapshot([
      rootOf(1, 2),
      { name: 'a', selfSize: 1, edges: [{ to: 3 }] },
      { name: 'b', selfSize: 2, edges: [{ to: 3 }] },
      { name: 'c', selfSize: 4, edges: [{ to: 4 }] },
      { name: 'd', selfSize: 8 },
    ]);
    const analysis = analyzeSnapshot(s);
    expect(Array.from(analysis.dominator)).toEqual([0, 0, 0, 0, 3]);
    expect(Array.from(analysis.retainedSize)).toEqual([15, 1, 2, 12, 8]);
  });

  it('ignores weak edges, self edges and shortcut edges that do not start at the root', () => {
    const s = buildSnapshot([
      rootOf(1, 2),
      { name: 'holder', selfSize: 1, edges: [{ to: 3 }, { to: 1 }, { to: 4, type: 'weak' }] },
      { name: 'other', selfSize: 1, edges: [{ to: 3, type: 'shortcut' }] },
      { name: 'owned', selfSize: 5 },
      { name: 'weakly held', selfSize: 7 },
    ]);
    const analysis = analyzeSnapshot(s);
    expect(analysis.dominator[3]).toBe(1); // the shortcut from `other` does not count
    expect(analysis.dominator[4]).toBe(0); // only weakly held: hangs off the root
    expect(analysis.retainedSize[1]).toBe(6);
  });

  it("does not count a WeakMap table's edge to a value: the key retains it", () => {
    // root → table → value (the ephemeron edge V8 names after the table), root → key → value
    const ephemeron = '1 / part of key (Key @5) -> value (Value @7) pair in WeakMap (table @3)';
    const s = buildSnapshot([
      rootOf(1, 2),
      { name: 'table', id: 3, selfSize: 1, edges: [{ to: 3, type: 'internal', name: ephemeron }] },
      { name: 'Key', id: 5, selfSize: 1, edges: [{ to: 3, type: 'internal', name: ephemeron }] },
      { name: 'Value', id: 7, selfSize: 9 },
    ]);
    const analysis = analyzeSnapshot(s);
    expect(analysis.dominator[3]).toBe(2);
    expect(analysis.retainedSize[2]).toBe(10);
    expect(analysis.retainedSize[1]).toBe(1);
  });

  it('agrees with an independent algorithm on random graphs', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 30; round++) {
      const nodes = randomHeapGraph(random);
      const s = buildSnapshot(nodes);
      expect(Array.from(analyzeSnapshot(s).dominator)).toEqual(Array.from(referenceDominators(s)));
    }
  });
});

describe('dominators on a real Chromium snapshot', () => {
  it('match Cooper–Harvey–Kennedy on every node, and retained sizes add up', () => {
    const snapshot = loadSnapshot(fixtureSnapshot('listener-pileup', 'final'));
    const analysis = analyzeSnapshot(snapshot);
    const reference = referenceDominators(snapshot);
    let mismatches = 0;
    for (let node = 0; node < snapshot.nodeCount; node++)
      if (analysis.dominator[node] !== reference[node]) mismatches++;
    expect(mismatches).toBe(0);
    expect(analysis.retainedSize[0]).toBe(analysis.totalSize);
    // Independent retained sizes: sum self sizes over each node's dominator subtree by climbing.
    const check = new Float64Array(snapshot.nodeCount);
    for (let node = 0; node < snapshot.nodeCount; node++) {
      for (let x = node; ; x = reference[x]) {
        check[x] += snapshot.nodeSelfSize[node];
        if (x === 0) break;
      }
    }
    expect(Array.from(analysis.retainedSize)).toEqual(Array.from(check));
  });
});
