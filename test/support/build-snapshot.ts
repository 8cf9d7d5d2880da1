/**
 * Builds a tiny heap snapshot file (as text, V8's format) from a hand-written graph, for algorithm tests.
 * Node 0 is the synthetic root. Edges name their target by node number; the builder converts to node indexes.
 */
import { createSnapshotParser, type HeapSnapshot } from '../../src/core/index.ts';

export interface TestNode {
  name: string;
  type?: string;
  selfSize?: number;
  id?: number;
  detachedness?: number;
  edges?: TestEdge[];
}

export interface TestEdge {
  to: number;
  name?: string | number;
  type?: string;
}

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'];

export function buildSnapshotText(nodes: TestNode[], extraSections = ''): string {
  const strings: string[] = [];
  const intern = (value: string): number => {
    const at = strings.indexOf(value);
    if (at >= 0) return at;
    strings.push(value);
    return strings.length - 1;
  };
  const nodeValues: number[] = [];
  const edgeValues: number[] = [];
  nodes.forEach((node, ordinal) => {
    const edges = node.edges ?? [];
    nodeValues.push(
      NODE_TYPES.indexOf(node.type ?? 'object'),
      intern(node.name),
      node.id ?? ordinal * 2 + 1,
      node.selfSize ?? 10,
      edges.length,
      node.detachedness ?? 0,
    );
    edges.forEach((edge, k) => {
      const type = edge.type ?? 'property';
      const name = edge.name ?? (type === 'element' || type === 'hidden' ? k : `e${k}`);
      edgeValues.push(
        EDGE_TYPES.indexOf(type),
        typeof name === 'number' ? name : intern(name),
        edge.to * NODE_FIELDS.length,
      );
    });
  });
  const meta = {
    node_fields: NODE_FIELDS,
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
    location_fields: ['object_index', 'script_id', 'line', 'column'],
  };
  return (
    `{"snapshot":{"meta":${JSON.stringify(meta)},"node_count":${nodes.length},"edge_count":${edgeValues.length / 3}},\n` +
    `"nodes":[${nodeValues.join(',')}],\n"edges":[${edgeValues.join(',')}],\n"locations":[],${extraSections}\n` +
    `"strings":${JSON.stringify(strings)}}`
  );
}

/** The hand-written graph, parsed as the engine reads a snapshot. */
export function buildSnapshot(nodes: TestNode[]): HeapSnapshot {
  const parser = createSnapshotParser();
  parser.write(buildSnapshotText(nodes));
  return parser.end();
}
