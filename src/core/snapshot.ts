import type { StringTable } from './strings.ts';

/**
 * The parsed form of a V8 heap snapshot, column by column (struct of arrays), indexed by node ordinal.
 *
 * Vocabulary, never mixed: `nodeOrdinal` is a node's number (0..nodeCount-1); `nodeIndex` is an offset in the
 * snapshot file's flat `nodes` array (ordinal × field count) and only exists inside the parser; `id` is V8's
 * stable heap object id (odd for JS objects, even for native ones), the only thing comparable across snapshots.
 */
export type SnapshotMode = 'full' | 'ids';

export interface SourceLocation {
  scriptId: number;
  /** Script URL when the snapshot names it (the script object's name), else undefined. */
  url?: string;
  /** 0-based, as V8 reports them. Renderers add 1. */
  line: number;
  column: number;
}

/**
 * The graph part of a snapshot: its nodes and edges, with names as string indices only. A Chromium snapshot has
 * it whole once its "edges" section ends, about nine tenths into the stream, before the locations and the
 * strings (ParseOptions.onGraph); work that needs no name text can run then.
 */
export interface HeapGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly nodeTypeNames: readonly string[];
  readonly edgeTypeNames: readonly string[];

  /** Index into nodeTypeNames. */
  readonly nodeType: Uint8Array;
  /** Index into strings. */
  readonly nodeName: Uint32Array;
  readonly nodeId: Uint32Array;
  readonly nodeSelfSize: Uint32Array;
  /** 0 unknown, 1 attached, 2 detached — as written by V8 (before propagation). */
  readonly nodeDetachedness: Uint8Array;

  /** CSR: the edges of node o are firstEdge[o] .. firstEdge[o+1]-1. Length nodeCount+1. Empty in 'ids' mode. */
  readonly firstEdge: Uint32Array;
  /** Index into edgeTypeNames. */
  readonly edgeType: Uint8Array;
  /** A string index (named edges) or an element index (element, hidden edges). */
  readonly edgeNameOrIndex: Uint32Array;
  /** Target node ordinal (converted from the file's node index). */
  readonly edgeToNode: Uint32Array;
}

/**
 * The node columns and the type names: whole once the "nodes" section ends, about a third into a Chromium snapshot
 * (ParseOptions.onNodes), while the edges and the strings still stream.
 */
export type NodeColumns = Pick<
  HeapGraph,
  'nodeCount' | 'nodeTypeNames' | 'edgeTypeNames' | 'nodeType' | 'nodeName' | 'nodeId' | 'nodeSelfSize'
>;

/** The graph arrays the structural algorithms read (dominance rules, DFS): no names, no ids, no sizes. */
export type EdgeGraph = Pick<
  HeapGraph,
  'nodeCount' | 'edgeCount' | 'nodeTypeNames' | 'edgeTypeNames' | 'firstEdge' | 'edgeToNode' | 'edgeType'
>;

export interface HeapSnapshot extends HeapGraph {
  readonly mode: SnapshotMode;
  readonly strings: StringTable;

  /** Closure source locations, sorted by node ordinal. Empty in 'ids' mode. */
  readonly locationNode: Uint32Array;
  readonly locationScriptId: Uint32Array;
  readonly locationLine: Uint32Array;
  readonly locationColumn: Uint32Array;
  /** Node ordinal of the script object of each location, or 0xffffffff when the snapshot has no such field. */
  readonly locationScriptNode: Uint32Array;
}
