import { SnapshotFormatError } from '../errors.ts';
import type { SnapshotLayout } from './header.ts';
import type { ParseOptions } from './snapshot-parser.ts';
import { grow, initialCapacity } from './growable.ts';
import { Scratch, uint32Array, uint8Array } from '../graph/scratch.ts';

const UINT32_MAX = 0xffffffff;
const NO_NODE = 0xffffffff;
/** Words a location row takes in SnapshotColumns.locationRows. */
export const LOCATION_ROW = 5;

/**
 * One batch of a section's numbers: the rest of a record the previous batch began (`unfinished` values), value by
 * value; then whole records, until `whole` stops (at the last whole one, or at a bad value, to be named value by
 * value); then what is left, value by value.
 */
function storeBatch(
  length: number,
  unfinished: number,
  byValue: (from: number, to: number) => void,
  whole: (from: number) => number,
): void {
  const head = Math.min(length, unfinished);
  if (head > 0) byValue(0, head);
  byValue(whole(head), length);
}

/**
 * Writes the numbers of the nodes, edges and locations sections straight into typed columns, validating each
 * value against the layout as it arrives (types in range, edge targets on node boundaries, counts as declared).
 * Node and edge positions are tracked incrementally: no division per value on the hot path.
 */
export class SnapshotColumns {
  nodeType: Uint8Array;
  nodeName: Uint32Array;
  nodeId: Uint32Array;
  nodeSelfSize: Uint32Array;
  nodeDetachedness: Uint8Array;
  firstEdge: Uint32Array;
  edgeType: Uint8Array;
  edgeNameOrIndex: Uint32Array;
  edgeToNode: Uint32Array;
  /**
   * The locations read so far, a row of LOCATION_ROW words each (node ordinal, script id, line, column, script
   * node ordinal), grown by doubling: one typed store per value instead of five list pushes a row (in the panel's
   * worker the pushes and the lists' copies took about 0.2 s of a 200 MB target's stream, profiled).
   */
  locationRows = new Uint32Array(LOCATION_ROW * 1024);
  locationCount = 0;

  nodesRead = 0;
  edgesRead = 0;
  maxNodeName = -1;
  maxEdgeName = -1;
  /** Where the current chunk starts, for error messages raised while storing a batch. */
  offset = 0;

  private nodeField = 0;
  private edgeField = 0;
  private edgeTotal = 0;
  private locationField = 0;
  private readonly locationRow: Float64Array;
  private readonly namedEdgeType: Uint8Array;

  constructor(
    private readonly layout: SnapshotLayout,
    readonly keepEdges: boolean,
    {
      expectedBytes,
      declaredCountsTrusted = false,
      columnStorage,
    }: Pick<ParseOptions, 'expectedBytes' | 'declaredCountsTrusted' | 'columnStorage'>,
  ) {
    if (expectedBytes !== undefined) {
      // Each number takes at least two bytes ("0,"): a count the file cannot hold is a lie, refuse it before allocating.
      const minimum =
        2 * (layout.nodeCount * layout.nodeFieldCount + layout.edgeCount * layout.edgeFieldCount);
      if (minimum > expectedBytes) {
        throw new SnapshotFormatError(
          'count-mismatch',
          0,
          `header declares ${layout.nodeCount} nodes and ${layout.edgeCount} edges, more than ${expectedBytes} bytes can hold`,
        );
      }
    }
    const exact = expectedBytes !== undefined || declaredCountsTrusted;
    // Pages made and touched ahead, where the counts are trusted (columnStorage), in reserveColumnsAhead's order.
    const storage = declaredCountsTrusted ? columnStorage?.() : undefined;
    const nodeCapacity = initialCapacity(layout.nodeCount, 24, exact);
    this.nodeType = uint8Array(storage, nodeCapacity);
    this.nodeName = uint32Array(storage, nodeCapacity);
    this.nodeId = uint32Array(storage, nodeCapacity);
    this.nodeSelfSize = uint32Array(storage, nodeCapacity);
    this.nodeDetachedness = uint8Array(storage, nodeCapacity);
    this.firstEdge = uint32Array(storage, keepEdges ? nodeCapacity + 1 : 0);
    const edgeCapacity = keepEdges ? initialCapacity(layout.edgeCount, 9, exact) : 0;
    this.edgeType = uint8Array(storage, edgeCapacity);
    this.edgeNameOrIndex = uint32Array(storage, edgeCapacity);
    this.edgeToNode = uint32Array(storage, edgeCapacity);
    this.locationRow = new Float64Array(layout.locationFieldCount);
    // Element and hidden edges carry an index, every other type a string index (as DevTools' edge.name()).
    this.namedEdgeType = new Uint8Array(layout.edgeTypeNames.length);
    layout.edgeTypeNames.forEach((name, type) => {
      this.namedEdgeType[type] = name === 'element' || name === 'hidden' ? 0 : 1;
    });
  }

  /**
   * A batch of the "nodes" numbers. Whole records go through storeWholeNodes, which reads a record's fields by
   * offset instead of switching on the field of every number; a record split across batches, or one with a bad
   * value (to get the exact error), goes value by value.
   */
  readonly storeNodes = (values: Float64Array, length: number): void =>
    storeBatch(
      length,
      this.nodeField === 0 ? 0 : this.layout.nodeFieldCount - this.nodeField,
      (from, to) => this.storeNodeValues(values, from, to),
      (from) => this.storeWholeNodes(values, from, length),
    );

  /** Whole node records from `from` (a record start); returns where it stopped. */
  private storeWholeNodes(values: Float64Array, from: number, length: number): number {
    const { layout } = this;
    const fieldCount = layout.nodeFieldCount;
    const { type: typeField, name: nameField, id: idField, selfSize: sizeField } = layout.node;
    const { edgeCount: edgeCountField, detachedness: detachedField } = layout.node;
    const typeCount = layout.nodeTypeNames.length;
    let ordinal = this.nodesRead;
    const records = Math.min(Math.floor((length - from) / fieldCount), layout.nodeCount - ordinal);
    if (records <= 0) return from;
    if (ordinal + records > this.nodeType.length) this.growNodes(ordinal + records);
    const { nodeType, nodeName, nodeId, nodeSelfSize, nodeDetachedness, firstEdge, keepEdges } = this;
    const declaredEdges = layout.edgeCount;
    let edgeTotal = this.edgeTotal;
    let maxNodeName = this.maxNodeName;
    const end = from + records * fieldCount;
    let k = from;
    for (; k < end; k += fieldCount) {
      const type = values[k + typeField];
      const name = values[k + nameField];
      const id = values[k + idField];
      const size = values[k + sizeField];
      const edges = values[k + edgeCountField];
      const detached = detachedField >= 0 ? values[k + detachedField] : 0;
      if (type >= typeCount || name > UINT32_MAX || id > UINT32_MAX || size > UINT32_MAX || detached > 2)
        break;
      if (edgeTotal + edges > declaredEdges) break;
      nodeType[ordinal] = type;
      nodeName[ordinal] = name;
      if (name > maxNodeName) maxNodeName = name;
      nodeId[ordinal] = id;
      nodeSelfSize[ordinal] = size;
      if (keepEdges) firstEdge[ordinal] = edgeTotal;
      edgeTotal += edges;
      if (detachedField >= 0) nodeDetachedness[ordinal] = detached;
      ordinal++;
    }
    this.nodesRead = ordinal;
    this.edgeTotal = edgeTotal;
    this.maxNodeName = maxNodeName;
    return k;
  }

  private storeNodeValues(values: Float64Array, from: number, length: number): void {
    const { layout } = this;
    const fieldCount = layout.nodeFieldCount;
    const { type: typeField, name: nameField, id: idField, selfSize: sizeField } = layout.node;
    const { edgeCount: edgeCountField, detachedness: detachedField } = layout.node;
    const typeCount = layout.nodeTypeNames.length;
    let field = this.nodeField;
    let ordinal = this.nodesRead;
    for (let k = from; k < length; k++) {
      const value = values[k];
      if (field === 0 && ordinal >= this.nodeType.length) this.growNodes(ordinal + 1);
      if (field === typeField) {
        if (value >= typeCount) this.fail(`node ${ordinal} has type ${value}, meta lists ${typeCount} types`);
        this.nodeType[ordinal] = value;
      } else if (field === nameField) {
        if (value > UINT32_MAX) this.fail(`node ${ordinal} has name index ${value}`);
        this.nodeName[ordinal] = value;
        if (value > this.maxNodeName) this.maxNodeName = value;
      } else if (field === idField) {
        if (value > UINT32_MAX) this.fail(`node ${ordinal} has id ${value}, beyond V8's 32-bit ids`);
        this.nodeId[ordinal] = value;
      } else if (field === sizeField) {
        if (value > UINT32_MAX) this.fail(`node ${ordinal} has self size ${value}`);
        this.nodeSelfSize[ordinal] = value;
      } else if (field === edgeCountField) {
        if (this.keepEdges) this.firstEdge[ordinal] = this.edgeTotal;
        this.edgeTotal += value;
        if (this.edgeTotal > layout.edgeCount) {
          this.fail(`node ${ordinal} brings the edge total past the declared ${layout.edgeCount}`);
        }
      } else if (field === detachedField) {
        if (value > 2) this.fail(`node ${ordinal} has detachedness ${value} (expected 0, 1 or 2)`);
        this.nodeDetachedness[ordinal] = value;
      }
      if (++field === fieldCount) {
        field = 0;
        ordinal++;
      }
    }
    this.nodeField = field;
    this.nodesRead = ordinal;
  }

  /** A batch of the "edges" numbers: whole records by offset, the rest value by value (as storeNodes). */
  readonly storeEdges = (values: Float64Array, length: number): void =>
    storeBatch(
      length,
      this.edgeField === 0 ? 0 : this.layout.edgeFieldCount - this.edgeField,
      (from, to) => this.storeEdgeValues(values, from, to),
      (from) => this.storeWholeEdges(values, from, length),
    );

  /** Whole edge records from `from` (a record start); returns where it stopped. */
  private storeWholeEdges(values: Float64Array, from: number, length: number): number {
    const { layout } = this;
    const fieldCount = layout.edgeFieldCount;
    const nodeFieldCount = layout.nodeFieldCount;
    const { type: typeField, nameOrIndex: nameField, toNode: toField } = layout.edge;
    const typeCount = layout.edgeTypeNames.length;
    const nodeCount = layout.nodeCount;
    let edge = this.edgesRead;
    const records = Math.min(Math.floor((length - from) / fieldCount), layout.edgeCount - edge);
    if (records <= 0) return from;
    if (edge + records > this.edgeType.length) this.growEdges(edge + records);
    const { edgeType, edgeNameOrIndex, edgeToNode, namedEdgeType } = this;
    let maxEdgeName = this.maxEdgeName;
    const end = from + records * fieldCount;
    let k = from;
    for (; k < end; k += fieldCount) {
      const type = values[k + typeField];
      const name = values[k + nameField];
      const ordinal = values[k + toField] / nodeFieldCount;
      if (type >= typeCount || name > UINT32_MAX || ordinal !== Math.floor(ordinal) || ordinal >= nodeCount)
        break;
      edgeType[edge] = type;
      edgeNameOrIndex[edge] = name;
      edgeToNode[edge] = ordinal;
      // Named edges are checked against the strings once those arrive (they come last).
      if (namedEdgeType[type] === 1 && name > maxEdgeName) maxEdgeName = name;
      edge++;
    }
    this.edgesRead = edge;
    this.maxEdgeName = maxEdgeName;
    return k;
  }

  private storeEdgeValues(values: Float64Array, from: number, length: number): void {
    const { layout } = this;
    const fieldCount = layout.edgeFieldCount;
    const nodeFieldCount = layout.nodeFieldCount;
    const { type: typeField, nameOrIndex: nameField, toNode: toField } = layout.edge;
    const typeCount = layout.edgeTypeNames.length;
    const nodeCount = layout.nodeCount;
    let field = this.edgeField;
    let edge = this.edgesRead;
    for (let k = from; k < length; k++) {
      const value = values[k];
      if (field === 0) {
        if (edge >= layout.edgeCount) this.fail(`more edges than the declared ${layout.edgeCount}`);
        if (edge >= this.edgeType.length) this.growEdges(edge + 1);
      }
      if (field === typeField) {
        if (value >= typeCount) this.fail(`edge ${edge} has type ${value}, meta lists ${typeCount} types`);
        this.edgeType[edge] = value;
      } else if (field === nameField) {
        if (value > UINT32_MAX) this.fail(`edge ${edge} has name ${value}`);
        this.edgeNameOrIndex[edge] = value;
      } else if (field === toField) {
        const ordinal = value / nodeFieldCount;
        if (ordinal !== Math.floor(ordinal) || ordinal >= nodeCount) {
          this.fail(`edge ${edge} points to node index ${value}, not a node of ${nodeCount}`);
        }
        this.edgeToNode[edge] = ordinal;
      }
      if (++field === fieldCount) {
        // Named edges are checked against the strings once those arrive (they come last).
        if (this.namedEdgeType[this.edgeType[edge]] === 1 && this.edgeNameOrIndex[edge] > this.maxEdgeName) {
          this.maxEdgeName = this.edgeNameOrIndex[edge];
        }
        field = 0;
        edge++;
      }
    }
    this.edgeField = field;
    this.edgesRead = edge;
  }

  readonly storeLocations = (values: Float64Array, length: number): void => {
    const { layout } = this;
    const row = this.locationRow;
    const fieldCount = layout.locationFieldCount;
    const { objectIndex, scriptId, scriptObjectIndex, line, column } = layout.location;
    let field = this.locationField;
    for (let k = 0; k < length; k++) {
      row[field] = values[k];
      if (++field < fieldCount) continue;
      field = 0;
      const at = this.locationCount * LOCATION_ROW;
      if (at + LOCATION_ROW > this.locationRows.length) {
        this.locationRows = grow(this.locationRows, at + LOCATION_ROW, UINT32_MAX);
      }
      const rows = this.locationRows;
      rows[at] = this.nodeOrdinalOf(row[objectIndex], 'location object_index');
      rows[at + 1] = scriptId >= 0 ? Math.min(row[scriptId], UINT32_MAX) : 0;
      rows[at + 2] = line >= 0 ? Math.min(row[line], UINT32_MAX) : 0;
      rows[at + 3] = column >= 0 ? Math.min(row[column], UINT32_MAX) : 0;
      rows[at + 4] =
        scriptObjectIndex >= 0
          ? this.nodeOrdinalOf(row[scriptObjectIndex], 'location script_object_index')
          : NO_NODE;
      this.locationCount++;
    }
    this.locationField = field;
  };

  /** Checks the declared counts once every section is in. */
  /**
   * True when the nodes and edges read so far are exactly what the header declares (finishCounts' checks, as a
   * question): the graph is whole, and its last CSR offset is written.
   */
  graphComplete(): boolean {
    const { layout } = this;
    const complete =
      this.keepEdges &&
      this.nodesRead === layout.nodeCount &&
      this.nodeField === 0 &&
      this.edgeTotal === layout.edgeCount &&
      this.edgesRead === layout.edgeCount &&
      this.edgeField === 0;
    if (complete) this.firstEdge[layout.nodeCount] = this.edgeTotal;
    return complete;
  }

  finishCounts(): void {
    const { layout } = this;
    if (this.nodesRead !== layout.nodeCount || this.nodeField !== 0) {
      throw new SnapshotFormatError(
        'count-mismatch',
        this.offset,
        `header declares ${layout.nodeCount} nodes, "nodes" holds ${this.nodesRead}`,
      );
    }
    if (this.edgeTotal !== layout.edgeCount) {
      throw new SnapshotFormatError(
        'count-mismatch',
        this.offset,
        `header declares ${layout.edgeCount} edges, node edge counts add up to ${this.edgeTotal}`,
      );
    }
    if (this.keepEdges) {
      if (this.edgesRead !== layout.edgeCount || this.edgeField !== 0) {
        throw new SnapshotFormatError(
          'count-mismatch',
          this.offset,
          `header declares ${layout.edgeCount} edges, "edges" holds ${this.edgesRead}`,
        );
      }
      this.firstEdge[layout.nodeCount] = this.edgeTotal;
    }
  }

  private nodeOrdinalOf(nodeIndex: number, what: string): number {
    const ordinal = nodeIndex / this.layout.nodeFieldCount;
    if (ordinal !== Math.floor(ordinal) || ordinal >= this.layout.nodeCount) {
      this.fail(`${what} ${nodeIndex} is not a node index`);
    }
    return ordinal;
  }

  private growNodes(needed: number): void {
    const cap = this.layout.nodeCount;
    if (needed > cap) this.fail(`more nodes than the declared ${cap}`);
    this.nodeType = grow(this.nodeType, needed, cap);
    this.nodeName = grow(this.nodeName, needed, cap);
    this.nodeId = grow(this.nodeId, needed, cap);
    this.nodeSelfSize = grow(this.nodeSelfSize, needed, cap);
    this.nodeDetachedness = grow(this.nodeDetachedness, needed, cap);
    if (this.keepEdges) this.firstEdge = grow(this.firstEdge, needed + 1, cap + 1);
  }

  private growEdges(needed: number): void {
    const cap = this.layout.edgeCount;
    this.edgeType = grow(this.edgeType, needed, cap);
    this.edgeNameOrIndex = grow(this.edgeNameOrIndex, needed, cap);
    this.edgeToNode = grow(this.edgeToNode, needed, cap);
  }

  private fail(reason: string): never {
    throw new SnapshotFormatError('malformed', this.offset, reason);
  }
}

/**
 * Storage for the node and edge columns of a full-mode snapshot of about these counts (ParseOptions.columnStorage),
 * made and first touched ahead of time: in the panel's worker, the columns made at the header took their pages while
 * Chrome serialized, 52k page faults of a 200 MB target (about 200 MB, read per thread from /proc), on the cores the
 * serializer needs. Sizes in the order the columns ask for them, so best fit hands each its own.
 */
export function reserveColumnsAhead(nodeCount: number, edgeCount: number): Scratch {
  const scratch = new Scratch();
  const nodeWords = 4 * nodeCount;
  const edgeWords = 4 * edgeCount;
  scratch.reserve(
    nodeCount,
    nodeWords,
    nodeWords,
    nodeWords,
    nodeCount,
    nodeWords + 4,
    edgeCount,
    edgeWords,
    edgeWords,
  );
  return scratch;
}
