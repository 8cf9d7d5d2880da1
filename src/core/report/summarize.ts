import type { HeapAnalysis } from '../analysis/analyze.ts';
import type { ClassAggregate } from '../analysis/classes.ts';
import { displayName } from '../chains/raw-steps.ts';
import { ROOT_ORDINAL } from '../graph/page-owned.ts';
import type { SnapshotSummaryReport } from './summary-model.ts';

export interface SummarizeOptions {
  label?: string;
  top?: number;
  includeStringValues?: boolean;
}

/** `leaks summary`: the figures of one fully analysed snapshot, biggest retainers first. */
export function summarizeSnapshot(
  analysis: HeapAnalysis,
  options: SummarizeOptions = {},
): SnapshotSummaryReport {
  const { snapshot, codes, retainedSize, classes } = analysis;
  const top = options.top ?? 20;
  const includeStringValues = options.includeStringValues ?? false;
  // Top retainers: a bounded selection over all nodes, skipping the root and the synthetic GC-root groups.
  const best: number[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (node === ROOT_ORDINAL || snapshot.nodeType[node] === codes.synthetic) continue;
    if (best.length === top && retainedSize[node] <= retainedSize[best[best.length - 1]]) continue;
    let at = best.length;
    while (at > 0 && retainedSize[best[at - 1]] < retainedSize[node]) at--;
    best.splice(at, 0, node);
    if (best.length > top) best.pop();
  }
  return {
    schemaVersion: 1,
    label: options.label ?? 'snapshot',
    nodeCount: snapshot.nodeCount,
    edgeCount: snapshot.edgeCount,
    totalSize: analysis.totalSize,
    jsEventListeners: analysis.jsEventListeners,
    detachedElements: analysis.detachedElements,
    detachedTrees: analysis.detachedTrees.slice(0, top).map((tree) => ({
      description: tree.description,
      nodeId: snapshot.nodeId[tree.rootNode],
      elementCount: tree.elements.length,
      retainedSize: tree.retainedSize,
    })),
    topRetainers: best.map((node) => ({
      nodeId: snapshot.nodeId[node],
      name: displayName(analysis, node, includeStringValues),
      className: classes.names[classes.classOf[node]],
      nodeType: snapshot.nodeTypeNames[snapshot.nodeType[node]] ?? 'unknown',
      selfSize: snapshot.nodeSelfSize[node],
      retainedSize: retainedSize[node],
      distance: analysis.distance[node],
    })),
    topClasses: classAggregatesOf(analysis)
      .filter((row) => row.className !== '(synthetic)')
      .sort((a, b) => b.retainedSize - a.retainedSize)
      .slice(0, top)
      .map((row) => ({
        className: row.className,
        count: row.count,
        selfSize: row.selfSize,
        retainedSize: row.retainedSize,
      })),
    timings: { ...analysis.timings },
  };
}

function classAggregatesOf(analysis: HeapAnalysis): ClassAggregate[] {
  if (!analysis.classAggregates) throw new Error('summarizeSnapshot needs an analysis with class aggregates');
  return analysis.classAggregates;
}
