import type { SourceLocation } from '../snapshot.ts';

/**
 * The one report model behind the panel, the JSON/HTML/Markdown exports and the CLI.
 * Documented by docs/report.schema.json; bump schemaVersion on any incompatible change.
 */
export interface LeakReport {
  schemaVersion: 1;
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  tool: { name: 'leaks'; version: string };
  /** Whether heap string values appear in chains and samples (off unless the user opts in). */
  includesStringValues: boolean;
  snapshots: SnapshotSummary[];
  summary: ReportSummary;
  /** Leak clusters, largest retained size first. */
  leaks: LeakCluster[];
  listeners: ListenerReport;
  /** Class comparison of the last snapshot against the baseline, largest |deltaSize| first. */
  classes: ClassDelta[];
}

export type SnapshotRole = 'baseline' | 'target' | 'final';

export interface SnapshotSummary {
  role: SnapshotRole;
  /** File name or checkpoint label; never a full path from the user's machine unless they gave it. */
  label: string;
  nodeCount: number;
  edgeCount: number;
  /** Sum of self sizes, bytes. */
  totalSize: number;
  jsEventListeners: number;
  detachedElements: number;
}

export interface ReportSummary {
  leakClusters: number;
  /** Leak candidates: objects allocated after the baseline, present in the target and alive in the final. */
  leakedObjects: number;
  /** Detached DOM elements among the leak candidates. */
  leakedDetachedElements: number;
  /** Bytes retained by the leak candidates (dominator-tree retained size, each object counted once). */
  leakedRetainedSize: number;
  /** JS event listeners alive in the last snapshot minus the baseline. */
  listenerDelta: number;
  /** Total self size of the last snapshot minus the baseline, bytes. */
  heapDelta: number;
}

export type LeakKind = 'detached-dom' | 'event-listener' | 'closure' | 'collection' | 'object';

export interface LeakCluster {
  /** Stable within one report: `L1`, `L2`… by rank. */
  id: string;
  kind: LeakKind;
  /** One readable line, e.g. `Detached <div class="price-ticker"> held by closure onPrice (page.html:10:42)`. */
  title: string;
  /** Leaked objects whose chains fell into this cluster. */
  count: number;
  detachedElements: number;
  retainedSize: number;
  /** Representative chain, ordered from the GC root to the leaked object. */
  retainerChain: RetainerStep[];
  /** The same chain with engine internals folded into steps a web developer reads. */
  readableChain: ReadableStep[];
  /** Up to 10 leaked objects of the cluster. */
  samples: LeakSample[];
  /** Source locations of the closures and listeners on the chain. */
  locations: SourceLocation[];
}

export interface RetainerStep {
  /** Node name as the snapshot has it (heap strings redacted unless includesStringValues). */
  node: string;
  nodeType: string;
  nodeId: number;
  /** The property, variable or index name by which the previous step holds this one ('' for the first step). */
  edge: string;
  edgeType: string;
  selfSize: number;
  retainedSize: number;
  detached: boolean;
}

export type ReadableStepKind =
  | 'root'
  | 'global'
  | 'variable'
  | 'property'
  | 'element'
  | 'collection'
  | 'listener'
  | 'closure'
  | 'timer'
  | 'dom'
  | 'internal'
  | 'leak';

export interface ReadableStep {
  kind: ReadableStepKind;
  /** What a web developer reads, e.g. `'resize' listener on Window`, `closure onPrice`, `el (closure variable)`. */
  text: string;
  nodeId?: number;
  location?: SourceLocation;
}

export interface LeakSample {
  nodeId: number;
  name: string;
  className: string;
  selfSize: number;
  retainedSize: number;
}

export interface ListenerReport {
  /** JS event listeners alive per snapshot, in snapshot order (V8EventListener nodes). */
  counts: { role: SnapshotRole; count: number }[];
  delta: number;
  /** Listeners added after the baseline and still alive in the last snapshot, grouped by target and handler. */
  added: AddedListener[];
}

export interface AddedListener {
  /** e.g. `Window`, `<button id="open">`, `Detached <div class="dialog">`. */
  target: string;
  /** Event type when known (from a listener inventory), e.g. `resize`. */
  type?: string;
  /** Handler function name, `(anonymous)` when it has none. */
  handler: string;
  location?: SourceLocation;
  count: number;
}

export interface ClassDelta {
  className: string;
  newCount: number;
  deletedCount: number;
  deltaCount: number;
  allocSize: number;
  freedSize: number;
  deltaSize: number;
}
