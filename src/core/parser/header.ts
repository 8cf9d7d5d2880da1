import { SnapshotFormatError } from '../errors.ts';

/** Field offsets read from `snapshot.meta`; -1 when the snapshot has no such field. */
export interface SnapshotLayout {
  nodeCount: number;
  edgeCount: number;
  nodeFieldCount: number;
  edgeFieldCount: number;
  locationFieldCount: number;
  nodeTypeNames: string[];
  edgeTypeNames: string[];
  node: { type: number; name: number; id: number; selfSize: number; edgeCount: number; detachedness: number };
  edge: { type: number; nameOrIndex: number; toNode: number };
  location: {
    objectIndex: number;
    scriptId: number;
    scriptObjectIndex: number;
    line: number;
    column: number;
  };
}

interface RawMeta {
  node_fields?: unknown;
  node_types?: unknown;
  edge_fields?: unknown;
  edge_types?: unknown;
  location_fields?: unknown;
}

function stringList(value: unknown, what: string, offset: number): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new SnapshotFormatError('bad-meta', offset, `snapshot.meta.${what} is not a list of names`);
  }
  return value as string[];
}

function requiredField(fields: string[], name: string, what: string, offset: number): number {
  const index = fields.indexOf(name);
  if (index < 0) throw new SnapshotFormatError('bad-meta', offset, `snapshot.meta.${what} has no "${name}"`);
  return index;
}

function count(value: unknown, what: string, offset: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SnapshotFormatError('bad-meta', offset, `snapshot.${what} is not a non-negative integer`);
  }
  return value;
}

/** Reads every offset from meta, as DevTools does, so added or reordered fields keep working. */
export function readLayout(header: unknown, offset: number): SnapshotLayout {
  if (typeof header !== 'object' || header === null || !('meta' in header)) {
    throw new SnapshotFormatError('not-a-snapshot', offset, 'the "snapshot" header has no meta');
  }
  const h = header as { meta: RawMeta; node_count?: unknown; edge_count?: unknown };
  const meta = h.meta;
  if (typeof meta !== 'object' || meta === null) {
    throw new SnapshotFormatError('bad-meta', offset, 'snapshot.meta is not an object');
  }
  const nodeFields = stringList(meta.node_fields, 'node_fields', offset);
  const edgeFields = stringList(meta.edge_fields, 'edge_fields', offset);
  const locationFields =
    meta.location_fields === undefined ? [] : stringList(meta.location_fields, 'location_fields', offset);
  const nodeTypes = Array.isArray(meta.node_types) ? meta.node_types[0] : undefined;
  const edgeTypes = Array.isArray(meta.edge_types) ? meta.edge_types[0] : undefined;
  const nodeTypeNames = stringList(nodeTypes, 'node_types[0]', offset);
  const edgeTypeNames = stringList(edgeTypes, 'edge_types[0]', offset);
  if (nodeTypeNames.length > 255 || edgeTypeNames.length > 255) {
    throw new SnapshotFormatError(
      'bad-meta',
      offset,
      'snapshot.meta declares more than 255 node or edge types',
    );
  }
  const field = (fields: string[], name: string): number => fields.indexOf(name);
  return {
    nodeCount: count(h.node_count, 'node_count', offset),
    edgeCount: count(h.edge_count, 'edge_count', offset),
    nodeFieldCount: nodeFields.length,
    edgeFieldCount: edgeFields.length,
    locationFieldCount: locationFields.length,
    nodeTypeNames,
    edgeTypeNames,
    node: {
      type: requiredField(nodeFields, 'type', 'node_fields', offset),
      name: requiredField(nodeFields, 'name', 'node_fields', offset),
      id: requiredField(nodeFields, 'id', 'node_fields', offset),
      selfSize: requiredField(nodeFields, 'self_size', 'node_fields', offset),
      edgeCount: requiredField(nodeFields, 'edge_count', 'node_fields', offset),
      detachedness: field(nodeFields, 'detachedness'),
    },
    edge: {
      type: requiredField(edgeFields, 'type', 'edge_fields', offset),
      nameOrIndex: requiredField(edgeFields, 'name_or_index', 'edge_fields', offset),
      toNode: requiredField(edgeFields, 'to_node', 'edge_fields', offset),
    },
    location: {
      objectIndex: field(locationFields, 'object_index'),
      scriptId: field(locationFields, 'script_id'),
      scriptObjectIndex: field(locationFields, 'script_object_index'),
      line: field(locationFields, 'line'),
      column: field(locationFields, 'column'),
    },
  };
}
