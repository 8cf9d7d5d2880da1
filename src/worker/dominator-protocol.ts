/**
 * Messages between the analysis worker and its dominator worker (dominator-helper.ts). One job per checkpoint:
 * `reserve` gives the counts early, `start` carries copies of the graph's edge arrays (transferred), `finish` the
 * named rules and the distance rules, and the answers transfer the tree back, then the distances. Both workers come from one build, so there is no version to negotiate.
 */
import type { DistanceRules, Distances, DominatorTree, EdgeGraph, NamedRules } from '../core/index.ts';

export type ToDominatorWorker =
  | { type: 'reserve'; job: number; nodeCount: number; edgeCount: number }
  | { type: 'start'; job: number; graph: EdgeGraph }
  | { type: 'finish'; job: number; rules: NamedRules; distanceRules: DistanceRules }
  | { type: 'cancel'; job: number };

export type FromDominatorWorker =
  /** `tree` is absent when the names changed the DFS and the analysis computes the tree itself. */
  | { type: 'tree'; job: number; tree?: DominatorTree }
  /** After the tree; absent when the BFS failed (the analysis runs it itself). */
  | { type: 'distances'; job: number; distances?: Distances }
  /** The job failed before its tree: no distances follow either. */
  | { type: 'failed'; job: number; message: string };
