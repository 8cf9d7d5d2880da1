/**
 * Where a checkpoint's dominators are computed while the analysis worker reads the rest of its snapshot and runs
 * the phases that do not need them. A job follows the snapshot's stream: `reserve` when the header gives the
 * counts, `start` as soon as the parser hands over the graph (ParseOptions.onGraph), `finish` with the names
 * (NamedRules) after the last byte.
 */
import type { DominatorTree, EdgeGraph, NamedRules } from '../core/index.ts';
import type * as Engine from '../core/index.ts';
import type { DominatorEngine } from './dominator-engine.ts';

export interface DominatorHelper {
  open(): DominatorJob;
}

export interface DominatorJob {
  /** Storage for a graph of these counts, made while the snapshot streams (trusted counts only). */
  reserve(nodeCount: number, edgeCount: number): void;
  /**
   * Storage for a guess at the counts (the checkpoint before, with a margin), made before the header comes, while
   * Chrome walks the heap and a core is idle; reserve keeps it when its counts fit. Optional work: a guess over the
   * memory limit is not made, and the job stays open.
   */
  reserveAhead(nodeCount: number, edgeCount: number): void;
  start(graph: EdgeGraph): void;
  /**
   * The tree, or undefined when the analysis has to compute it itself: never started, the page seeds changed
   * (finishDominatorsAhead), or the helper failed, died or timed out. Never rejects.
   */
  finish(rules: NamedRules): Promise<DominatorTree | undefined>;
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
        reserveAhead: () => undefined, // on one thread it would only take from the time the stream takes
        start(graph) {
          try {
            started = { graph, ahead: engine.computeDominatorsAhead(graph, scratch) };
          } catch {
            started = undefined; // the analysis computes them the usual way
          }
          scratch = undefined;
        },
        async finish(rules) {
          const job = started;
          started = undefined;
          try {
            return job && engine.finishDominatorsAhead(job.graph, job.ahead, rules);
          } catch {
            return undefined;
          }
        },
        cancel() {
          scratch = undefined;
          started = undefined;
        },
      };
    },
  };
}
