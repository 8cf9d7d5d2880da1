import type { SourceLocation } from '../core/snapshot.ts';

/**
 * Quick mode: what an untrusted CDP client (chrome.debugger) can see without HeapProfiler (DESIGN.md §1) —
 * counters, detached DOM trees and listener inventories. Checkpoints are small plain data (structured-cloneable),
 * so the panel can keep them and hand them to the worker or an export.
 */
export interface QuickCheckpoint {
  label: string;
  /** ms since the epoch. */
  takenAt: number;
  counters: QuickCounters;
  detachedTrees: QuickDetachedTree[];
  /** Listeners grouped by target description × type × handler location. */
  listeners: QuickListenerGroup[];
  /** How long the capture took, ms, per phase (gc, metrics, detached, listeners, scripts). */
  timings: Record<string, number>;
  /** What this browser could not tell us, e.g. `DOM.getDetachedDomNodes` in an older Chromium. */
  notes: string[];
}

/** From `Performance.getMetrics`, taken after a forced GC. */
export interface QuickCounters {
  jsEventListeners: number;
  nodes: number;
  documents: number;
  jsHeapUsedSize: number;
  jsHeapTotalSize: number;
}

export type QuickCounterName = keyof QuickCounters;

export interface QuickDetachedTree {
  /** Stable for the node's lifetime in the renderer, so it identifies the tree across checkpoints. */
  rootBackendNodeId: number;
  /** e.g. `div.price-ticker`, `ul#results.list`. */
  root: string;
  /** Elements in the tree, root included (text and comment nodes not counted). */
  elementCount: number;
  /**
   * Distinct descriptions of the tree's nodes Chrome lists as retained (`retainedNodeIds`): nodes whose JS
   * wrappers are alive. The root is there when page code holds it; descendants can appear merely because an
   * earlier checkpoint's listener inventory created wrappers for them, so this hints, it does not prove.
   */
  retainedBy: string[];
}

export interface QuickListener {
  /** `Window`, `#document`, `button#act`, or `detached div.price-ticker` for a node in a detached tree. */
  target: string;
  type: string;
  /** Function name from the handler's source, `(anonymous)` for arrows and unnamed functions. */
  handlerName: string;
  /** scriptId as a number (as in heap snapshots), url '' for inline scripts set without a URL. */
  location: SourceLocation;
  useCapture: boolean;
}

export interface QuickListenerGroup extends QuickListener {
  count: number;
}

/** Identifies "the same listener" across checkpoints: same target description, type and handler location. */
export function listenerKey(listener: QuickListener): string {
  const { scriptId, line, column } = listener.location;
  return `${listener.target}\u0000${listener.type}\u0000${scriptId}:${line}:${column}\u0000${listener.useCapture}`;
}

export interface QuickComparison {
  labels: { baseline: string; target?: string; final: string };
  counters: CounterDelta[];
  /** Detached trees alive in the final checkpoint that were not detached at the baseline, grouped by root. */
  detachedTrees: DetachedTreeGroup[];
  /** Listener groups whose count grew from the baseline to the final checkpoint, largest growth first. */
  listenerPileUps: ListenerPileUp[];
  /** True when detached trees stayed or listeners piled up. */
  leakSuspected: boolean;
}

export interface CounterDelta {
  name: QuickCounterName;
  baseline: number;
  target?: number;
  final: number;
  /** final − baseline. */
  delta: number;
}

export interface DetachedTreeGroup {
  root: string;
  /** Trees with this root description that appeared after the baseline and are alive at the end. */
  trees: number;
  elements: number;
  /** How many of them were already detached at the target checkpoint (appeared during the action, stayed). */
  seenAtTarget: number;
  retainedBy: string[];
}

/** Counts per checkpoint; `target` (the listener's target description) is taken, hence the *Count names. */
export interface ListenerPileUp extends QuickListener {
  baselineCount: number;
  targetCount?: number;
  finalCount: number;
  delta: number;
}
