/**
 * Messages between the analysis worker and its dominator worker (dominator-helper.ts). One job per checkpoint:
 * `reserve` gives the counts early, `start` carries copies of the graph's edge arrays (transferred), `finish` the
 * named rules, and the answer transfers the tree back. Both workers come from one build, so there is no version to negotiate.
 */
import type { DominatorTree, EdgeGraph, NamedRules } from '../core/index.ts';

export type ToDominatorWorker =
  | { type: 'reserve'; job: number; nodeCount: number; edgeCount: number }
  | { type: 'start'; job: number; graph: EdgeGraph }
  | { type: 'finish'; job: number; rules: NamedRules }
  | { type: 'cancel'; job: number };

export type FromDominatorWorker =
  /** `tree` is absent when the names changed the DFS and the analysis computes the tree itself. */
  { type: 'tree'; job: number; tree?: DominatorTree } | { type: 'failed'; job: number; message: string };
