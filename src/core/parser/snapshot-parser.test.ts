import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  createSnapshotParser,
  reserveColumnsAhead,
  SnapshotFormatError,
  type HeapGraph,
  type HeapSnapshot,
  type NodeColumns,
  type ParseOptions,
} from '../index.ts';
import { fixtureSnapshot } from '../../../test/support/fixture-snapshots.ts';
import { buildSnapshotText } from '../../../test/support/build-snapshot.ts';
import { NODE_PROCESS_EXPECTATION } from '../../../e2e/fixtures/expectations.ts';

function parse(
  input: Uint8Array | string,
  chunkSize: number,
  mode: 'full' | 'ids' = 'full',
  options: ParseOptions = {},
): HeapSnapshot {
  const parser = createSnapshotParser({ ...options, mode });
  for (let at = 0; at < input.length; at += chunkSize) parser.write(input.slice(at, at + chunkSize));
  return parser.end();
}

function parseError(
  input: Uint8Array | string,
  options: { expectedBytes?: number } = {},
): SnapshotFormatError {
  try {
    const parser = createSnapshotParser(options);
    parser.write(input);
    parser.end();
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotFormatError');
}

/** Everything the parser produces, in a comparable form. */
function digest(snapshot: HeapSnapshot): string {
  const columns = [
    snapshot.nodeType,
    snapshot.nodeName,
    snapshot.nodeId,
    snapshot.nodeSelfSize,
    snapshot.nodeDetachedness,
    snapshot.firstEdge,
    snapshot.edgeType,
    snapshot.edgeNameOrIndex,
    snapshot.edgeToNode,
    snapshot.locationNode,
    snapshot.locationLine,
    snapshot.locationColumn,
    snapshot.locationScriptNode,
  ];
  let hash = 0;
  for (const column of columns) {
    for (let k = 0; k < column.length; k++) hash = (Math.imul(hash, 31) + column[k]) | 0;
    hash = (Math.imul(hash, 31) + column.length) | 0;
  }
  return `${snapshot.nodeCount}/${snapshot.edgeCount}/${snapshot.strings.toArray().join('\u0001')}/${hash}`;
}

describe('streaming snapshot parser on a real Chromium snapshot', () => {
  const bytes = readFileSync(fixtureSnapshot('closure-detached', 'final'));
  const reference = JSON.parse(bytes.toString('utf8'));
  const whole = parse(bytes, bytes.length);

  it('matches JSON.parse of the same file, field by field', () => {
    const fields: string[] = reference.snapshot.meta.node_fields;
    const stride = fields.length;
    expect(whole.nodeCount).toBe(reference.snapshot.node_count);
    expect(whole.strings.toArray()).toEqual(reference.strings);
    for (let node = 0; node < whole.nodeCount; node++) {
      expect(whole.nodeId[node]).toBe(reference.nodes[node * stride + fields.indexOf('id')]);
      expect(whole.nodeName[node]).toBe(reference.nodes[node * stride + fields.indexOf('name')]);
    }
    for (let edge = 0; edge < whole.edgeCount; edge += 97) {
      expect(whole.edgeToNode[edge] * stride).toBe(reference.edges[edge * 3 + 2]);
    }
    const locationFields: string[] = reference.snapshot.meta.location_fields;
    expect(whole.locationNode.length * locationFields.length).toBe(reference.locations.length);
    // As the file has them, ordered by node (a stable sort: rows of one node in file order).
    const width = locationFields.length;
    const rowsOfFile = Array.from({ length: reference.locations.length / width }, (_, row) =>
      ['object_index', 'script_id', 'line', 'column'].map(
        (field) => reference.locations[row * width + locationFields.indexOf(field)] as number,
      ),
    ).sort((a, b) => a[0]! - b[0]!);
    const rowsParsed = [...whole.locationNode].map((node, row) => [
      node * stride,
      whole.locationScriptId[row],
      whole.locationLine[row],
      whole.locationColumn[row],
    ]);
    expect(rowsParsed).toEqual(rowsOfFile);
  });

  it.each([1, 7, 4093, 65_537, 1 << 20])('gives the same result in %i-byte chunks', (size) => {
    expect(digest(parse(bytes, size))).toBe(digest(whole));
  });

  it('gives the same result for string chunks (as CDP delivers them)', () => {
    expect(digest(parse(bytes.toString('utf8'), 100_003))).toBe(digest(whole));
  });

  it('gives the same result with its numbers read in JavaScript alone (where WebAssembly may not compile)', () => {
    const javascript = { numbers: 'javascript' } as const;
    expect(digest(parse(bytes, 65_536, 'full', javascript))).toBe(digest(whole));
    expect(digest(parse(bytes, 4093, 'ids', javascript))).toBe(digest(parse(bytes, 4093, 'ids')));
  });

  it("gives the same result with a capture's declared counts allocated up front", () => {
    const trusted = { declaredCountsTrusted: true };
    expect(digest(parse(bytes.toString('utf8'), 100_003, 'full', trusted))).toBe(digest(whole));
    expect(digest(parse(bytes, 4093, 'ids', trusted))).toBe(digest(parse(bytes, 4093, 'ids')));
  });

  it('gives the same result with its columns taken from storage made ahead, fitting or not', () => {
    const counts = parse(bytes, 1 << 20);
    for (const share of [1.1, 1, 0.5]) {
      // Reserved storage is dirty (every byte written), so a column taken without clearing would show here.
      const storage = reserveColumnsAhead(
        Math.ceil(share * counts.nodeCount),
        Math.ceil(share * counts.edgeCount),
      );
      let asked = 0;
      const options = { declaredCountsTrusted: true, columnStorage: () => (asked++, storage) };
      expect(digest(parse(bytes, 65_536, 'full', options))).toBe(digest(whole));
      expect(asked).toBe(1); // once, at the header
    }
  });

  it('keeps nodes and strings but no edges in ids mode', () => {
    const ids = parse(bytes, 1 << 20, 'ids');
    expect(ids.nodeId).toEqual(whole.nodeId);
    expect(ids.edgeToNode.length).toBe(0);
    expect(ids.strings.toArray()).toEqual(whole.strings.toArray());
  });

  it('hands over the node columns as soon as the nodes section ends, before the edges are read', () => {
    const edgesAt = bytes.indexOf('"edges"');
    const seen: { nodes: NodeColumns; bytesRead: number }[] = [];
    const parser = createSnapshotParser({
      onNodes: (nodes) =>
        seen.push({
          nodes: {
            ...nodes,
            nodeType: nodes.nodeType.slice(),
            nodeName: nodes.nodeName.slice(),
            nodeId: nodes.nodeId.slice(),
            nodeSelfSize: nodes.nodeSelfSize.slice(),
          },
          bytesRead: parser.bytesRead,
        }),
    });
    for (let at = 0; at < bytes.length; at += 4093) parser.write(bytes.subarray(at, at + 4093));
    const snapshot = parser.end();
    expect(seen).toHaveLength(1);
    const { nodes, bytesRead } = seen[0]!;
    expect(nodes.nodeCount).toBe(snapshot.nodeCount);
    expect(nodes.nodeTypeNames).toEqual(snapshot.nodeTypeNames);
    expect(nodes.edgeTypeNames).toEqual(snapshot.edgeTypeNames);
    for (const column of ['nodeType', 'nodeName', 'nodeId', 'nodeSelfSize'] as const) {
      expect(nodes[column]).toEqual(snapshot[column].subarray(0, snapshot.nodeCount));
    }
    expect(bytesRead).toBeLessThan(edgesAt); // still inside the chunk that closed "nodes"
  });

  it('is complete at the closing brace and not a byte before, and stays so through trailing whitespace', () => {
    const parser = createSnapshotParser();
    parser.write(bytes.subarray(0, bytes.length - 1));
    expect(parser.complete).toBe(false);
    parser.write(bytes.subarray(bytes.length - 1));
    expect(parser.complete).toBe(true);
    parser.write(new TextEncoder().encode(' \n'));
    expect(parser.complete).toBe(true);
    expect(parser.end().nodeCount).toBeGreaterThan(0);

    const failed = createSnapshotParser();
    failed.write(bytes);
    expect(() => failed.write(new TextEncoder().encode('x'))).toThrow(SnapshotFormatError);
    expect(failed.complete).toBe(false); // a failure after the brace: not a snapshot to begin analysing
  });

  it('hands over the graph once the edges section ends, before the locations and strings, in full mode only', () => {
    const locationsAt = bytes.indexOf('"locations"');
    const seen: { graph: HeapGraph; bytesRead: number }[] = [];
    const onGraph = (graph: HeapGraph) => seen.push({ graph, bytesRead: parser.bytesRead });
    const parser = createSnapshotParser({ onGraph });
    for (let at = 0; at < bytes.length; at += 4093) parser.write(bytes.subarray(at, at + 4093));
    const snapshot = parser.end();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.bytesRead).toBeLessThan(locationsAt); // still inside the chunk that closed "edges"
    const { graph } = seen[0]!;
    // The very arrays of the snapshot, complete: the last CSR offset is already written.
    for (const key of ['nodeType', 'nodeName', 'nodeId', 'firstEdge', 'edgeType', 'edgeToNode'] as const)
      expect(graph[key]).toBe(snapshot[key]);
    expect(graph.firstEdge[graph.nodeCount]).toBe(snapshot.edgeCount);

    const idsParser = createSnapshotParser({
      mode: 'ids',
      onGraph: () => expect.fail('ids mode has no graph'),
    });
    idsParser.write(bytes);
    idsParser.end();
  });

  it('reads a Node.js heap snapshot', () => {
    const node = parse(readFileSync(fixtureSnapshot('node', 'process')), 1 << 20);
    const name = node.strings.indexOf(NODE_PROCESS_EXPECTATION.entryClassName);
    const objectType = node.nodeTypeNames.indexOf('object');
    let entries = 0;
    for (let k = 0; k < node.nodeCount; k++)
      if (node.nodeName[k] === name && node.nodeType[k] === objectType) entries++;
    expect(entries).toBe(NODE_PROCESS_EXPECTATION.entryCount);
  });
});

describe('streaming snapshot parser on hand-built input', () => {
  const small = buildSnapshotText(
    [
      { name: '', type: 'synthetic', edges: [{ to: 1, name: 'a "quoted" \\ name ☃' }] },
      { name: 'Obj\u00e9ct "x"' },
    ],
    '"scopes":[1,2,3],"unknown_section":{"x":[1,"]}"],"y":"\\"["},"samples":[],',
  );

  it('skips unknown sections and decodes escaped and non-ASCII strings at every split', () => {
    const reference = parse(small, small.length);
    expect(reference.strings.toArray()).toContain('a "quoted" \\ name ☃');
    for (let size = 1; size < 12; size++)
      expect(digest(parse(new TextEncoder().encode(small), size))).toBe(digest(reference));
  });

  it('unescapes \\u escapes as V8 writes them (surrogate pairs, lone surrogates) at every split', () => {
    const escaped = ['\\u00e9t\\u00e9', '\\ud83d\\ude00 smile', 'tab\\t\\"q\\"\\\\', '\\ud800 lone', 'plain'];
    const input = small.replace(
      /"strings":\[(.*)\]\}$/,
      (_, names) => `"strings":[${names},"${escaped.join('","')}"]}`,
    );
    const expected = JSON.parse(input).strings;
    expect(expected.slice(-4, -1)).toEqual(['\u{1F600} smile', 'tab\t"q"\\', '\ud800 lone']);
    for (let size = 1; size < 14; size++) {
      // A lone surrogate has no UTF-8 form: the table holds U+FFFD, as TextEncoder writes it.
      const strings = parse(new TextEncoder().encode(input), size).strings.toArray();
      expect(strings).toEqual(expected.map((text: string) => text.replace('\ud800', '\ufffd')));
    }
  });

  it.each([
    ['empty input', '', 'empty'],
    ['gzip data', gzipSync(Buffer.from(small)), 'compressed'],
    ['text that is not JSON', 'hello world', 'not-json'],
    ['JSON that is not a snapshot', '{"name":"leaks","version":[1,2]}', 'not-a-snapshot'],
    ['a truncated file', small.slice(0, small.length - 40), 'truncated'],
    ['a negative number', small.replace('"nodes":[9,', '"nodes":[-9,'), 'malformed'],
    ['a mutated separator', small.replace('"nodes":[9,', '"nodes":[9;'), 'malformed'],
    ['more nodes declared than present', small.replace('"node_count":2', '"node_count":3'), 'count-mismatch'],
    ['meta without node_fields', small.replace('"node_fields"', '"nodeFields"'), 'bad-meta'],
    ['a name beyond the strings', small.replace(/"strings":\[.*\]\}$/, '"strings":[""]}'), 'malformed'],
    [
      'an edge to a non-node index',
      small.replace(/"edges":\[(\d+),(\d+),6\]/, '"edges":[$1,$2,7]'),
      'malformed',
    ],
  ])('rejects %s with a typed one-line reason', (_what, input, code) => {
    const error = parseError(input);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/\(at byte \d+\)$/);
    expect(error.message).not.toContain('\n');
  });

  it('hands over no graph whose edges fall short of the declared count', () => {
    const short = small.replace('"edge_count":1', '"edge_count":2');
    const parser = createSnapshotParser({
      onGraph: () => expect.fail('an incomplete graph was handed over'),
    });
    parser.write(short);
    expect(() => parser.end()).toThrow(SnapshotFormatError);
  });

  it('refuses a declared count the input cannot hold before allocating it', () => {
    const huge = small.replace('"node_count":2', '"node_count":2000000000');
    const error = parseError(huge, { expectedBytes: huge.length });
    expect(error.code).toBe('count-mismatch');
  });
});

describe('locations', () => {
  it('come out ordered by node ordinal, equal ordinals in file order, each row kept whole', () => {
    const text = buildSnapshotText([{ name: 'root' }, { name: 'a' }, { name: 'b' }, { name: 'c' }]).replace(
      '"locations":[]',
      // object_index (node × 6 fields), script_id, line, column
      '"locations":[18,7,30,3, 6,7,10,1, 12,8,20,2, 6,9,11,4]',
    );
    const parser = createSnapshotParser();
    parser.write(text);
    const snapshot = parser.end();
    expect([...snapshot.locationNode]).toEqual([1, 1, 2, 3]);
    expect([...snapshot.locationScriptId]).toEqual([7, 9, 8, 7]);
    expect([...snapshot.locationLine]).toEqual([10, 11, 20, 30]);
    expect([...snapshot.locationColumn]).toEqual([1, 4, 2, 3]);
  });

  it('keep every row when there are more than the first storage holds, in and out of order', () => {
    const text = buildSnapshotText([{ name: 'root' }, { name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const rows = 5000; // the row storage starts at 1024 rows and doubles
    const row = (k: number) => [6 * (1 + (k % 3)), k, k + 1, k + 2];
    // 'descending': by node ordinal from the last, as V8 writes them (read back to front, not counted).
    for (const order of ['file', 'reversed', 'descending'] as const) {
      const ks = Array.from({ length: rows }, (_, k) => (order === 'file' ? k : rows - 1 - k));
      if (order === 'descending') ks.sort((a, b) => (b % 3) - (a % 3) || (a % 7) - (b % 7));
      const parser = createSnapshotParser();
      parser.write(
        text.replace('"locations":[]', `"locations":[${ks.map((k) => row(k).join(',')).join(',')}]`),
      );
      const snapshot = parser.end();
      expect(snapshot.locationNode).toHaveLength(rows);
      // By node ordinal, equal ordinals in file order.
      const expected = [1, 2, 3].flatMap((node) => ks.filter((k) => 1 + (k % 3) === node));
      expect([...snapshot.locationScriptId]).toEqual(expected);
      expect([...snapshot.locationLine]).toEqual(expected.map((k) => k + 1));
      expect([...snapshot.locationColumn]).toEqual(expected.map((k) => k + 2));
      expect([...snapshot.locationNode]).toEqual(expected.map((k) => 1 + (k % 3)));
    }
  });

  it('are sorted as their section ends, all of them again when a second "locations" section adds rows', () => {
    const base = buildSnapshotText([{ name: 'root' }, { name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const once = base.replace('"locations":[]', '"locations":[18,7,30,3, 6,7,10,1]');
    const twice = once.replace('"locations":[', '"locations":[12,8,20,2],"locations":[');
    for (const [text, nodes] of [
      [once, [1, 3]],
      [twice, [1, 2, 3]],
    ] as const) {
      const parser = createSnapshotParser();
      parser.write(text);
      expect([...parser.end().locationNode]).toEqual(nodes);
    }
    // Before the nodes (no Chromium writes that), the section is sorted at the end, with every node in.
    const section = '"locations":[18,7,30,3, 6,7,10,1]';
    const early = once.replace(`,\n${section}`, '').replace('"nodes":', `${section},\n"nodes":`);
    expect(early.indexOf(section)).toBeLessThan(early.indexOf('"nodes":'));
    expect(early.split('"locations"')).toHaveLength(2);
    const parser = createSnapshotParser();
    parser.write(early);
    expect([...parser.end().locationNode]).toEqual([1, 3]);
  });
});
