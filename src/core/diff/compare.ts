import type { LeakReport, SnapshotRole, SnapshotSummary } from '../report/model.ts';
import type { HeapSnapshot } from '../snapshot.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { countEventListeners } from '../analysis/listeners.ts';
import { listenerTypeLookup, type ListenerHint } from '../chains/listener-plumbing.ts';
import { compareClasses } from './class-delta.ts';
import { containsId, ordinalsSortedById, sortedIds } from './sorted-ids.ts';
import { assignLeakRoots } from './leak-roots.ts';
import { clusterLeaks } from './clusters.ts';
import { addedListeners } from './added-listeners.ts';
import { reportClassRows } from './class-rows.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';
import { elementNameFlags } from '../analysis/element-description.ts';

export const TOOL_VERSION = '0.1.0';

export interface CompareInput {
  /** May be parsed in 'ids' mode. */
  baseline: HeapSnapshot;
  /** Optional; may be parsed in 'ids' mode. With it, a leak must also exist in the target. */
  target?: HeapSnapshot;
  /** Full analysis of the last snapshot (the final, or the target when only two were taken). */
  final: HeapAnalysis;
  labels?: { baseline?: string; target?: string; final?: string };
  includeStringValues?: boolean;
  listenerHints?: readonly ListenerHint[];
  /** Reporting floor for clusters without detached DOM or listeners; default 16 KiB. */
  minRetainedSize?: number;
  /** Fixed report time (tests, reproducible exports); default now. */
  generatedAt?: string;
}

/**
 * The comparison memlab popularised: a leak candidate was allocated after the baseline (its id is not there), was
 * present in the target, and is still alive in the final. Only the final snapshot needs the graph; the others
 * contribute ids, classes and sizes.
 */
export function compareSnapshots(input: CompareInput): LeakReport {
  const { baseline, target, final: analysis } = input;
  const finalSnapshot = analysis.snapshot;
  const includeStringValues = input.includeStringValues ?? false;
  const baselineOrder = ordinalsSortedById(baseline.nodeId, baseline.nodeCount);
  const finalOrder = ordinalsSortedById(finalSnapshot.nodeId, finalSnapshot.nodeCount);
  const { classes, isNew } = compareClasses(baseline, baselineOrder, finalSnapshot, finalOrder);
  const isCandidate = isNew;
  if (target) {
    const targetIds = sortedIds(target.nodeId, target.nodeCount);
    for (let node = 0; node < finalSnapshot.nodeCount; node++) {
      if (isCandidate[node] === 1 && !containsId(targetIds, finalSnapshot.nodeId[node]))
        isCandidate[node] = 0;
    }
  }
  const listenerType = listenerTypeLookup(input.listenerHints);
  const rootOf = assignLeakRoots(analysis, isCandidate);
  const leaks = clusterLeaks(analysis, isCandidate, rootOf, {
    includeStringValues,
    listenerType,
    minRetainedSize: input.minRetainedSize ?? 16 * 1024,
  });
  let leakedDetachedElements = 0;
  for (let node = 0; node < finalSnapshot.nodeCount; node++) {
    if (
      isCandidate[node] === 1 &&
      analysis.domState[node] === DOM_DETACHED &&
      finalSnapshot.nodeType[node] === analysis.codes.native
    ) {
      if (analysis.elementNames[finalSnapshot.nodeName[node]] === 1) leakedDetachedElements++;
    }
  }
  const baselineListeners = countEventListeners(baseline);
  const counts: { role: SnapshotRole; count: number }[] = [{ role: 'baseline', count: baselineListeners }];
  if (target) counts.push({ role: 'target', count: countEventListeners(target) });
  const lastRole: SnapshotRole = target ? 'final' : 'target';
  counts.push({ role: lastRole, count: analysis.jsEventListeners });
  const baselineTotal = sumSelfSizes(baseline);
  const labels = input.labels ?? {};
  const snapshots: SnapshotSummary[] = [
    idsSummary(baseline, 'baseline', labels.baseline ?? 'baseline', baselineTotal, baselineListeners),
  ];
  if (target) {
    snapshots.push(
      idsSummary(
        target,
        'target',
        labels.target ?? 'target',
        sumSelfSizes(target),
        countEventListeners(target),
      ),
    );
  }
  snapshots.push({
    role: lastRole,
    label: (target ? labels.final : labels.target) ?? lastRole,
    nodeCount: finalSnapshot.nodeCount,
    edgeCount: finalSnapshot.edgeCount,
    totalSize: analysis.totalSize,
    jsEventListeners: analysis.jsEventListeners,
    detachedElements: analysis.detachedElements,
  });
  return {
    schemaVersion: 1,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    tool: { name: 'leaks', version: TOOL_VERSION },
    includesStringValues: includeStringValues,
    snapshots,
    summary: {
      leakClusters: leaks.length,
      leakedObjects: leaks.reduce((sum, leak) => sum + leak.count, 0),
      leakedDetachedElements,
      leakedRetainedSize: leaks.reduce((sum, leak) => sum + leak.retainedSize, 0),
      listenerDelta: analysis.jsEventListeners - baselineListeners,
      heapDelta: analysis.totalSize - baselineTotal,
    },
    leaks,
    listeners: {
      counts,
      delta: analysis.jsEventListeners - baselineListeners,
      added: addedListeners(analysis, isCandidate, listenerType),
    },
    classes: reportClassRows(classes),
  };
}

function sumSelfSizes(snapshot: HeapSnapshot): number {
  let total = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) total += snapshot.nodeSelfSize[node];
  return total;
}

function idsSummary(
  snapshot: HeapSnapshot,
  role: SnapshotRole,
  label: string,
  totalSize: number,
  listeners: number,
): SnapshotSummary {
  const elementNames = elementNameFlags(snapshot.strings);
  let detachedElements = 0;
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (snapshot.nodeDetachedness[node] === DOM_DETACHED && elementNames[snapshot.nodeName[node]] === 1) {
      detachedElements++;
    }
  }
  return {
    role,
    label,
    nodeCount: snapshot.nodeCount,
    edgeCount: snapshot.edgeCount,
    totalSize,
    jsEventListeners: listeners,
    detachedElements,
  };
}
