import type {
  CounterDelta,
  DetachedTreeGroup,
  ListenerPileUp,
  QuickCheckpoint,
  QuickComparison,
  QuickCounterName,
  QuickDetachedTree,
  QuickListenerGroup,
} from './quick-model.ts';
import { listenerKey } from './quick-model.ts';

const COUNTER_NAMES: QuickCounterName[] = [
  'jsEventListeners',
  'nodes',
  'documents',
  'jsHeapUsedSize',
  'jsHeapTotalSize',
];

export interface QuickCompareInput {
  baseline: QuickCheckpoint;
  /** After the action; optional (two-checkpoint comparisons skip it). */
  target?: QuickCheckpoint;
  /** After undoing the action: whatever the action left behind that is still here is suspect. */
  final: QuickCheckpoint;
}

/**
 * Pure comparison of quick checkpoints, memlab's rule applied to what quick mode can see: a detached tree is a
 * leak candidate when it is detached in the final checkpoint but was not at the baseline (identified by its
 * root's backendNodeId); listeners piled up when a target × type × handler group counts more at the end than at
 * the baseline. Deltas, never absolute counts: drivers such as Playwright add listeners of their own.
 */
export function compareQuickCheckpoints(input: QuickCompareInput): QuickComparison {
  const { baseline, target, final } = input;
  const detachedTrees = newDetachedTrees(baseline, target, final);
  const listenerPileUps = pileUps(baseline, target, final);
  return {
    labels: { baseline: baseline.label, ...(target ? { target: target.label } : {}), final: final.label },
    counters: COUNTER_NAMES.map((name) => counterDelta(name, baseline, target, final)),
    detachedTrees,
    listenerPileUps,
    leakSuspected: detachedTrees.length > 0 || listenerPileUps.length > 0,
  };
}

function counterDelta(
  name: QuickCounterName,
  baseline: QuickCheckpoint,
  target: QuickCheckpoint | undefined,
  final: QuickCheckpoint,
): CounterDelta {
  const delta: CounterDelta = {
    name,
    baseline: baseline.counters[name],
    final: final.counters[name],
    delta: final.counters[name] - baseline.counters[name],
  };
  if (target) delta.target = target.counters[name];
  return delta;
}

function newDetachedTrees(
  baseline: QuickCheckpoint,
  target: QuickCheckpoint | undefined,
  final: QuickCheckpoint,
): DetachedTreeGroup[] {
  const atBaseline = new Set(baseline.detachedTrees.map((tree) => tree.rootBackendNodeId));
  const atTarget = new Set(target?.detachedTrees.map((tree) => tree.rootBackendNodeId));
  const groups = new Map<string, DetachedTreeGroup>();
  const newTrees = final.detachedTrees.filter((tree) => !atBaseline.has(tree.rootBackendNodeId));
  for (const tree of newTrees) {
    const group = groups.get(tree.root) ?? emptyGroup(tree);
    group.trees++;
    group.elements += tree.elementCount;
    if (atTarget.has(tree.rootBackendNodeId)) group.seenAtTarget++;
    for (const retainer of tree.retainedBy)
      if (!group.retainedBy.includes(retainer)) group.retainedBy.push(retainer);
    groups.set(tree.root, group);
  }
  return [...groups.values()].sort((a, b) => b.elements - a.elements || a.root.localeCompare(b.root));
}

function emptyGroup(tree: QuickDetachedTree): DetachedTreeGroup {
  return { root: tree.root, trees: 0, elements: 0, seenAtTarget: 0, retainedBy: [] };
}

function pileUps(
  baseline: QuickCheckpoint,
  target: QuickCheckpoint | undefined,
  final: QuickCheckpoint,
): ListenerPileUp[] {
  const countsAt = (checkpoint: QuickCheckpoint | undefined): Map<string, number> =>
    new Map((checkpoint?.listeners ?? []).map((group) => [listenerKey(group), group.count]));
  const atBaseline = countsAt(baseline);
  const atTarget = countsAt(target);
  const result: ListenerPileUp[] = [];
  for (const group of final.listeners) {
    const key = listenerKey(group);
    const before = atBaseline.get(key) ?? 0;
    if (group.count <= before) continue;
    result.push(pileUp(group, before, target ? (atTarget.get(key) ?? 0) : undefined));
  }
  return result.sort((a, b) => b.delta - a.delta || a.target.localeCompare(b.target));
}

function pileUp(group: QuickListenerGroup, baseline: number, target: number | undefined): ListenerPileUp {
  const { count, ...listener } = group;
  const result: ListenerPileUp = {
    ...listener,
    baselineCount: baseline,
    finalCount: count,
    delta: count - baseline,
  };
  if (target !== undefined) result.targetCount = target;
  return result;
}
