/**
 * Test support for dominator algorithms: an independent reference implementation, and random graphs that exercise
 * every rule of the dominance mask.
 */
import type { HeapSnapshot } from '../../src/core/index.ts';
import { typeCodes } from '../../src/core/graph/node-kinds.ts';
import { essentialEdgeFilter, weakMapTableIds } from '../../src/core/graph/essential-edges.ts';
import { markPageOwned } from '../../src/core/graph/page-owned.ts';
import type { TestNode } from './build-snapshot.ts';

/**
 * An independent reference: Cooper, Harvey & Kennedy's iterative algorithm ("A Simple, Fast Dominance Algorithm",
 * 2001) over reverse postorder, on the same essential-edge graph. Nodes the root cannot reach get a virtual root
 * edge, one per unreached region in ordinal order, as the engine (and DevTools) attach them to the root.
 */
export function referenceDominators(snapshot: HeapSnapshot): Int32Array {
  const codes = typeCodes(snapshot);
  const essential = essentialEdgeFilter(snapshot, codes, weakMapTableIds(snapshot));
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

/** A linear congruential generator: the same graphs on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/**
 * 5–64 nodes and twice as many edges: weak edges, shortcuts from the root (page-owned nodes, and the rule on edges
 * into them), ephemeron-named internal edges from the node the name calls the table (the WeakMap rule), and
 * property edges. Ids are odd, as V8's JS object ids.
 */
export function randomHeapGraph(random: () => number): TestNode[] {
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
    if (draw < 0.1) nodes[from].edges!.push({ to, type: 'weak' });
    else if (draw < 0.15) nodes[0].edges!.push({ to, type: 'shortcut' });
    else if (draw < 0.25) {
      const name = `${k} / part of key (k @${2 * to + 1}) -> value (v @${2 * to + 1}) pair in WeakMap (table @${2 * from + 1})`;
      nodes[from].edges!.push({ to, type: 'internal', name });
    } else nodes[from].edges!.push({ to, type: 'property' });
  }
  nodes.forEach((node, ordinal) => (node.id = 2 * ordinal + 1));
  return nodes;
}
