import { describe, expect, it } from 'vitest';
import { analyzeSnapshot, createSnapshotParser, type HeapSnapshot } from '../index.ts';
import { buildSnapshotText, type TestNode } from '../../../test/support/build-snapshot.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { typeCodes } from './node-kinds.ts';
import { essentialEdgeFilter } from './essential-edges.ts';
import { markPageOwned } from './page-owned.ts';

/** The synthetic root, with an element edge to each of `children`. */
function rootOf(...children: number[]): TestNode {
  return { name: '', type: 'synthetic', selfSize: 0, edges: children.map((to) => ({ to, type: 'element' })) };
}

function snapshotOf(nodes: TestNode[]): HeapSnapshot {
  const parser = createSnapshotParser();
  parser.write(buildSnapshotText(nodes));
  return parser.end();
}

/**
 * An independent reference: Cooper, Harvey & Kennedy's iterative algorithm ("A Simple, Fast Dominance Algorithm",
 * 2001) over reverse postorder, on the same essential-edge graph. Nodes the root cannot reach get a virtual root
 * edge, one per unreached region in ordinal order, as the engine (and DevTools) attach them to the root.
 */
function referenceDominators(snapshot: HeapSnapshot): Int32Array {
  const codes = typeCodes(snapshot);
  const essential = essentialEdgeFilter(snapshot, codes);
  const page = markPageOwned(snapshot, codes);
  const n = snapshot.nodeCount;
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (let from = 0; from < n; from++) {
    for (let e = snapshot.firstEdge[from]; e < snapshot.firstEdge[from + 1]; e++) {
      const to = snapshot.edgeToNode[e];
      if (!essential(from, e)) continue;
      if (from !== 0 && page[to] === 1 && page[from] === 0) continue;
      succ[from].push(to);
    }
  }
  const reached = new Uint8Array(n);
  const flood = (start: number) => {
    const stack = [start];
    reached[start] = 1;
    while (stack.length) {
      for (const to of succ[stack.pop()!]) {
        if (reached[to]) continue;
        reached[to] = 1;
        stack.push(to);
      }
    }
  };
  flood(0);
  for (let v = 1; v < n; v++) {
    if (reached[v]) continue;
    succ[0].push(v);
    flood(v);
  }
  const pred: number[][] = Array.from({ length: n }, () => []);
  succ.forEach((list, from) => list.forEach((to) => pred[to].push(from)));
  // Postorder numbering by iterative DFS.
  const order: number[] = [];
  const seen = new Uint8Array(n);
  const stack: [number, number][] = [[0, 0]];
  seen[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top[1] < succ[top[0]].length) {
      const to = succ[top[0]][top[1]++];
      if (!seen[to]) {
        seen[to] = 1;
        stack.push([to, 0]);
      }
    } else order.push(stack.pop()![0]);
  }
  const post = new Int32Array(n);
  order.forEach((v, k) => (post[v] = k));
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (post[a] < post[b]) a = idom[a];
      while (post[b] < post[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k];
      if (v === 0) continue;
      let next = -1;
      for (const p of pred[v]) if (idom[p] !== -1) next = next === -1 ? p : intersect(p, next);
      if (idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  return idom;
}

describe('dominators and retained sizes on hand-built graphs', () => {
  it('finds the join point of a diamond and sums retained sizes below it', () => {
    //      root → a → c → d
    //      root → b → c
    const s = snapshotOf([
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
    const s = snapshotOf([
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
    const s = snapshotOf([
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
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 30; round++) {
      const count = 5 + Math.floor(random() * 60);
      const nodes: TestNode[] = Array.from({ length: count }, (_, k) => ({
        name: k === 0 ? '' : `n${k}`,
        type: k === 0 ? 'synthetic' : 'object',
        selfSize: 1 + Math.floor(random() * 100),
        edges: [],
      }));
      for (let k = 0; k < count * 2; k++) {
        const from = Math.floor(random() * count);
        const to = 1 + Math.floor(random() * (count - 1));
        const draw = random();
        // Shortcuts from the root make page-owned nodes (the rule on edges into them); ephemeron-named internal
        // edges from the node the name calls the table are dropped (the WeakMap rule).
        if (draw < 0.1) nodes[from].edges!.push({ to, type: 'weak' });
        else if (draw < 0.15) nodes[0].edges!.push({ to, type: 'shortcut' });
        else if (draw < 0.25) {
          const name = `${k} / part of key (k @${2 * to + 1}) -> value (v @${2 * to + 1}) pair in WeakMap (table @${2 * from + 1})`;
          nodes[from].edges!.push({ to, type: 'internal', name });
        } else nodes[from].edges!.push({ to, type: 'property' });
      }
      nodes.forEach((node, ordinal) => (node.id = 2 * ordinal + 1));
      const s = snapshotOf(nodes);
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
