// The engine's public surface: what the worker, the CLI and the benchmarks use.
export { createSnapshotParser } from './parser/snapshot-parser.ts';
export { reserveColumnsAhead } from './parser/columns.ts';
export type { ParseOptions, SnapshotChunk, SnapshotParser } from './parser/snapshot-parser.ts';
export { analyzeSnapshot, beginAnalysis, completeAnalysis } from './analysis/analyze.ts';
export { reserveAnalysisAhead } from './analysis/analysis-storage.ts';
export type { AnalysisWithoutTree, AnalyzeOptions, HeapAnalysis } from './analysis/analyze.ts';
export {
  beginAheadSemiDominators,
  computeDominatorsAhead,
  dominatorsAheadBytes,
  finishDominatorsAhead,
  namedRules,
  reserveDominatorsAhead,
} from './graph/dominators-ahead.ts';
export { stepSemiDominators } from './graph/dominators.ts';
export type { SemiDominatorSteps } from './graph/dominators.ts';
export type { DominatorsAhead, FinishedTree, NamedRules } from './graph/dominators-ahead.ts';
export { computeDistancesAhead } from './graph/distances-ahead.ts';
export type { DistancesAhead } from './graph/distances-ahead.ts';
export type { Scratch } from './graph/scratch.ts';
export type { DominatorTree } from './graph/dominators.ts';
export {
  beginLeakCandidates,
  compareSnapshots,
  findLeakCandidates,
  finishLeakCandidates,
  TOOL_VERSION,
} from './diff/compare.ts';
export type { BegunCandidates, CompareInput, LeakCandidates } from './diff/compare.ts';
export { digestSnapshot } from './diff/ids-digest.ts';
export { ordinalsSortedById } from './diff/sorted-ids.ts';
export type { IdsDigest, SnapshotFigures } from './diff/ids-digest.ts';
export { summarizeSnapshot } from './report/summarize.ts';
export type { SummarizeOptions } from './report/summarize.ts';
export { renderReport } from './report/render.ts';
export { SnapshotFormatError } from './errors.ts';
export type { SnapshotErrorCode } from './errors.ts';
export type {
  EdgeGraph,
  HeapGraph,
  HeapSnapshot,
  NodeColumns,
  SnapshotMode,
  SourceLocation,
} from './snapshot.ts';
export type { ListenerHint } from './chains/listener-plumbing.ts';
export type * from './report/model.ts';
export type * from './report/summary-model.ts';
