import type { HeapSnapshot } from '../snapshot.ts';
import { fillPredecessors } from './predecessors.ts';
import { ROOT_ORDINAL } from './page-owned.ts';
import type { Scratch } from './scratch.ts';

const NONE = 0xffffffff;

export interface DominatorTree {
  /** Immediate dominator of each node ordinal; the root dominates itself. */
  dominator: Uint32Array;
  /** Node ordinals in DFS preorder: every node comes after its dominator. */
  preorder: Uint32Array;
}

/**
 * Immediate dominators by Lengauer–Tarjan semi-dominators (Lengauer & Tarjan 1979, "A fast algorithm for finding
 * dominators in a flowgraph") with the SNCA idom step (Georgiadis 2005: idom(w) is the nearest common ancestor of
 * parent(w) and sdom(w) in the DFS tree, found by walking up). Iterative throughout — no recursion on 10 M-node
 * graphs — and every array is indexed by preorder number: six words a node, one a kept edge and a bit an edge (the
 * mask) at the peak.
 * Nodes the DFS from the root does not reach over essential edges (only weakly held ones) hang off the root, as
 * DevTools does.
 */
/**
 * `kept` has a bit for each edge, set when it takes part (dominanceEdgeMask: essential, and not non-page → page).
 * Its temporaries go back to `scratch` (when given) for the phases that follow.
 */
export function computeDominators(
  snapshot: HeapSnapshot,
  kept: Uint32Array,
  scratch?: Scratch,
): DominatorTree {
  const { nodeCount: count, firstEdge, edgeToNode } = snapshot;
  const preorderOf = new Uint32Array(count).fill(NONE);
  const vertex = new Uint32Array(count);
  const parent = new Uint32Array(count);
  const fromRoot = new Uint8Array(count);
  const semi = new Uint32Array(count);
  const label = new Uint32Array(count);
  // The DFS stack of (node, next edge) pairs borrows semi and label, which are only filled after the DFS.
  const stackNode = semi;
  const stackEdge = label;
  let next = 0;

  // Kept edges are counted per target as the DFS meets them, each exactly once: the first half of the counting
  // sort that builds the predecessor lists, without a pass of its own.
  const firstPred = scratch ? scratch.uint32(count + 1) : new Uint32Array(count + 1);

  const dfs = (start: number, startParent: number): void => {
    preorderOf[start] = next;
    vertex[next] = start;
    parent[next] = startParent;
    next++;
    let top = 0;
    stackNode[0] = start;
    stackEdge[0] = firstEdge[start];
    while (top >= 0) {
      const node = stackNode[top];
      const end = firstEdge[node + 1];
      let edge = stackEdge[top];
      let descended = false;
      for (; edge < end; edge++) {
        if ((kept[edge >>> 5] & (1 << (edge & 31))) === 0) continue;
        const child = edgeToNode[edge];
        firstPred[child]++;
        if (preorderOf[child] !== NONE) continue;
        stackEdge[top] = edge + 1;
        preorderOf[child] = next;
        vertex[next] = child;
        parent[next] = preorderOf[node];
        next++;
        top++;
        stackNode[top] = child;
        stackEdge[top] = firstEdge[child];
        descended = true;
        break;
      }
      if (!descended) top--;
    }
  };

  dfs(ROOT_ORDINAL, 0);
  for (let node = 0; node < count; node++) {
    if (preorderOf[node] !== NONE) continue;
    fromRoot[node] = 1;
    dfs(node, 0);
  }

  // Predecessors over kept edges, in preorder space (see predecessors.ts). After that the ordinal → preorder map
  // is not needed any more and its words become `ancestor`.
  const { pred } = fillPredecessors(snapshot, kept, firstPred, vertex, preorderOf, label);
  const ancestor = preorderOf;

  // Semi-dominators, in reverse preorder, with path-compressed EVAL over the forest built so far.
  const path: number[] = []; // compression stack: as deep as the longest unlinked path, usually short
  for (let v = 0; v < count; v++) {
    semi[v] = v;
    label[v] = v;
    ancestor[v] = NONE;
  }
  for (let w = count - 1; w > 0; w--) {
    let best = semi[w];
    if (fromRoot[vertex[w]] === 1) best = 0;
    for (let r = firstPred[w]; r < firstPred[w + 1]; r++) {
      const v = pred[r];
      let candidate: number;
      if (v <= w) candidate = v;
      else {
        // EVAL(v): compress the path to the forest root, then the label holds the minimum semi on it.
        let x = v;
        while (ancestor[x] !== NONE && ancestor[ancestor[x]] !== NONE) {
          path.push(x);
          x = ancestor[x];
        }
        while (path.length > 0) {
          const y = path.pop()!;
          const a = ancestor[y];
          if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
          ancestor[y] = ancestor[a];
        }
        candidate = semi[label[v]];
      }
      if (candidate < best) best = candidate;
    }
    semi[w] = best;
    ancestor[w] = parent[w]; // LINK(parent(w), w)
  }

  // SNCA: walk up from the DFS parent until at or above the semi-dominator.
  const idom = ancestor; // reuse once more
  idom[0] = 0;
  for (let w = 1; w < count; w++) {
    let d = parent[w];
    while (d > semi[w]) d = idom[d];
    idom[w] = d;
  }
  const dominator = label; // reuse: labels are no longer needed
  for (let w = 0; w < count; w++) dominator[vertex[w]] = vertex[idom[w]];
  scratch?.give(parent, semi, ancestor, fromRoot, firstPred, pred);
  return { dominator, preorder: vertex };
}
