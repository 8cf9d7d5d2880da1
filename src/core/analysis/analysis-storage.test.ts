import { describe, expect, it } from 'vitest';
import {
  beginAnalysis,
  completeAnalysis,
  computeDistancesAhead,
  reserveAnalysisAhead,
  type HeapAnalysis,
  type HeapSnapshot,
} from '../index.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { loadSnapshot } from '../../../test/support/load-snapshot.ts';

/** The panel worker's order: the distance search ahead, then the analysis, on `storage` when given. */
function analyzeOn(snapshot: HeapSnapshot, storage: ReturnType<typeof reserveAnalysisAhead> | undefined) {
  const distancesAhead = computeDistancesAhead(snapshot, storage);
  const options = { classAggregates: false, distancesAhead, scratch: storage };
  return completeAnalysis(beginAnalysis(snapshot, options), undefined, options);
}

const findings = (analysis: HeapAnalysis) => ({
  domState: Array.from(analysis.domState),
  distance: Array.from(analysis.distance),
  bfsParent: Array.from(analysis.bfsParent),
  classOf: Array.from(analysis.classes.classOf),
  classNames: analysis.classes.names,
  dominator: Array.from(analysis.dominator),
  retainedSize: Array.from(analysis.retainedSize),
  detachedTrees: analysis.detachedTrees,
  totals: [analysis.totalSize, analysis.jsEventListeners, analysis.detachedElements],
});

describe('storage made ahead for the analysis', () => {
  it('gives the same findings as new storage, whether it fits the snapshot, exceeds it or falls short', () => {
    for (const page of ['closure-detached', 'listener-pileup'] as const) {
      const snapshot = loadSnapshot(fixtureSnapshot(page, 'target'));
      const usual = findings(analyzeOn(snapshot, undefined));
      // Made for a bigger checkpoint before, for this one exactly, and for a smaller one: reserved storage is
      // dirty (Scratch.reserve writes every byte), so a phase that took it without clearing it would show here.
      for (const share of [1.1, 1, 0.5]) {
        const storage = reserveAnalysisAhead(Math.ceil(share * snapshot.nodeCount));
        expect(findings(analyzeOn(snapshot, storage))).toEqual(usual);
      }
    }
  });
});
