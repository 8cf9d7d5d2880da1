import type { ClassDelta, LeakReport, SnapshotRole, SnapshotSummary } from '../report/model.ts';
import type { HeapSnapshot, NodeColumns } from '../snapshot.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { listenerTypeLookup, type ListenerHint } from '../chains/listener-plumbing.ts';
import { classDeltasOf, mergeClassIds, type ClassIdMerge } from './class-delta.ts';
import { idMembership, ordinalsSortedById } from './sorted-ids.ts';
import { digestSnapshot, isIdsDigest, type IdsDigest, type SnapshotFigures } from './ids-digest.ts';
import { assignLeakRoots } from './leak-roots.ts';
import { clusterLeaks } from './clusters.ts';
import { addedListeners } from './added-listeners.ts';
import { reportClassRows } from './class-rows.ts';

export const TOOL_VERSION = '0.1.0';

export interface CompareInput {
  /** A snapshot (may be parsed in 'ids' mode) or its digest made with classes. */
  baseline: HeapSnapshot | IdsDigest;
  /** Optional snapshot (may be 'ids' mode) or digest. With it, a leak must also exist in the target. */
  target?: HeapSnapshot | IdsDigest;
  /** Full analysis of the last snapshot (the final, or the target when only two were taken). */
  final: HeapAnalysis;
  labels?: { baseline?: string; target?: string; final?: string };
  includeStringValues?: boolean;
  listenerHints?: readonly ListenerHint[];
  /** Reporting floor for clusters without detached DOM or listeners; default 16 KiB. */
  minRetainedSize?: number;
  /** Fixed report time (tests, reproducible exports); default now. */
  generatedAt?: string;
  /** The final snapshot's ordinals sorted by id, when already computed (while it streamed: ParseOptions.onNodes). */
  finalOrdinalsById?: Uint32Array;
  /** findLeakCandidates' answer for these snapshots, when already computed (while the dominators were). */
  candidates?: LeakCandidates;
}

/** What a comparison finds before it needs the final's dominator tree: the class table and the leak candidates. */
export interface LeakCandidates {
  classes: ClassDelta[];
  /** 1 for each final node (by ordinal) allocated after the baseline and, with a target, present in it. */
  isCandidate: Uint8Array;
}

/** The comparison's first half, which reads no dominator tree (the worker runs it while the tree is computed). */
export function findLeakCandidates(
  baseline: IdsDigest,
  target: IdsDigest | undefined,
  finalSnapshot: HeapSnapshot,
  finalOrdinalsById?: Uint32Array,
): LeakCandidates {
  return finishLeakCandidates(
    beginLeakCandidates(baseline, target, finalSnapshot, finalOrdinalsById),
    baseline,
    finalSnapshot,
  );
}

/** findLeakCandidates before the final's names: the id merge, with the candidates flagged. */
export interface BegunCandidates {
  merge: ClassIdMerge;
  /** As LeakCandidates.isCandidate. */
  isCandidate: Uint8Array;
}

/**
 * The part of findLeakCandidates that reads ids, types, name indexes and sizes only: it can run once the final's
 * nodes section is in (ParseOptions.onNodes), while its edges and strings still stream.
 */
export function beginLeakCandidates(
  baseline: IdsDigest,
  target: IdsDigest | undefined,
  finalNodes: NodeColumns,
  finalOrdinalsById?: Uint32Array,
): BegunCandidates {
  const finalOrder =
    finalOrdinalsById?.length === finalNodes.nodeCount
      ? finalOrdinalsById
      : ordinalsSortedById(finalNodes.nodeId, finalNodes.nodeCount);
  const merge = mergeClassIds(baseline, finalNodes, finalOrder);
  // The class rows count every new node; the candidates are the new ones the target also holds. The rows are
  // counted already, so the flags narrow in place.
  const isCandidate = merge.isNew;
  if (target) {
    const inTarget = idMembership(target.ids);
    for (let node = 0; node < finalNodes.nodeCount; node++) {
      if (isCandidate[node] === 1 && !inTarget(finalNodes.nodeId[node])) isCandidate[node] = 0;
    }
  }
  return { merge, isCandidate };
}

export function finishLeakCandidates(
  begun: BegunCandidates,
  baseline: IdsDigest,
  finalSnapshot: HeapSnapshot,
): LeakCandidates {
  return { classes: classDeltasOf(begun.merge, baseline, finalSnapshot), isCandidate: begun.isCandidate };
}

/**
 * The comparison memlab popularised: a leak candidate was allocated after the baseline (its id is not there), was
 * present in the target, and is still alive in the final. Only the final snapshot needs the graph; the others
 * contribute ids, classes and sizes (see IdsDigest).
 */
export function compareSnapshots(input: CompareInput): LeakReport {
  const { final: analysis } = input;
  const baseline = isIdsDigest(input.baseline)
    ? input.baseline
    : digestSnapshot(input.baseline, { classes: true });
  const target =
    input.target === undefined || isIdsDigest(input.target)
      ? input.target
      : digestSnapshot(input.target, { classes: false });
  const finalSnapshot = analysis.snapshot;
  const includeStringValues = input.includeStringValues ?? false;
  const { classes, isCandidate } =
    input.candidates ?? findLeakCandidates(baseline, target, finalSnapshot, input.finalOrdinalsById);
  const listenerType = listenerTypeLookup(input.listenerHints);
  const rootOf = assignLeakRoots(analysis, isCandidate);
  const { clusters: leaks, detachedElements: leakedDetachedElements } = clusterLeaks(
    analysis,
    isCandidate,
    rootOf,
    {
      includeStringValues,
      listenerType,
      minRetainedSize: input.minRetainedSize ?? 16 * 1024,
    },
  );
  const labels = input.labels ?? {};
  const lastRole: SnapshotRole = target ? 'final' : 'target';
  const snapshots: SnapshotSummary[] = [
    summaryOf(baseline.figures, 'baseline', labels.baseline ?? 'baseline'),
  ];
  if (target) snapshots.push(summaryOf(target.figures, 'target', labels.target ?? 'target'));
  snapshots.push({
    role: lastRole,
    label: (target ? labels.final : labels.target) ?? lastRole,
    nodeCount: finalSnapshot.nodeCount,
    edgeCount: finalSnapshot.edgeCount,
    totalSize: analysis.totalSize,
    jsEventListeners: analysis.jsEventListeners,
    detachedElements: analysis.detachedElements,
  });
  const listenerDelta = analysis.jsEventListeners - baseline.figures.jsEventListeners;
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
      listenerDelta,
      heapDelta: analysis.totalSize - baseline.figures.totalSize,
    },
    leaks,
    listeners: {
      counts: snapshots.map((snapshot) => ({ role: snapshot.role, count: snapshot.jsEventListeners })),
      delta: listenerDelta,
      added: addedListeners(analysis, isCandidate, listenerType),
    },
    classes: reportClassRows(classes),
  };
}

function summaryOf(figures: SnapshotFigures, role: SnapshotRole, label: string): SnapshotSummary {
  return { role, label, ...figures };
}
