/** What `leaks summary` prints: a full analysis of one snapshot. */
export interface SnapshotSummaryReport {
  schemaVersion: 1;
  label: string;
  nodeCount: number;
  edgeCount: number;
  /** Sum of self sizes, bytes. */
  totalSize: number;
  jsEventListeners: number;
  detachedElements: number;
  detachedTrees: DetachedTreeSummary[];
  /** Objects with the largest retained size (excluding the root and GC-root groups). */
  topRetainers: RetainerSummary[];
  /** Classes by retained size, largest first. */
  topClasses: ClassSummary[];
  /** Milliseconds per analysis phase. */
  timings: Record<string, number>;
}

export interface DetachedTreeSummary {
  /** e.g. `div.price-ticker`, `table#orders`. */
  description: string;
  nodeId: number;
  elementCount: number;
  retainedSize: number;
}

export interface RetainerSummary {
  nodeId: number;
  name: string;
  className: string;
  nodeType: string;
  selfSize: number;
  retainedSize: number;
  distance: number;
}

export interface ClassSummary {
  className: string;
  count: number;
  selfSize: number;
  retainedSize: number;
}
