import type { EdgeGraph, HeapSnapshot } from '../snapshot.ts';
import { typeCodes } from './node-kinds.ts';
import { isDomTreesNode, markPageOwnedFrom, pageOwnershipSeeds } from './page-owned.ts';
import { structuralEdgeMask, weakMapTableEdges } from './essential-edges.ts';
import {
  beginSemiDominators,
  finishSemiDominators,
  firstKeptEdge,
  isKept,
  resumeDepthFirst,
  rewindSemiDominators,
  searchDepthFirst,
  type DepthFirstSearch,
  type DominatorTree,
  type SemiDominatorSteps,
} from './dominators.ts';
import { Scratch, uint32Array } from './scratch.ts';

/**
 * The dominator computation's first half (the DFS and the predecessor lists, two thirds of its time) done from the
 * graph alone, as soon as a snapshot's edges are in and before its locations and strings: on a second thread
 * while the analysis worker reads the rest (src/worker/dominator-worker.ts). Two rules of the dominance mask read
 * names, the WeakMap rule (a table's ephemeron edge, known by its name, does not retain the value) and the
 * "(Document DOM trees)" seed of page ownership; this half leaves both out, and finishDominatorsAhead brings them in.
 */
export interface DominatorsAhead {
  search: DepthFirstSearch;
  /** The edges the search took part in: the dominance mask without the WeakMap rule. */
  kept: Uint32Array;
  /** Page ownership from the root's shortcut children alone. */
  pageOwned: Uint8Array;
  milliseconds: number;
}

/**
 * Bytes a graph of these counts costs on a second thread beyond the analysis' own: the search's storage
 * (reserveDominatorsAhead) and the copies of the edge arrays it reads.
 */
export function dominatorsAheadBytes(nodeCount: number, edgeCount: number): number {
  const search = aheadBufferSizes(nodeCount, edgeCount).reduce((sum, bytes) => sum + bytes, 0);
  const copies = 4 * (nodeCount + 1) + 5 * edgeCount; // firstEdge, edgeToNode, edgeType
  return search + copies;
}

/**
 * computeDominatorsAhead's storage for a graph of these counts, committed ahead of time (Scratch.reserve): while
 * the snapshot still streams, its worker has time to spare. Each size is one the search asks for, in its order
 * (best fit hands each request the buffer made for it): page ownership and its stack (which becomes one of the
 * DFS's words a node), the mask, six words and a byte a node for the DFS, the predecessor lists, and a word a node
 * for beginAheadSemiDominators.
 */
export function reserveDominatorsAhead(nodeCount: number, edgeCount: number): Scratch {
  const scratch = new Scratch();
  scratch.reserve(...aheadBufferSizes(nodeCount, edgeCount));
  return scratch;
}

/** The byte lengths reserveDominatorsAhead makes, in the order the search asks for them. */
function aheadBufferSizes(nodeCount: number, edgeCount: number): number[] {
  const nodeWords = 4 * nodeCount;
  const pageOwnership = [nodeCount, nodeWords]; // its bytes, and its stack (later a word a node of the DFS's)
  const mask = 4 * Math.ceil(edgeCount / 32);
  // The DFS's interleaved numbering and counts (later the preorder map and the predecessor offsets), then its
  // other words a node and its byte a node.
  const search = [2 * nodeWords + 4, nodeWords, nodeWords, nodeCount, nodeWords];
  const predecessors = 4 * edgeCount;
  const semiDominatorForest = nodeWords; // beginAheadSemiDominators
  return [...pageOwnership, mask, ...search, predecessors, semiDominatorForest];
}

export function computeDominatorsAhead(graph: EdgeGraph, scratch = new Scratch()): DominatorsAhead {
  const started = performance.now();
  const codes = typeCodes(graph);
  const pageOwned = markPageOwnedFrom(graph, codes, pageOwnershipSeeds(graph, codes), scratch);
  const kept = structuralEdgeMask(graph, codes, pageOwned, scratch);
  const search = searchDepthFirst(graph, kept, scratch);
  return { search, kept, pageOwned, milliseconds: performance.now() - started };
}

/** What the names say about the rules the ahead half left out; small, so it crosses threads cheaply. */
export interface NamedRules {
  /** Where page ownership starts, "(Document DOM trees)" included. */
  pageSeeds: number[];
  /** The edges the WeakMap rule drops, in edge order. */
  weakMapEdges: number[];
}

export function namedRules(snapshot: HeapSnapshot): NamedRules {
  const codes = typeCodes(snapshot);
  return {
    pageSeeds: pageOwnershipSeeds(snapshot, codes, isDomTreesNode(snapshot)),
    weakMapEdges: weakMapTableEdges(snapshot, codes),
  };
}

/**
 * The dominator tree over the full mask, from the ahead half and the named rules; undefined when only a new
 * computation can give it. The argument:
 * - A seed the ahead half lacked adds nothing when it already counts the node as page-owned, as page ownership is
 *   closed under strong edges; any other new seed gives undefined (not seen on Chromium 156: its root has no
 *   "(Document DOM trees)" child).
 * - The WeakMap rule only removes edges. Removing an edge the DFS did not descend (its target was visited already)
 *   leaves the DFS step for step the same: the same preorder, parents and starts. Lengauer–Tarjan then reads the
 *   edges only as the predecessor lists, so each removed edge's entry is overwritten with its target's DFS parent
 *   (already in the list; a duplicate leaves every minimum as it was).
 * - When the DFS did descend a removed edge (4 of the 19 e2e fixture snapshots: Blink's SoftNavigation tracker's
 *   table reached its value first), the DFS is the same up to that point and resumes there (resumeDepthFirst).
 * The semi-dominator step then runs on the corrected lists. `begun` is that step already under way over the
 * uncorrected lists (beginAheadSemiDominators, while the names were on their way): semi(w) reads only w's own list
 * and the nodes above w, so it is rewound to the highest target of a removed edge, if the step got past it, and
 * goes on from there; after a resumed DFS it starts over.
 */
export function finishDominatorsAhead(
  graph: EdgeGraph,
  ahead: DominatorsAhead,
  rules: NamedRules,
  scratch?: Scratch,
  begun?: SemiDominatorSteps,
): FinishedTree | undefined {
  const { kept, pageOwned } = ahead;
  if (!rules.pageSeeds.every((seed) => pageOwned[seed] === 1)) return undefined;
  let search = ahead.search;
  const { preorderOf } = search;
  const { parent } = search.forest;
  // The removed edges the search kept, and the first preorder a removed tree edge led to.
  const removed = rules.weakMapEdges.filter((edge) => isKept(kept, edge));
  const sources = sourcesOf(graph, removed);
  let resumeAt = Infinity;
  removed.forEach((edge, k) => {
    const to = graph.edgeToNode[edge];
    const w = preorderOf[to];
    if (
      w !== 0 &&
      parent[w] === preorderOf[sources[k]] &&
      firstKeptEdge(graph, kept, sources[k], to) === edge
    )
      resumeAt = Math.min(resumeAt, w);
  });
  let finishedBy: FinishedTree['finishedBy'] = removed.length > 0 ? 'unlinking' : 'the search';
  let steps = begun;
  if (resumeAt !== Infinity) {
    search = resumeDepthFirst(graph, kept, search, removed, resumeAt, scratch);
    finishedBy = 'resuming';
    steps = undefined;
  } else {
    const highestTarget = unlinkRemovedEdges(graph, search, removed, sources);
    if (steps) rewindSemiDominators(steps, highestTarget);
  }
  steps ??= beginSemiDominators(search.forest, search.semi, search.label, search.preorderOf);
  return { dominator: finishSemiDominators(steps), preorder: search.forest.vertex, finishedBy };
}

/**
 * The semi-dominator step begun over the ahead search's lists before the names come, in storage of its own so the
 * search's ordinal → preorder map stays for finishDominatorsAhead (a word a node: reserveDominatorsAhead counts it).
 */
export function beginAheadSemiDominators(ahead: DominatorsAhead, scratch?: Scratch): SemiDominatorSteps {
  const { forest, semi, label } = ahead.search;
  return beginSemiDominators(forest, semi, label, uint32Array(scratch, forest.vertex.length));
}

/** A tree from finishDominatorsAhead, and how it got there (for tests and timings). */
export interface FinishedTree extends DominatorTree {
  finishedBy: 'the search' | 'unlinking' | 'resuming';
}

/**
 * Takes removed edges that no DFS step used out of the search's predecessor lists (see finishDominatorsAhead);
 * answers the highest preorder number whose list changed (0 for none).
 */
function unlinkRemovedEdges(
  graph: EdgeGraph,
  search: DepthFirstSearch,
  removed: readonly number[],
  sources: Uint32Array,
): number {
  const { preorderOf } = search;
  const { parent, firstPred, pred } = search.forest;
  let highest = 0;
  for (let k = 0; k < removed.length; k++) {
    const edge = removed[k];
    const u = preorderOf[sources[k]];
    const w = preorderOf[graph.edgeToNode[edge]];
    if (w === 0) continue; // the semi-dominator step reads no list for the root
    let entry = firstPred[w];
    while (entry < firstPred[w + 1] && pred[entry] !== u) entry++;
    // Each kept edge has exactly one entry; without it the lists are not the search's.
    if (entry === firstPred[w + 1]) throw new Error(`edge ${edge} was kept but has no predecessor entry`);
    pred[entry] = parent[w];
    highest = Math.max(highest, w);
  }
  return highest;
}

/** The source node of each edge in `edges` (ascending): one walk along the CSR offsets. */
function sourcesOf(graph: EdgeGraph, edges: readonly number[]): Uint32Array {
  const sources = new Uint32Array(edges.length);
  let from = 0;
  edges.forEach((edge, k) => {
    while (graph.firstEdge[from + 1] <= edge) from++;
    sources[k] = from;
  });
  return sources;
}
