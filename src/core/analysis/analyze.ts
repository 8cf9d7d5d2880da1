import type { HeapSnapshot } from '../snapshot.ts';
import { typeCodes, type TypeCodes } from '../graph/node-kinds.ts';
import { markPageOwned, ROOT_ORDINAL } from '../graph/page-owned.ts';
import { propagateDomState } from '../graph/dom-state.ts';
import { computeDistances } from '../graph/distances.ts';
import { finishDistancesAhead, type DistancesAhead } from '../graph/distances-ahead.ts';
import { dominanceEdgeMask } from '../graph/essential-edges.ts';
import { computeDominators, type DominatorTree } from '../graph/dominators.ts';
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
  /** The distance search done ahead of the names (computeDistancesAhead), finished here when it still holds. */
  distancesAhead?: DistancesAhead;
  /** beginAnalysis: the storage its arrays come from, made ahead (reserveAnalysisAhead); else new storage. */
  scratch?: Scratch;
}

/** What the phases that do not read the dominator tree find (beginAnalysis). */
export interface TreeFreeFindings {
  snapshot: HeapSnapshot;
  codes: TypeCodes;
  domState: Uint8Array;
  /** Per string index: 1 when it names a DOM element (see elementNameFlags). */
  elementNames: Uint8Array;
  distance: Uint32Array;
  /** BFS tree parent of each node (shortest strong path from the roots). */
  bfsParent: Uint32Array;
  classes: ClassIndex;
  totalSize: number;
  jsEventListeners: number;
}

/** Everything a full analysis of one snapshot knows; the worker keeps it, the UI asks for pages of it. */
export interface HeapAnalysis extends TreeFreeFindings {
  dominator: Uint32Array;
  retainedSize: Float64Array;
  /** Undefined when the analysis was asked not to aggregate (AnalyzeOptions.classAggregates). */
  classAggregates: ClassAggregate[] | undefined;
  detachedTrees: DetachedTree[];
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
  requireFullMode(snapshot);
  const clock = phaseClock(options);
  // Dominators first: their temporaries (retainers, DFS arrays) are the largest of the analysis; every later
  // array, kept or temporary, is carved from that storage (Scratch), so the peak is the dominator phase.
  const scratch = new Scratch();
  const tree = dominatorTree(snapshot, typeCodes(snapshot), scratch);
  clock.phase('dominators');
  return completeAnalysis(beginPhases(snapshot, clock, scratch, options), tree, options);
}

/** The phases that do not read the dominator tree, done; what completeAnalysis adds the tree-bound ones to. */
export interface AnalysisWithoutTree extends TreeFreeFindings {
  clock: PhaseClock;
  scratch: Scratch;
}

/**
 * The analysis up to where it needs the dominator tree, for a caller that has the tree computed elsewhere
 * meanwhile (the analysis worker's helper thread, computeDominatorsAhead); completeAnalysis takes it from there.
 */
export function beginAnalysis(snapshot: HeapSnapshot, options: AnalyzeOptions = {}): AnalysisWithoutTree {
  requireFullMode(snapshot);
  return beginPhases(snapshot, phaseClock(options), options.scratch ?? new Scratch(), options);
}

/** The rest of the analysis, with `tree` when it was computed elsewhere, else computing it here. */
export function completeAnalysis(
  begun: AnalysisWithoutTree,
  tree: DominatorTree | undefined,
  options: AnalyzeOptions = {},
): HeapAnalysis {
  const { clock, scratch, ...found } = begun;
  const { snapshot, codes, domState, elementNames, distance, classes } = found;
  if (!tree) {
    tree = dominatorTree(snapshot, codes, scratch);
    clock.phase('dominators');
  }
  const retainedSize = computeRetainedSizes(snapshot, tree, scratch);
  // The DFS preorder has served its only purpose (retained sizes).
  scratch.give(tree.preorder);
  clock.phase('retained-sizes');
  const detachedTrees = groupDetachedTrees(
    snapshot,
    codes,
    domState,
    elementNames,
    tree.dominator,
    retainedSize,
    distance,
  );
  clock.phase('detached-trees');
  let classAggregates: ClassAggregate[] | undefined;
  if (options.classAggregates ?? true) {
    const dominated = buildDominatedNodes(tree.dominator, ROOT_ORDINAL, scratch);
    classAggregates = aggregateClasses(snapshot, classes, dominated, ROOT_ORDINAL, retainedSize);
    clock.phase('class-aggregates');
  }
  let detachedElements = 0;
  for (const detachedTree of detachedTrees) detachedElements += detachedTree.elements.length;
  return {
    ...found,
    dominator: tree.dominator,
    retainedSize,
    classAggregates,
    detachedTrees,
    detachedElements,
    timings: clock.timings,
  };
}

function requireFullMode(snapshot: HeapSnapshot): void {
  if (snapshot.mode !== 'full') throw new Error('the analysis needs a snapshot parsed in full mode');
}

function beginPhases(
  snapshot: HeapSnapshot,
  clock: PhaseClock,
  scratch: Scratch,
  options: AnalyzeOptions,
): AnalysisWithoutTree {
  const codes = typeCodes(snapshot);
  const domState = propagateDomState(snapshot, codes, scratch);
  clock.phase('dom-state');
  const searched = options.distancesAhead;
  const ahead = searched && finishDistancesAhead(snapshot, codes, searched);
  // The search's storage goes on to the phases after it: its queue when it holds, all of it when it does not.
  if (searched)
    scratch.give(...(ahead ? [searched.queue] : [searched.distance, searched.parent, searched.queue]));
  const { distance, parent: bfsParent } = ahead ?? computeDistances(snapshot, codes, scratch);
  clock.phase('distances');
  const elementNames = elementNameFlags(snapshot.strings);
  const classes = buildClassIndex(snapshot, codes, domState, scratch);
  clock.phase('classes');
  let totalSize = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) totalSize += snapshot.nodeSelfSize[node];
  const jsEventListeners = countEventListeners(snapshot);
  clock.phase('totals');
  return {
    snapshot,
    codes,
    domState,
    elementNames,
    distance,
    bfsParent,
    classes,
    totalSize,
    jsEventListeners,
    clock,
    scratch,
  };
}

function dominatorTree(snapshot: HeapSnapshot, codes: TypeCodes, scratch: Scratch): DominatorTree {
  const pageOwned = markPageOwned(snapshot, codes, scratch);
  const kept = dominanceEdgeMask(snapshot, codes, pageOwned, scratch);
  scratch.give(pageOwned);
  const tree = computeDominators(snapshot, kept, scratch);
  scratch.give(kept);
  return tree;
}

/** Milliseconds per phase, each measured from the end of the one before. */
interface PhaseClock {
  timings: Record<string, number>;
  phase(name: string): void;
}

function phaseClock(options: AnalyzeOptions): PhaseClock {
  const timings: Record<string, number> = {};
  let last = performance.now();
  return {
    timings,
    phase(name) {
      const now = performance.now();
      timings[name] = Math.round((now - last) * 10) / 10;
      last = now;
      options.onProgress?.(name);
    },
  };
}
