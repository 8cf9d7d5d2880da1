import {
  analyzeSnapshot,
  beginAnalysis,
  beginLeakCandidates,
  compareSnapshots,
  completeAnalysis,
  computeDistancesAhead,
  createSnapshotParser,
  digestSnapshot,
  findLeakCandidates,
  finishLeakCandidates,
  namedRules,
  ordinalsSortedById,
  renderReport,
  reserveAnalysisAhead,
  reserveColumnsAhead,
} from '../core/index.ts';
import type { AnalysisEngine } from './analysis-service.ts';

/** The engine functions the analysis service calls; the worker and the service's tests use this same set. */
export const analysisEngine: AnalysisEngine = {
  analyzeSnapshot,
  beginAnalysis,
  beginLeakCandidates,
  compareSnapshots,
  completeAnalysis,
  computeDistancesAhead,
  createSnapshotParser,
  digestSnapshot,
  findLeakCandidates,
  finishLeakCandidates,
  namedRules,
  ordinalsSortedById,
  renderReport,
  reserveAnalysisAhead,
  reserveColumnsAhead,
};
