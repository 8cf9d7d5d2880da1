import type { EdgeGraph } from '../snapshot.ts';
import { fillPredecessors } from './predecessors.ts';
import { ROOT_ORDINAL } from './page-owned.ts';
import { uint32Array, uint8Array, type Scratch } from './scratch.ts';

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
 *
 * `kept` has a bit for each edge, set when it takes part (dominanceEdgeMask: essential, and not non-page → page).
 * Its temporaries go back to `scratch` (when given) for the phases that follow.
 */
export function computeDominators(graph: EdgeGraph, kept: Uint32Array, scratch?: Scratch): DominatorTree {
  const search = searchDepthFirst(graph, kept, scratch);
  const { forest } = search;
  const dominator = dominatorsOfForest(forest, search.semi, search.label, search.preorderOf);
  scratch?.give(
    forest.parent,
    search.semi,
    search.preorderOf,
    forest.fromRoot,
    forest.firstPred,
    forest.pred,
  );
  return { dominator, preorder: forest.vertex };
}

/**
 * The DFS forest over the kept edges (from the root, then from each node it left unreached, in ordinal order) and
 * the predecessor lists in its preorder: everything the semi-dominator step reads. Split from that step so the
 * lists can be corrected in between (dominators-ahead.ts).
 */
export interface DepthFirstForest {
  /** Node ordinal of each preorder number. */
  vertex: Uint32Array;
  /** DFS parent of each preorder number, a preorder number (0 for the starts). */
  parent: Uint32Array;
  /** 1 for the nodes (by ordinal) a DFS started at, apart from the root. */
  fromRoot: Uint8Array;
  /** Predecessors over kept edges in preorder space (see predecessors.ts). */
  firstPred: Uint32Array;
  pred: Uint32Array;
}

/** A forest with the three words a node the semi-dominator step works in. */
export interface DepthFirstSearch {
  forest: DepthFirstForest;
  /** Preorder number of each node ordinal. */
  preorderOf: Uint32Array;
  semi: Uint32Array;
  label: Uint32Array;
}

export function searchDepthFirst(graph: EdgeGraph, kept: Uint32Array, scratch?: Scratch): DepthFirstSearch {
  const count = graph.nodeCount;
  // By ordinal, interleaved while the DFS runs: the preorder number (state[2x]) and the kept edges met into the node
  // (state[2x + 1], each counted exactly once: the first half of the counting sort that builds the predecessor
  // lists). The DFS reads both for every kept edge's target, one cache line for the two (Node, 200 MB target, best
  // of 16: the DFS 143 → 132 ms, computeDominatorsAhead 276 → 260 ms of CPU). Afterwards the same storage
  // holds the ordinal → preorder map in its lower half and the predecessor offsets in its upper one.
  const state = uint32Array(scratch, 2 * count + 1);
  for (let x = 0; x < count; x++) state[2 * x] = NONE;
  const vertex = uint32Array(scratch, count);
  const parent = uint32Array(scratch, count);
  const fromRoot = uint8Array(scratch, count);
  const semi = uint32Array(scratch, count);
  const label = uint32Array(scratch, count);
  // The DFS stack of (node, next edge) pairs borrows semi and label, which are only filled after the DFS.
  const walk: Walk = { graph, kept, state, vertex, parent, stackNode: semi, stackEdge: label, next: 0 };
  walkFrom(walk, ROOT_ORDINAL);
  walkUnreached(walk, fromRoot);
  // The counts into preorder space (`label` is free until the next step), then the map packed down: entry x
  // moves from 2x to x, which only overwrites entries already moved or counts already read.
  for (let w = 0; w < count; w++) label[w] = state[2 * vertex[w] + 1];
  for (let x = 0; x < count; x++) state[x] = state[2 * x];
  const preorderOf = state.subarray(0, count);
  const lists = fillPredecessors(graph, kept, label, state.subarray(count), preorderOf, scratch);
  return {
    forest: { vertex, parent, fromRoot, firstPred: lists.firstPred, pred: lists.pred },
    preorderOf,
    semi,
    label,
  };
}

/**
 * Redoes a search after `removed` edges (kept before, some of them tree edges) leave `kept`; they are cleared
 * here. Up to the first node one of them led the DFS to (preorder `resumeAt`), the DFS over the smaller set makes
 * the very same steps, so it resumes there with the stack it had: the path from that node's DFS start down to its
 * parent, each node's scan just past the edge it descended. Only the rest of the DFS and the predecessor lists are
 * redone, in the search's own storage.
 */
export function resumeDepthFirst(
  graph: EdgeGraph,
  kept: Uint32Array,
  search: DepthFirstSearch,
  removed: readonly number[],
  resumeAt: number,
  scratch?: Scratch,
): DepthFirstSearch {
  const { nodeCount: count, edgeToNode } = graph;
  const { preorderOf, semi, label } = search;
  const { vertex, parent, fromRoot, firstPred, pred } = search.forest;
  // In-degrees by ordinal over the new set (in `firstPred`'s storage): the old lists' lengths, less the removed edges.
  for (let w = 0; w < count; w++) semi[w] = firstPred[w + 1] - firstPred[w];
  for (let w = 0; w < count; w++) firstPred[vertex[w]] = semi[w];
  firstPred[count] = 0;
  for (const edge of removed) firstPred[edgeToNode[edge]]--;
  // The stack when the DFS took the removed edge to vertex[resumeAt]: its ancestors up to their DFS start, each
  // resuming past the edge it descended to the next node on the path, as the DFS took it then (found over the old
  // set, before the removed edges leave it); for the parent that edge was removed, and the scan goes on past it.
  const path: number[] = [];
  for (let x = parent[resumeAt]; ; x = parent[x]) {
    path.push(x);
    if (x === 0 || fromRoot[vertex[x]] === 1) break;
  }
  path.reverse();
  for (let k = 0; k < path.length; k++) {
    const node = vertex[path[k]];
    const child = vertex[k + 1 < path.length ? path[k + 1] : resumeAt];
    semi[k] = node;
    label[k] = firstKeptEdge(graph, kept, node, child) + 1;
  }
  for (const edge of removed) kept[edge >>> 5] &= ~(1 << (edge & 31));
  for (let w = resumeAt; w < count; w++) fromRoot[vertex[w]] = 0;
  // The walk's interleaved state, with the numbering up to resumeAt; the kept edges were counted above, so the
  // counts it makes are of no further use.
  const state = uint32Array(scratch, 2 * count + 1);
  for (let x = 0; x < count; x++) state[2 * x] = preorderOf[x];
  for (let w = resumeAt; w < count; w++) state[2 * vertex[w]] = NONE;
  const walk: Walk = {
    graph,
    kept,
    state,
    vertex,
    parent,
    stackNode: semi,
    stackEdge: label,
    next: resumeAt,
  };
  walkOn(walk, path.length - 1);
  walkUnreached(walk, fromRoot);
  for (let x = 0; x < count; x++) preorderOf[x] = state[2 * x];
  scratch?.give(state);
  for (let w = 0; w < count; w++) label[w] = firstPred[vertex[w]];
  const lists = fillPredecessors(graph, kept, label, firstPred, preorderOf, scratch, pred);
  return {
    forest: { vertex, parent, fromRoot, firstPred: lists.firstPred, pred: lists.pred },
    preorderOf,
    semi,
    label,
  };
}

/** Whether `kept` has the edge's bit (the DFS loop and the predecessor fill test it inline, being hot). */
export function isKept(kept: Uint32Array, edge: number): boolean {
  return (kept[edge >>> 5] & (1 << (edge & 31))) !== 0;
}

/**
 * The first kept edge from `from` to `to`, which is the edge the DFS descended when `from` is `to`'s DFS parent
 * (it scans a node's edges in order; -1 when there is none).
 */
export function firstKeptEdge(graph: EdgeGraph, kept: Uint32Array, from: number, to: number): number {
  const { firstEdge, edgeToNode } = graph;
  for (let edge = firstEdge[from]; edge < firstEdge[from + 1]; edge++)
    if (edgeToNode[edge] === to && isKept(kept, edge)) return edge;
  return -1;
}

/** The DFS's state: its numbering so far and its counts (interleaved: searchDepthFirst), and its stack of
 * (node, next edge) pairs. */
interface Walk {
  graph: EdgeGraph;
  kept: Uint32Array;
  /** By ordinal x: the preorder number at 2x (NONE before the DFS meets x), the kept edges met into x at 2x + 1. */
  state: Uint32Array;
  vertex: Uint32Array;
  parent: Uint32Array;
  stackNode: Uint32Array;
  stackEdge: Uint32Array;
  next: number;
}

/** A DFS from `start` (the root, or a node the DFSs so far left unreached, with DFS parent 0). */
function walkFrom(walk: Walk, start: number): void {
  walk.state[2 * start] = walk.next;
  walk.vertex[walk.next] = start;
  walk.parent[walk.next] = 0;
  walk.next++;
  walk.stackNode[0] = start;
  walk.stackEdge[0] = walk.graph.firstEdge[start];
  walkOn(walk, 0);
}

/** New DFSs from each node still unreached, in ordinal order, as DevTools hangs them off the root. */
function walkUnreached(walk: Walk, fromRoot: Uint8Array): void {
  for (let node = 0; node < walk.graph.nodeCount; node++) {
    if (walk.state[2 * node] !== NONE) continue;
    fromRoot[node] = 1;
    walkFrom(walk, node);
  }
}

/** The DFS loop, from a stack `top + 1` pairs high; counts each kept edge it meets by its target. */
function walkOn(walk: Walk, top: number): void {
  const { firstEdge, edgeToNode } = walk.graph;
  const { kept, state, vertex, parent, stackNode, stackEdge } = walk;
  let next = walk.next;
  while (top >= 0) {
    const node = stackNode[top];
    const end = firstEdge[node + 1];
    let edge = stackEdge[top];
    let descended = false;
    for (; edge < end; edge++) {
      if ((kept[edge >>> 5] & (1 << (edge & 31))) === 0) continue;
      const child = edgeToNode[edge];
      state[2 * child + 1]++;
      if (state[2 * child] !== NONE) continue;
      stackEdge[top] = edge + 1;
      state[2 * child] = next;
      vertex[next] = child;
      parent[next] = state[2 * node];
      next++;
      top++;
      stackNode[top] = child;
      stackEdge[top] = firstEdge[child];
      descended = true;
      break;
    }
    if (!descended) top--;
  }
  walk.next = next;
}

/**
 * The semi-dominator and SNCA steps over a forest. `semi`, `label` and `ancestor` (a word a node each, any
 * content) are its working storage; the immediate dominator of each node ordinal comes back in `label`'s.
 */
export function dominatorsOfForest(
  forest: DepthFirstForest,
  semi: Uint32Array,
  label: Uint32Array,
  ancestor: Uint32Array,
): Uint32Array {
  return finishSemiDominators(beginSemiDominators(forest, semi, label, ancestor));
}

/**
 * The semi-dominator step taken in slices, from the highest preorder number down, so a worker can answer
 * messages in between (src/worker/dominator-server.ts runs it while the names are still on their way).
 */
export interface SemiDominatorSteps {
  forest: DepthFirstForest;
  semi: Uint32Array;
  label: Uint32Array;
  ancestor: Uint32Array;
  /** The next preorder number to process: every one above it is done; 0 when all are. */
  next: number;
}

export function beginSemiDominators(
  forest: DepthFirstForest,
  semi: Uint32Array,
  label: Uint32Array,
  ancestor: Uint32Array,
): SemiDominatorSteps {
  const count = forest.vertex.length;
  for (let v = 0; v < count; v++) {
    semi[v] = v;
    label[v] = v;
    ancestor[v] = NONE;
  }
  return { forest, semi, label, ancestor, next: count - 1 };
}

/** Processes up to `budget` more nodes; true once every node is done. */
export function stepSemiDominators(steps: SemiDominatorSteps, budget = Infinity): boolean {
  const { semi, label, ancestor } = steps;
  const { vertex, parent, fromRoot, firstPred, pred } = steps.forest;
  // Semi-dominators, in reverse preorder, with path-compressed EVAL over the forest built so far. A processed
  // node's label is the smallest semi-dominator on its compressed path, the value itself rather than the node that
  // has it (as in Georgiadis, Tarjan & Werneck 2006, "Finding dominators in practice"): SNCA reads only semi-
  // dominators, and the value spares EVAL a dependent read per step (Node, 200 MB target, best of 8: this step
  // and SNCA 159 → 96 ms).
  const path: number[] = []; // compression stack: as deep as the longest unlinked path, usually short
  const stop = Math.max(0, steps.next - budget);
  let w = steps.next;
  for (; w > stop; w--) {
    let best = semi[w];
    // Only a DFS start hangs off the root without an edge from it; reading its flag for the root's children alone
    // spares a random read per node.
    if (parent[w] === 0 && fromRoot[vertex[w]] === 1) best = 0;
    for (let r = firstPred[w]; r < firstPred[w + 1]; r++) {
      const v = pred[r];
      let candidate: number;
      if (v <= w) candidate = v;
      else {
        // EVAL(v): compress the path to the forest root, then its label is the minimum semi on it.
        let x = v;
        while (ancestor[x] !== NONE && ancestor[ancestor[x]] !== NONE) {
          path.push(x);
          x = ancestor[x];
        }
        while (path.length > 0) {
          const y = path.pop()!;
          const a = ancestor[y];
          if (label[a] < label[y]) label[y] = label[a];
          ancestor[y] = ancestor[a];
        }
        candidate = label[v];
      }
      if (candidate < best) best = candidate;
    }
    semi[w] = best;
    label[w] = best;
    ancestor[w] = parent[w]; // LINK(parent(w), w)
  }
  steps.next = w;
  return w === 0;
}

/**
 * Undoes the step for every preorder number up to `to`, as after a change to their predecessor lists: semi(w)
 * depends only on w's own list and on nodes above w, so the nodes above `to` keep theirs. Their forest is rebuilt
 * as linked but not compressed (ancestor = DFS parent, label = its own semi-dominator), which is the state EVAL's
 * invariant asks of it; compression may have pointed them past nodes that are now unprocessed again.
 */
export function rewindSemiDominators(steps: SemiDominatorSteps, to: number): void {
  if (to <= steps.next) return;
  const { semi, label, ancestor } = steps;
  const { parent, vertex } = steps.forest;
  const count = vertex.length;
  for (let x = to + 1; x < count; x++) {
    ancestor[x] = parent[x];
    label[x] = semi[x];
  }
  for (let x = steps.next + 1; x <= to; x++) {
    semi[x] = x;
    label[x] = x;
    ancestor[x] = NONE;
  }
  steps.next = to;
}

/** Runs the steps left, then SNCA: the immediate dominator of each node ordinal, in `label`'s storage. */
export function finishSemiDominators(steps: SemiDominatorSteps): Uint32Array {
  stepSemiDominators(steps);
  const { semi, label, ancestor } = steps;
  const { vertex, parent } = steps.forest;
  const count = vertex.length;
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
  return dominator;
}
