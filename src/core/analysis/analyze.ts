import type { HeapSnapshot } from '../snapshot.ts';
import { typeCodes, type TypeCodes } from '../graph/node-kinds.ts';
import { markPageOwned, ROOT_ORDINAL } from '../graph/page-owned.ts';
import { propagateDomState } from '../graph/dom-state.ts';
import { computeDistances } from '../graph/distances.ts';
import { dominanceEdgeMask } from '../graph/essential-edges.ts';
import { computeDominators } from '../graph/dominators.ts';
import { computeRetainedSizes } from '../graph/retained-sizes.ts';
import { buildDominatedNodes } from '../graph/dominated-nodes.ts';
import { Scratch } from '../graph/scratch.ts';
import { aggregateClasses, buildClassIndex, type ClassAggregate, type ClassIndex } from './classes.ts';
import { groupDetachedTrees, type DetachedTree } from './detached-trees.ts';
import { countEventListeners } from './listeners.ts';
import { elementNameFlags } from './element-description.ts';

export interface AnalyzeOptions {
  onProgress?: (phase: string) => void;
  /**
   * Per-class counts, self and retained sizes (a walk of the whole dominator tree). Default true; a comparison
   * does not read them (its class table is by heap id), so `compare` and the panel skip them (the classes phase
   * of a 234 MB target, best of 5 in Node: 202 → 41 ms).
   */
  classAggregates?: boolean;
}

/** Everything a full analysis of one snapshot knows; the worker keeps it, the UI asks for pages of it. */
export interface HeapAnalysis {
  snapshot: HeapSnapshot;
  codes: TypeCodes;
  domState: Uint8Array;
  /** Per string index: 1 when it names a DOM element (see elementNameFlags). */
  elementNames: Uint8Array;
  distance: Uint32Array;
  /** BFS tree parent of each node (shortest strong path from the roots). */
  bfsParent: Uint32Array;
  dominator: Uint32Array;
  retainedSize: Float64Array;
  classes: ClassIndex;
  /** Undefined when the analysis was asked not to aggregate (AnalyzeOptions.classAggregates). */
  classAggregates: ClassAggregate[] | undefined;
  detachedTrees: DetachedTree[];
  totalSize: number;
  jsEventListeners: number;
  detachedElements: number;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/**
 * Full analysis in DevTools' order (HeapSnapshot.initialize): DOM state → distances → retainers → dominators →
 * retained sizes → detached trees → class aggregates. Large temporaries (retainers, DFS arrays) are dropped as soon
 * as their phase ends so peak memory stays near the snapshot's own size.
 */
export function analyzeSnapshot(snapshot: HeapSnapshot, options: AnalyzeOptions = {}): HeapAnalysis {
  if (snapshot.mode !== 'full') throw new Error('analyzeSnapshot needs a snapshot parsed in full mode');
  const timings: Record<string, number> = {};
  let last = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - last) * 10) / 10;
    last = now;
    options.onProgress?.(name);
  };
  const codes = typeCodes(snapshot);
  // Dominators first: their temporaries (retainers, DFS arrays) are the largest of the analysis; every later
  // array, kept or temporary, is carved from that storage (Scratch), so the peak is the dominator phase.
  const scratch = new Scratch();
  const tree = dominatorTree(snapshot, codes, phase, scratch);
  const retainedSize = computeRetainedSizes(snapshot, tree, scratch);
  // The DFS preorder has served its only purpose (retained sizes).
  scratch.give(tree.preorder);
  phase('retained-sizes');
  const domState = propagateDomState(snapshot, codes, scratch);
  phase('dom-state');
  const { distance, parent: bfsParent } = computeDistances(snapshot, codes, scratch);
  phase('distances');
  const elementNames = elementNameFlags(snapshot.strings);
  const detachedTrees = groupDetachedTrees(
    snapshot,
    codes,
    domState,
    elementNames,
    tree.dominator,
    retainedSize,
    distance,
  );
  phase('detached-trees');
  const classes = buildClassIndex(snapshot, codes, domState, scratch);
  let classAggregates: ClassAggregate[] | undefined;
  if (options.classAggregates ?? true) {
    const dominated = buildDominatedNodes(tree.dominator, ROOT_ORDINAL, scratch);
    classAggregates = aggregateClasses(snapshot, classes, dominated, ROOT_ORDINAL, retainedSize);
  }
  phase('classes');
  let totalSize = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) totalSize += snapshot.nodeSelfSize[node];
  let detachedElements = 0;
  for (const detachedTree of detachedTrees) detachedElements += detachedTree.elements.length;
  return {
    snapshot,
    codes,
    domState,
    elementNames,
    distance,
    bfsParent,
    dominator: tree.dominator,
    retainedSize,
    classes,
    classAggregates,
    detachedTrees,
    totalSize,
    jsEventListeners: countEventListeners(snapshot),
    detachedElements,
    timings,
  };
}

function dominatorTree(
  snapshot: HeapSnapshot,
  codes: TypeCodes,
  phase: (name: string) => void,
  scratch: Scratch,
) {
  const pageOwned = markPageOwned(snapshot, codes, scratch);
  const kept = dominanceEdgeMask(snapshot, codes, pageOwned, scratch);
  scratch.give(pageOwned);
  const tree = computeDominators(snapshot, kept, scratch);
  scratch.give(kept);
  phase('dominators');
  return tree;
}
