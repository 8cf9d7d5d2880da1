/**
 * Where a checkpoint's dominators are computed while the analysis worker reads the rest of its snapshot and runs
 * the phases that do not need them. A job follows the snapshot's stream: `reserve` when the header gives the
 * counts, `start` as soon as the parser hands over the graph (ParseOptions.onGraph), `finish` with the names
 * (NamedRules, DistanceRules) after the last byte: the tree comes first, then the distance BFS over the same edge
 * copies, which the analysis would otherwise run itself after its other name-bound phases.
 */
import type { DistanceRules, Distances, DominatorTree, EdgeGraph, NamedRules } from '../core/index.ts';
import type * as Engine from '../core/index.ts';
import type { DominatorEngine } from './dominator-engine.ts';

export interface FinishedJob {
  tree: Promise<DominatorTree | undefined>;
  distances: Promise<Distances | undefined>;
}

export interface DominatorHelper {
  open(): DominatorJob;
}

export interface DominatorJob {
  /** Storage for a graph of these counts, made while the snapshot streams (trusted counts only). */
  reserve(nodeCount: number, edgeCount: number): void;
  start(graph: EdgeGraph): void;
  /**
   * The tree and the distances, each undefined when the analysis has to compute it itself: never started, the
   * page seeds changed (finishDominatorsAhead, the tree only), or the helper failed, died or timed out. Neither
   * rejects.
   */
  finish(rules: NamedRules, distanceRules: DistanceRules): FinishedJob;
  /** Frees the job's memory without an answer (a capture discarded, failed or superseded). */
  cancel(): void;
}

/**
 * Both halves on the analysis worker's own thread: the same results, for where no second thread exists (Node
 * tests of the service). It saves nothing: the first half only moves into the time the rest of the stream takes to
 * parse, which it then delays.
 */
export function inThreadDominatorHelper(engine: DominatorEngine): DominatorHelper {
  return {
    open() {
      let scratch: Engine.Scratch | undefined;
      let started: { graph: EdgeGraph; ahead: Engine.DominatorsAhead } | undefined;
      return {
        reserve: (nodeCount, edgeCount) => (scratch = engine.reserveDominatorsAhead(nodeCount, edgeCount)),
        start(graph) {
          try {
            started = { graph, ahead: engine.computeDominatorsAhead(graph, scratch) };
          } catch {
            started = undefined; // the analysis computes them the usual way
          }
          scratch = undefined;
        },
        finish(rules) {
          const job = started;
          started = undefined;
          let tree: Engine.DominatorTree | undefined;
          try {
            tree = job && engine.finishDominatorsAhead(job.graph, job.ahead, rules);
          } catch {
            tree = undefined;
          }
          // The BFS would run on this same thread either way: the analysis runs it.
          return { tree: Promise.resolve(tree), distances: Promise.resolve(undefined) };
        },
        cancel() {
          scratch = undefined;
          started = undefined;
        },
      };
    },
  };
}
