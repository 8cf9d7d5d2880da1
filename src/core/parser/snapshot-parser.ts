import type { Scratch } from '../graph/scratch.ts';
import { SnapshotFormatError } from '../errors.ts';
import type { HeapGraph, HeapSnapshot, NodeColumns, SnapshotMode } from '../snapshot.ts';
import { SnapshotColumns } from './columns.ts';
import { readLayout, type SnapshotLayout } from './header.ts';
import { describeByte, isSpace, NumberArrayReader, type NumberBatchSink } from './number-array-reader.ts';
import { createNumberScan, type NumberScan } from './number-scan.ts';
import { StringArrayReader } from './string-array-reader.ts';
import { ValueSkipper } from './value-skipper.ts';
import { sortLocations } from './locations.ts';

export type SnapshotChunk = string | Uint8Array;

export interface ParseOptions {
  /** 'full' keeps edges and locations; 'ids' keeps nodes and strings only (the baseline/target of a comparison). */
  mode?: SnapshotMode;
  /** Total input size when known (files): lets the parser allocate exactly and refuse impossible counts. */
  expectedBytes?: number;
  /**
   * The header's node and edge counts come from Chrome's own serializer (a capture streamed from the browser), so
   * the columns are allocated at those counts up front, with no input size to check them against. Otherwise, with
   * no size known, the columns start small and grow with the data: each grow allocates and copies every column of
   * its section, measured at 0.35 s of the panel's worker in the middle of a 200 MB target's stream.
   */
  declaredCountsTrusted?: boolean;
  /**
   * With trusted counts: storage made ahead for the node and edge columns (reserveColumnsAhead), asked for when the
   * header comes; the columns are taken from it where they fit, else made new.
   */
  columnStorage?: () => Scratch | undefined;
  /**
   * How the nodes, edges and locations numbers are read: 'webassembly' (the default) where it compiles, else and
   * with 'javascript' by NumberArrayReader's own loop. The same numbers and errors either way; tests run both.
   */
  numbers?: 'webassembly' | 'javascript';
  onProgress?: (bytesRead: number) => void;
  /**
   * Called once the "snapshot" header is read, with its counts (checked against expectedBytes when that is
   * given): storage for later phases can be made while the rest streams in.
   */
  onHeader?: (counts: { nodeCount: number; edgeCount: number }) => void;
  /**
   * Called once the "nodes" section is read whole (about a third into a Chromium snapshot), with the node columns:
   * work on them alone can run while the rest streams in (ordinalsSortedById, beginLeakCandidates). Not called for
   * a snapshot without nodes; the columns of a snapshot that later fails to parse are not worth anything.
   */
  onNodes?: (nodes: NodeColumns) => void;
  /**
   * Called once the "edges" section is read whole and the counts match the header (full mode), with the graph:
   * in a Chromium snapshot only the locations and the strings, about a tenth of the bytes, are still to come, and
   * work that needs no name text can run meanwhile (computeDominatorsAhead). The arrays are the final snapshot's.
   */
  onGraph?: (graph: HeapGraph) => void;
}

export interface SnapshotParser {
  write(chunk: SnapshotChunk): void;
  end(): HeapSnapshot;
  readonly bytesRead: number;
  /**
   * True once the document's closing "}" is read: every section is in, and end() needs no more bytes (what may
   * follow is whitespace). A stream can start its analysis here instead of waiting for the transport to end.
   */
  readonly complete: boolean;
}

interface SectionReader {
  consume(bytes: Uint8Array, start: number, chunkOffset: number): number;
}

type State = 'start' | 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end' | 'done';

const HEADER_LIMIT = 1 << 20;
const KEY_LIMIT = 256;

/** Skips a numbers-only array by looking for its closing bracket (ids mode: edges and locations are not needed). */
class BracketSkipper implements SectionReader {
  private opened = false;
  constructor(private readonly section: string) {}
  consume(bytes: Uint8Array, start: number, chunkOffset: number): number {
    let i = start;
    if (!this.opened) {
      while (i < bytes.length && isSpace(bytes[i])) i++;
      if (i === bytes.length) return -1;
      if (bytes[i] !== 0x5b) {
        throw new SnapshotFormatError('malformed', chunkOffset + i, `expected "[" to open "${this.section}"`);
      }
      this.opened = true;
    }
    const close = bytes.indexOf(0x5d, i);
    return close === -1 ? -1 : close + 1;
  }
}

function nodeColumnsOf(layout: SnapshotLayout, columns: SnapshotColumns): NodeColumns {
  const count = columns.nodesRead;
  return {
    nodeCount: count,
    nodeTypeNames: layout.nodeTypeNames,
    edgeTypeNames: layout.edgeTypeNames,
    nodeType: columns.nodeType.subarray(0, count),
    nodeName: columns.nodeName.subarray(0, count),
    nodeId: columns.nodeId.subarray(0, count),
    nodeSelfSize: columns.nodeSelfSize.subarray(0, count),
  };
}

function graphOf(layout: SnapshotLayout, columns: SnapshotColumns): HeapGraph {
  return {
    nodeCount: layout.nodeCount,
    edgeCount: layout.edgeCount,
    nodeTypeNames: layout.nodeTypeNames,
    edgeTypeNames: layout.edgeTypeNames,
    nodeType: columns.nodeType,
    nodeName: columns.nodeName,
    nodeId: columns.nodeId,
    nodeSelfSize: columns.nodeSelfSize,
    nodeDetachedness: columns.nodeDetachedness,
    firstEdge: columns.firstEdge,
    edgeType: columns.edgeType,
    edgeNameOrIndex: columns.edgeNameOrIndex,
    edgeToNode: columns.edgeToNode,
  };
}

/**
 * Streaming heap snapshot parser: a byte-level state machine over the top-level object that hands each section to
 * a reader writing straight into typed arrays. Accepts chunks of any size and split (strings are encoded to UTF-8
 * first), never holds the file or any section as one string, and reads every field offset from snapshot.meta.
 */
export function createSnapshotParser(options: ParseOptions = {}): SnapshotParser {
  const mode = options.mode ?? 'full';
  const encoder = new TextEncoder();
  let state: State = 'start';
  let bytesRead = 0;
  let sawFirstByte = false;
  let key: number[] = [];
  let currentKey = '';
  let reader: SectionReader | null = null;
  let header: ValueSkipper | null = null;
  let layout: SnapshotLayout | null = null;
  let columns: SnapshotColumns | null = null;
  let strings: StringArrayReader | null = null;
  let failure: SnapshotFormatError | null = null;
  /**
   * The locations, sorted as their section ends: in a Chromium snapshot the strings follow, so the sort (50 ms of
   * a 200 MB target in the panel's worker, profiled) runs while they stream in rather than after the last byte.
   * Every "locations" section's end sorts all the rows read so far, once the nodes are all in (the sort counts by
   * node ordinal); one that comes before them is left to finish.
   */
  let sortedLocations: ReturnType<typeof sortLocations> | undefined;
  let numberScan: NumberScan | undefined | null = options.numbers === 'javascript' ? undefined : null;
  const numbersOf = (section: string, sink: NumberBatchSink): NumberArrayReader => {
    if (numberScan === null) numberScan = createNumberScan();
    return new NumberArrayReader(section, sink, numberScan);
  };

  function readerFor(name: string, offset: number): SectionReader {
    if (name === 'snapshot') {
      header = new ValueSkipper('snapshot', HEADER_LIMIT);
      return header;
    }
    const known = name === 'nodes' || name === 'edges' || name === 'locations';
    if (known && !columns) {
      throw new SnapshotFormatError('not-a-snapshot', offset, `"${name}" comes before the "snapshot" header`);
    }
    if (name === 'nodes') return numbersOf('nodes', columns!.storeNodes);
    if (name === 'edges')
      return mode === 'full' ? numbersOf('edges', columns!.storeEdges) : new BracketSkipper('edges');
    if (name === 'locations') {
      return mode === 'full' && layout!.location.objectIndex >= 0
        ? numbersOf('locations', columns!.storeLocations)
        : new ValueSkipper('locations');
    }
    if (name === 'strings') {
      strings = new StringArrayReader();
      return strings;
    }
    return new ValueSkipper(name);
  }

  function finishValue(offset: number): void {
    if (reader === header && header) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(header.text());
      } catch {
        throw new SnapshotFormatError('bad-meta', offset, 'the "snapshot" header is not valid JSON');
      }
      layout = readLayout(parsed, offset);
      columns = new SnapshotColumns(layout, mode === 'full', options);
      header = null;
      options.onHeader?.({ nodeCount: layout.nodeCount, edgeCount: layout.edgeCount });
    } else if (currentKey === 'nodes' && columns) {
      options.onNodes?.(nodeColumnsOf(layout!, columns));
    } else if (currentKey === 'edges' && columns && options.onGraph && columns.graphComplete()) {
      options.onGraph(graphOf(layout!, columns));
    } else if (currentKey === 'locations' && columns && mode === 'full') {
      sortedLocations = columns.nodesRead === layout!.nodeCount ? sortLocations(columns) : undefined;
    }
    reader = null;
  }

  function fail(offset: number, reason: string, code: 'malformed' | 'not-json' = 'malformed'): never {
    throw new SnapshotFormatError(code, offset, reason);
  }

  function consume(bytes: Uint8Array): void {
    const chunkOffset = bytesRead;
    if (columns) columns.offset = chunkOffset;
    let i = 0;
    if (!sawFirstByte && bytes.length > 0) {
      sawFirstByte = true;
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        throw new SnapshotFormatError('compressed', 0, 'the file is gzip-compressed: decompress it first');
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    }
    const end = bytes.length;
    while (i < end) {
      if (state === 'value') {
        const next = reader!.consume(bytes, i, chunkOffset);
        if (next === -1) return;
        finishValue(chunkOffset + next);
        if (columns) columns.offset = chunkOffset;
        i = next;
        state = 'comma-or-end';
        continue;
      }
      const c = bytes[i];
      if (state === 'key') {
        if (c === 0x22) {
          currentKey = String.fromCharCode(...key);
          state = 'colon';
        } else if (key.length >= KEY_LIMIT) fail(chunkOffset + i, 'a top-level key is too long');
        else key.push(c);
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (state) {
        case 'start':
          if (c !== 0x7b)
            fail(chunkOffset + i, `not a heap snapshot: expected "{", found ${describeByte(c)}`, 'not-json');
          state = 'key-or-end';
          break;
        case 'key-or-end':
          if (c === 0x7d && !currentKey) state = 'done';
          else if (c === 0x22) {
            key = [];
            state = 'key';
          } else fail(chunkOffset + i, `expected a key, found ${describeByte(c)}`);
          break;
        case 'colon':
          if (c !== 0x3a) fail(chunkOffset + i, `expected ":" after "${currentKey}"`);
          reader = readerFor(currentKey, chunkOffset + i);
          state = 'value';
          break;
        case 'comma-or-end':
          if (c === 0x2c) state = 'key-or-end';
          else if (c === 0x7d) state = 'done';
          else fail(chunkOffset + i, `expected "," or "}" after "${currentKey}", found ${describeByte(c)}`);
          break;
        case 'done':
          fail(chunkOffset + i, `unexpected ${describeByte(c)} after the end of the snapshot`);
      }
      i++;
    }
  }

  function finish(): HeapSnapshot {
    if (!sawFirstByte) throw new SnapshotFormatError('empty', 0, 'the input is empty');
    if (state !== 'done') {
      const where = state === 'value' ? `inside "${currentKey}"` : 'before the closing "}"';
      if (!layout) {
        throw new SnapshotFormatError(
          'truncated',
          bytesRead,
          `input ended ${where}, before any snapshot header`,
        );
      }
      throw new SnapshotFormatError('truncated', bytesRead, `input ended ${where}: the file is truncated`);
    }
    if (!layout || !columns) {
      throw new SnapshotFormatError(
        'not-a-snapshot',
        bytesRead,
        'no "snapshot" header: this JSON is not a heap snapshot',
      );
    }
    if (!strings)
      throw new SnapshotFormatError('truncated', bytesRead, 'the snapshot has no "strings" section');
    const cols: SnapshotColumns = columns;
    const lay: SnapshotLayout = layout;
    cols.offset = bytesRead;
    cols.finishCounts();
    const stringList = (strings as StringArrayReader).table();
    if (cols.maxNodeName >= stringList.length || cols.maxEdgeName >= stringList.length) {
      throw new SnapshotFormatError(
        'malformed',
        bytesRead,
        `a name refers to string ${Math.max(cols.maxNodeName, cols.maxEdgeName)}, "strings" has ${stringList.length}`,
      );
    }
    const locations = sortedLocations ?? sortLocations(cols);
    return { mode, ...graphOf(lay, cols), strings: stringList, ...locations };
  }

  return {
    get bytesRead() {
      return bytesRead;
    },
    get complete() {
      return state === 'done' && failure === null;
    },
    write(chunk: SnapshotChunk): void {
      if (failure) throw failure;
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      try {
        consume(bytes);
      } catch (error) {
        if (error instanceof SnapshotFormatError) failure = error;
        throw error;
      }
      bytesRead += bytes.length;
      options.onProgress?.(bytesRead);
    },
    end(): HeapSnapshot {
      if (failure) throw failure;
      return finish();
    },
  };
}
