import { LOCATION_ROW, type SnapshotColumns } from './columns.ts';

/**
 * Locations sorted by node ordinal, so a closure's location is found by binary search: the rows as columns, in
 * one pass when they come in order or in reverse (V8 writes them by descending node ordinal), else through a
 * counting sort.
 */
export function sortLocations(
  columns: Pick<SnapshotColumns, 'locationRows' | 'locationCount' | 'nodesRead'>,
): {
  locationNode: Uint32Array;
  locationScriptId: Uint32Array;
  locationLine: Uint32Array;
  locationColumn: Uint32Array;
  locationScriptNode: Uint32Array;
} {
  const rows = columns.locationRows;
  const count = columns.locationCount;
  const node = new Uint32Array(count);
  const scriptId = new Uint32Array(count);
  const line = new Uint32Array(count);
  const column = new Uint32Array(count);
  const scriptNode = new Uint32Array(count);
  let ascending = true;
  let descending = true;
  for (let k = 1, at = LOCATION_ROW; k < count && (ascending || descending); k++, at += LOCATION_ROW) {
    if (rows[at - LOCATION_ROW] > rows[at]) ascending = false;
    else if (rows[at - LOCATION_ROW] < rows[at]) descending = false;
  }
  // A stable sort by node ordinal, O(locations) either way: V8's descending rows are read back to front, and
  // rows in any other order (Chromium 156 writes runs each way) go through an LSD radix sort. A comparator sort of
  // the 300k locations of a 233 MB snapshot took 120 ms, after the last byte, where the user waits; a counting
  // sort's table of one word a node (13.5 MB for 3.4 M nodes), made and first touched there, was most of the 158 ms
  // that the sort of a 200 MB target's 429k locations took in the panel's worker (profiled).
  let order: Uint32Array | undefined;
  if (!ascending && descending) {
    order = new Uint32Array(count);
    // Back to front, keeping the file's order among a node's rows, as a stable sort does.
    let k = 0;
    for (let end = count; end > 0;) {
      let start = end - 1;
      while (start > 0 && rows[(start - 1) * LOCATION_ROW] === rows[start * LOCATION_ROW]) start--;
      for (let row = start; row < end; row++) order[k++] = row;
      end = start;
    }
  } else if (!ascending) {
    order = rowsByNode(rows, count, columns.nodesRead);
  }
  for (let k = 0; k < count; k++) {
    const at = (order ? order[k] : k) * LOCATION_ROW;
    node[k] = rows[at];
    scriptId[k] = rows[at + 1];
    line[k] = rows[at + 2];
    column[k] = rows[at + 3];
    scriptNode[k] = rows[at + 4];
  }
  return {
    locationNode: node,
    locationScriptId: scriptId,
    locationLine: line,
    locationColumn: column,
    locationScriptNode: scriptNode,
  };
}

/** Bits of the node ordinal each radix pass sorts by: a 2048-word table, which stays in the first-level cache. */
const RADIX_BITS = 11;

/**
 * The row numbers in order of their node ordinal, equal ordinals in row order: a least-significant-digit radix sort
 * (each pass a stable counting sort on RADIX_BITS of the ordinal, lowest first), as many passes as the largest
 * ordinal has digits; 2 for up to 4 M nodes. It needs no table a node: Node, a 200 MB target's 429k rows, the whole
 * sortLocations on its first run in a process 39–42 → 24–27 ms, later runs 8–9 ms either way (3 processes each).
 */
function rowsByNode(rows: Uint32Array, count: number, nodeCount: number): Uint32Array {
  let keys = new Uint32Array(count);
  let order = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    keys[k] = rows[k * LOCATION_ROW];
    order[k] = k;
  }
  let nextKeys = new Uint32Array(count);
  let nextOrder = new Uint32Array(count);
  const starts = new Uint32Array(1 << RADIX_BITS);
  const digitMask = (1 << RADIX_BITS) - 1;
  const ordinalBits = 32 - Math.clz32(Math.max(1, nodeCount - 1));
  for (let shift = 0; shift < ordinalBits; shift += RADIX_BITS) {
    starts.fill(0);
    for (let k = 0; k < count; k++) starts[(keys[k] >>> shift) & digitMask]++;
    let sum = 0;
    for (let digit = 0; digit < starts.length; digit++) {
      const n = starts[digit];
      starts[digit] = sum;
      sum += n;
    }
    for (let k = 0; k < count; k++) {
      const at = starts[(keys[k] >>> shift) & digitMask]++;
      nextKeys[at] = keys[k];
      nextOrder[at] = order[k];
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}
